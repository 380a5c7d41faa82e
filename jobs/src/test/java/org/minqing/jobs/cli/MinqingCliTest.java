package org.minqing.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: exit codes and one-line reasons. Failures here happen before Spark starts. */
class MinqingCliTest {
  @TempDir Path tmp;

  private record Out(int code, String out, String err) {}

  private static Out run(String... args) {
    PrintStream o = System.out;
    PrintStream e = System.err;
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    ByteArrayOutputStream be = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(be, true, StandardCharsets.UTF_8));
      int code = Minqing.execute(args);
      return new Out(code, bo.toString(StandardCharsets.UTF_8), be.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  @Test
  void wrongProfileForAFileFailsWithExitTwoNamingExpectedAndFoundColumns() throws Exception {
    Path f = tmp.resolve("export.csv");
    Files.writeString(f, "编号,内容\n1,路灯坏了\n");
    Path cfg = tmp.resolve("c.yaml");
    Files.writeString(cfg, "lake: lake\nsources:\n  - profile: tipdm_fj3\n    paths: [export.csv]\n");
    Out r = run("--config", cfg.toString(), "ingest");
    assertEquals(2, r.code(), r.err());
    String line = r.err().strip();
    assertEquals(1, line.lines().count(), "one line: " + line);
    assertTrue(line.contains("missing column(s) [留言编号, 留言用户, 留言主题, 留言详情, 留言时间, 点赞数, 反对数]"), line);
    assertTrue(line.contains("the file has [编号, 内容]"), line);
  }

  @Test
  void jsonLinesWithoutTheProfilesKeysFailBeforeSparkStarts() throws Exception {
    Files.writeString(tmp.resolve("msgs.jsonl"), "{\"id\": \"1\", \"body\": \"路灯坏了\"}\n");
    Path cfg = tmp.resolve("c.yaml");
    Files.writeString(cfg, "lake: lake\nsources:\n  - profile: demo_wechat\n    paths: [msgs.jsonl]\n");
    Out r = run("--config", cfg.toString(), "ingest");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("missing key(s) [content, msg_id, sent_at]") && r.err().contains("the first JSON object has [id, body]"), r.err());
  }

  @Test
  void noMatchingFilesIsAUsageError() throws Exception {
    Path cfg = tmp.resolve("c.yaml");
    Files.writeString(cfg, "sources:\n  - profile: demo_web\n    paths: [nothing/*.csv]\n");
    Out r = run("--config", cfg.toString(), "ingest");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no file matches"), r.err());
  }

  @Test
  void unknownConfigKeyIsNamed() throws Exception {
    Path cfg = tmp.resolve("c.yaml");
    Files.writeString(cfg, "laek: x\n");
    Out r = run("--config", cfg.toString(), "config");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown key 'laek'"), r.err());
  }

  @Test
  void overridesWinOverTheFile() throws Exception {
    Path cfg = tmp.resolve("c.yaml");
    Files.writeString(cfg, "ingest: {repeat_window_days: 30}\nrun_date: 2026-01-01\n");
    Out r = run("--config", cfg.toString(), "--set", "ingest.repeat_window_days=7", "--date", "2026-02-03", "config");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("ingest.repeat_window_days") && r.out().matches("(?s).*repeat_window_days\\s+7\\b.*"), r.out());
    assertTrue(r.out().matches("(?s).*run_date\\s+2026-02-03.*"), r.out());
  }

  @Test
  void profilesListsTheShippedOnes() {
    Out r = run("profiles");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("tipdm_fj3") && r.out().contains("demo_wechat"), r.out());
  }

  @Test
  void everyCommandHasHelp() {
    for (String c : new String[] {"demo", "nightly", "ingest", "tokenize", "generate-demo", "profiles", "config"}) {
      Out r = run(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().contains("Usage: minqing " + c), r.out());
    }
  }

  @Test
  void badUsageExitsTwo() {
    assertEquals(2, run("no-such-command").code());
  }

  @Test
  void generateDemoWritesTheExports() {
    Out r = run("generate-demo", "--out", tmp.resolve("g").toString(), "--rows", "500", "--days", "40");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(tmp.resolve("g/hotline/12345_export_part0001.csv")));
    assertTrue(Files.exists(tmp.resolve("g/ground_truth.csv")));
  }

  @Test
  void trainThenEvaluateOnAnotherLabelledFileWithAFloor() throws Exception {
    Path data = org.minqing.jobs.SparkTestBase.shared();
    Path lake = tmp.resolve("lake");
    Out t = run("--lake", lake.toString(), "train-classifier", "--source", "tipdm_labeled_text=" + data.resolve("labeled_text_only.csv"), "--min-macro-f1", "0.88",
        "--report", tmp.resolve("cv.md").toString());
    assertEquals(0, t.code(), t.out() + t.err());
    assertTrue(t.out().contains("5-fold stratified cross-validation") && t.out().contains("(CURRENT)"), t.out());
    String version = Files.readString(lake.resolve("_models/classifier/CURRENT")).strip();
    assertTrue(version.matches("cls-[0-9a-f]{10}"), version);
    assertTrue(Files.readString(tmp.resolve("cv.md")).contains("| 劳动和社会保障 |"));

    Path preds = tmp.resolve("preds.csv");
    Out e = run("--lake", lake.toString(), "evaluate-classifier", "--source", "tipdm_labeled_full=" + data.resolve("labeled_full_fields.csv"), "--min-macro-f1", "0.86",
        "--predictions", preds.toString());
    assertEquals(0, e.code(), e.out() + e.err());
    assertTrue(e.out().contains("# Evaluation of " + version) && e.out().contains("1,094 labelled complaints"), e.out());
    assertEquals(1095, Files.readAllLines(preds).size(), "header + one row per complaint");

    Out strict = run("--lake", lake.toString(), "evaluate-classifier", "--source", "tipdm_labeled_full=" + data.resolve("labeled_full_fields.csv"), "--min-macro-f1", "0.99");
    assertEquals(1, strict.code(), "a floor the model misses fails the command");
    assertTrue(strict.out().contains("is below the floor 0.9900"), strict.out());
  }

  @Test
  void trainingWithoutLabelsSaysHowToGiveThem() throws Exception {
    Out r = run("--lake", tmp.resolve("lake").toString(), "train-classifier", "--source", "tipdm_fj3=x.csv");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("maps no label column"), r.err());
  }
}
