package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseVectorTest {
  /** Vectors over a small vocabulary with a few very common terms, some of them null. */
  private static SparseVector[] vectors(long seed, int n) {
    Random r = new Random(seed);
    SparseVector[] vs = new SparseVector[n];
    for (int i = 0; i < n; i++) {
      if (r.nextInt(7) == 0) {
        continue; // null: left out
      }
      Map<String, Double> m = new HashMap<>();
      int terms = 1 + r.nextInt(12);
      for (int t = 0; t < terms; t++) {
        String term = r.nextInt(4) == 0 ? "常见" + r.nextInt(3) : "词" + r.nextInt(60);
        m.merge(term, 0.1 + r.nextDouble(), Double::sum);
      }
      vs[i] = SparseVector.normalised(m);
    }
    return vs;
  }

  @Test
  void pairsAtLeastFindsExactlyThePairsTheAllPairsLoopFinds() {
    int checked = 0;
    for (long seed = 1; seed <= 20; seed++) {
      SparseVector[] vs = vectors(seed, 150);
      for (double min : new double[] {0.05, 0.2, 0.4, 0.9}) {
        List<double[]> expected = new ArrayList<>();
        for (int a = 0; a < vs.length; a++) {
          for (int b = a + 1; b < vs.length; b++) {
            if (vs[a] != null && vs[b] != null && vs[a].dot(vs[b]) >= min) {
              expected.add(new double[] {a, b, vs[a].dot(vs[b])});
            }
          }
        }
        List<double[]> got = SparseVector.pairsAtLeast(vs, min);
        assertEquals(expected.size(), got.size(), "seed " + seed + ", min " + min);
        for (int i = 0; i < expected.size(); i++) {
          // same pairs in the same order, and the similarity bit for bit
          assertEquals(expected.get(i)[0], got.get(i)[0]);
          assertEquals(expected.get(i)[1], got.get(i)[1]);
          assertEquals(Double.doubleToLongBits(expected.get(i)[2]), Double.doubleToLongBits(got.get(i)[2]));
        }
        checked += expected.size();
      }
    }
    assertTrue(checked > 1000, "pairs checked: " + checked);
  }

  @Test
  void pairsAtLeastKeepsAPairExactlyAtTheThresholdAndNeedsAPositiveOne() {
    SparseVector x = SparseVector.normalised(Map.of("路灯", 1.0));
    SparseVector y = SparseVector.normalised(Map.of("路灯", 1.0, "不亮", 1.0));
    double sim = x.dot(y);
    assertEquals(1, SparseVector.pairsAtLeast(new SparseVector[] {x, y}, sim).size());
    assertEquals(0, SparseVector.pairsAtLeast(new SparseVector[] {x, y}, Math.nextUp(sim)).size());
    assertEquals(0, SparseVector.pairsAtLeast(new SparseVector[] {x, null, SparseVector.normalised(Map.of("噪音", 1.0))}, 0.01).size());
    assertThrows(IllegalArgumentException.class, () -> SparseVector.pairsAtLeast(new SparseVector[] {x, y}, 0));
  }
}
