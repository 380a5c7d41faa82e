package org.minqing.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minqing.jobs.SparkTestBase;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.ingest.Profiles;
import org.minqing.jobs.ingest.SourceProfile;
import org.minqing.nlp.ComplaintAnalyzer;

/**
 * The classifier on the real labelled 泰迪杯 messages (../shared): the cross-validated quality floor
 * CI defends, generalisation from one labelled file to the other, and reproducibility.
 */
class RealClassifierTest {
  @TempDir static Path tmp;
  static ClassifierTraining.Data full;
  static ClassifierTraining.Data textOnly;
  static ClassifierTraining.Trained trained;
  static ClassifierTraining.Trained textTrained;
  static ClassifierTraining.Trained textTrainedAgain;

  static ClassifierTraining.Data read(String profile, String file) {
    List<MinqingConfig.Source> s = List.of(new MinqingConfig.Source(profile, List.of(SparkTestBase.shared().resolve(file).toString())));
    Map<String, SourceProfile> p = new TreeMap<>(Map.of(profile, Profiles.load(profile, List.of())));
    return ClassifierTraining.read(s, p, ZoneId.of("Asia/Shanghai"), MinqingConfig.DEMO_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void train() {
    full = read("tipdm_labeled_full", "labeled_full_fields.csv");
    textOnly = read("tipdm_labeled_text", "labeled_text_only.csv");
    List<ClassifierTraining.Labelled> all = new java.util.ArrayList<>(full.examples());
    all.addAll(textOnly.examples());
    var both = new ClassifierTraining.Data(all, full.rows() + textOnly.rows(), 0, 0, 0, full.sha256() + textOnly.sha256());
    trained = ClassifierTraining.train(both, List.of("full", "text"), ComplaintAnalyzer.shared(), ClassifierTraining.Params.defaults(), 0.5);
    textTrained = ClassifierTraining.train(textOnly, List.of("text"), ComplaintAnalyzer.shared(), ClassifierTraining.Params.defaults(), 0.5);
    textTrainedAgain = ClassifierTraining.train(textOnly, List.of("text"), ComplaintAnalyzer.shared(), ClassifierTraining.Params.defaults(), 0.5);
  }

  @Test
  void everyLabelledRowIsReadOrAccountedFor() {
    assertEquals(1095, full.rows());
    assertEquals(1094, full.examples().size(), "message 37042 appears twice with two labels; the repeat is skipped");
    assertEquals(1, full.duplicates());
    assertEquals(1872, textOnly.examples().size());
  }

  @Test
  void crossValidatedMacroF1MeetsTheFloor() {
    // measured 0.911 (docs/classification.md); the floor leaves room for JVM/HanLP differences only
    ClassificationMetrics m = trained.cv();
    assertEquals(2966, m.n());
    assertTrue(m.macroF1() >= 0.90, "macro-F1 " + m.macroF1());
    for (int c = 0; c < m.classes().size(); c++) {
      assertTrue(m.f1(c) >= 0.85, m.classes().get(c) + " F1 " + m.f1(c));
    }
  }

  @Test
  void confidenceMeansSomething() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cal = (List<Map<String, Object>>) ((Map<String, Object>) trained.description().get("cross_validation")).get("calibration");
    double at5 = (double) cal.get(0).get("accuracy");
    double at9 = (double) cal.get(4).get("accuracy");
    assertTrue(at9 > at5 + 0.02, "accuracy rises with confidence: " + cal);
    assertTrue((double) cal.get(4).get("share") > 0.6, "most complaints are classified with high confidence: " + cal);
  }

  @Test
  void learnsFromOneFileAndClassifiesTheOther() {
    // train on the text-only file, score the full-field file (title and body separate): different shape, unseen messages
    var t = textTrained;
    ComplaintAnalyzer a = ComplaintAnalyzer.shared();
    List<String> truth = full.examples().stream().map(ClassifierTraining.Labelled::label).toList();
    List<String> pred = full.examples().parallelStream().map(x -> t.model().predict(x.title(), x.text(), ClassifierTraining.words(a, x.title(), x.text())).top()).toList();
    double f1 = ClassificationMetrics.of(t.model().classes(), truth, pred).macroF1();
    assertTrue(f1 >= 0.86, "macro-F1 on the other file " + f1); // measured 0.878
  }

  @Test
  void savedModelReloadsToTheSamePredictionsAndBytes() throws Exception {
    ClassifierModel m = trained.model();
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    m.write(a);
    ClassifierModel back = ClassifierModel.read(new ByteArrayInputStream(a.toByteArray()), "memory");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    back.write(b);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
    assertEquals(m.version(), back.version());
    var x = full.examples().get(0);
    List<String> words = ClassifierTraining.words(ComplaintAnalyzer.shared(), x.title(), x.text());
    assertArrayEquals(m.predict(x.title(), x.text(), words).probabilities(), back.predict(x.title(), x.text(), words).probabilities(), 1e-6);

    ClassifierStore store = new ClassifierStore(tmp.resolve("models"));
    store.save(m, trained.description(), trained.report());
    assertEquals(m.version(), store.currentVersion());
    assertTrue(Files.readString(store.dir().resolve(m.version()).resolve("model.json")).contains("\"data_sha256\""));
    assertEquals(m.vocabularySize(), store.load(null).vocabularySize());
  }

  @Test
  void sameDataSameSettingsSameModel() throws Exception {
    var again = textTrainedAgain;
    var once = textTrained;
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    again.model().write(a);
    once.model().write(b);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
    assertEquals(again.cv().macroF1(), once.cv().macroF1());
  }
}
