package org.minqing.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
  @Test
  void macroF1ByHand() {
    // truth: a a a b b c ; predicted: a a b b b a
    var m = ClassificationMetrics.of(List.of("a", "b", "c"), List.of("a", "a", "a", "b", "b", "c"), List.of("a", "a", "b", "b", "b", "a"));
    assertEquals(4 / 6.0, m.accuracy(), 1e-9);
    // a: p 2/3 r 2/3 f 2/3; b: p 2/3 r 1 f 0.8; c: p 0 r 0 f 0
    assertEquals((2 / 3.0 + 0.8 + 0) / 3, m.macroF1(), 1e-9);
    assertEquals(1, m.confusion()[0][1]);
    assertEquals(1, m.confusion()[2][0]);
    assertTrue(m.markdown().contains("| a | 2 | 1 | 0 |"), m.markdown());
  }

  @Test
  void theSummaryKeepsItsKeysInOneOrder() {
    // model.json and the report are written from this map: its order must not depend on the JVM
    // (Map.of iterates in an order salted at every start)
    var m = ClassificationMetrics.of(List.of("a", "b"), List.of("a", "b"), List.of("a", "a"));
    @SuppressWarnings("unchecked")
    var per = (java.util.Map<String, java.util.Map<String, Object>>) m.describe().get("per_category");
    assertEquals(List.of("a", "b"), List.copyOf(per.keySet()));
    assertEquals(List.of("precision", "recall", "f1", "support"), List.copyOf(per.get("a").keySet()));
  }

  @Test
  void unknownTruthLabelIsAnError() {
    var e = assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(List.of("a"), List.of("z"), List.of("a")));
    assertTrue(e.getMessage().contains("'z'"));
  }
}
