package org.minqing.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.datasets.demo.DemoGenerator;

class DemoGeneratorTest {
  @TempDir Path tmp;

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
  }

  @Test
  void committedDemoIsExactlyWhatTheGeneratorWrites() throws IOException {
    Path committed = Path.of("demo").toAbsolutePath();
    DemoGenerator.generate(DemoGenerator.Options.demo(), tmp.resolve("d"));
    assertEquals(files(committed), files(tmp.resolve("d")), "regenerate with: java -cp datasets/target/classes org.minqing.datasets.demo.DemoGenerator datasets/demo");
    for (Path f : files(committed)) {
      assertArrayEquals(Files.readAllBytes(committed.resolve(f)), Files.readAllBytes(tmp.resolve("d").resolve(f)), f.toString());
    }
  }

  @Test
  void differentSeedGivesDifferentData() throws IOException {
    DemoGenerator.generate(DemoGenerator.Options.demo().withRows(400), tmp.resolve("a"));
    DemoGenerator.generate(DemoGenerator.Options.demo().withRows(400).withSeed(7), tmp.resolve("b"));
    assertTrue(!java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a/web/portal_part0001.csv")), Files.readAllBytes(tmp.resolve("b/web/portal_part0001.csv"))));
  }

  @Test
  void plantedPatternSpansManyEstatesWithVariedWording() throws IOException {
    Path d = tmp.resolve("d");
    DemoGenerator.Result r = DemoGenerator.generate(DemoGenerator.Options.demo(), d);
    List<String> truth = Files.readAllLines(d.resolve("ground_truth.csv"));
    Set<String> deedEstates = new HashSet<>();
    Map<String, Integer> perIssue = new HashMap<>();
    for (String line : truth.subList(1, truth.size())) {
      String[] f = line.split(",");
      perIssue.merge(f[1], 1, Integer::sum);
      if (f[2].equals("deed_backlog")) {
        deedEstates.add(f[7]);
      }
    }
    assertEquals(15, deedEstates.size(), "the deed pattern is planted at 15 estates");
    assertEquals(29, perIssue.size(), "15 deed + 8 elevator estates + 6 local issues");
    assertTrue(perIssue.values().stream().allMatch(n -> n >= 3));
    // Text varies: the deed complaints of the web export are not one template.
    String web = Files.readString(d.resolve("web/portal_part0001.csv"));
    Set<String> deedBodies = new HashSet<>();
    for (String line : web.split("\r\n")) {
      if (line.contains("房产证") || line.contains("不动产权证") || line.contains("产权证") || line.contains("房本")) {
        deedBodies.add(line.replaceAll("^[^,]*,[^,]*,", ""));
      }
    }
    assertTrue(deedBodies.size() > 30, "distinct deed complaints on the web: " + deedBodies.size());
    assertTrue(r.repeats() > 0);
  }

  @Test
  void hotlineExportIsGbkAndWebHasABom() throws IOException {
    Path d = tmp.resolve("d");
    DemoGenerator.generate(DemoGenerator.Options.demo().withRows(300), d);
    byte[] hot = Files.readAllBytes(d.resolve("hotline/12345_export_part0001.csv"));
    assertTrue(new String(hot, Charset.forName("GBK")).startsWith("工单编号,来电号码"));
    byte[] web = Files.readAllBytes(d.resolve("web/portal_part0001.csv"));
    assertEquals((byte) 0xEF, web[0]);
  }

  @Test
  void scalesByRowsPerFile() throws IOException {
    Path d = tmp.resolve("d");
    DemoGenerator.Result r = DemoGenerator.generate(new DemoGenerator.Options(1, 5000, java.time.LocalDate.of(2026, 1, 1), 60, 1000, false), d);
    assertTrue(Files.exists(d.resolve("hotline/12345_export_part0002.csv")));
    long total = r.rowsPerFile().entrySet().stream().filter(e -> !e.getKey().startsWith("events")).mapToLong(Map.Entry::getValue).sum();
    assertEquals(r.complaints() + r.supersededRows(), total, "no bad rows when disabled");
    assertTrue(r.badRowsPerFile().isEmpty());
  }
}
