package org.minqing.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearSvmTest {
  /** Three classes, each marked by its own features plus shared noise features. */
  static LinearSvm.Example[] data(int n, int[] labels, long seed) {
    Random r = new Random(seed);
    LinearSvm.Example[] x = new LinearSvm.Example[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      labels[i] = c;
      int a = c * 2;
      int noise = 6 + r.nextInt(4);
      int[] idx = {a, a + 1, noise};
      float[] val = {0.6f + r.nextFloat() * 0.2f, 0.3f + r.nextFloat() * 0.2f, 0.5f};
      x[i] = new LinearSvm.Example(idx, val);
    }
    return x;
  }

  static int predict(double[][] w, LinearSvm.Example e) {
    int best = 0;
    double bs = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < w.length; c++) {
      double s = e.dot(w[c]) + w[c][w[c].length - 1];
      if (s > bs) {
        bs = s;
        best = c;
      }
    }
    return best;
  }

  @Test
  void separatesSeparableClassesAndGeneralises() {
    int[] y = new int[300];
    LinearSvm.Example[] x = data(300, y, 1);
    double[][] w = LinearSvm.trainOvr(x, y, 3, 10, 1.0, 0.1, 0.5, 7);
    int[] yt = new int[90];
    LinearSvm.Example[] xt = data(90, yt, 2);
    for (int i = 0; i < xt.length; i++) {
      assertEquals(yt[i], predict(w, xt[i]), "example " + i);
    }
    // the class-marking features weigh positively for their class, negatively for the others
    assertTrue(w[1][2] > 0 && w[0][2] < 0 && w[2][2] < 0);
  }

  @Test
  void sameSeedSameWeights() {
    int[] y = new int[120];
    LinearSvm.Example[] x = data(120, y, 3);
    double[][] a = LinearSvm.trainOvr(x, y, 3, 10, 0.5, 0.1, 0.5, 42);
    double[][] b = LinearSvm.trainOvr(x, y, 3, 10, 0.5, 0.1, 0.5, 42);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(a[c], b[c]);
    }
  }

  @Test
  void binaryMarginsReachOneOnTrainingData() {
    // the squared-hinge optimum puts separable training examples at margin ≈ 1 or beyond
    LinearSvm.Example[] x = {new LinearSvm.Example(new int[] {0}, new float[] {1f}), new LinearSvm.Example(new int[] {1}, new float[] {1f})};
    byte[] y = {1, -1};
    double[] w = LinearSvm.trainBinary(x, y, new double[] {100, 100}, 2, 1, 1e-6, 10_000);
    assertTrue(x[0].dot(w) + w[2] > 0.95, "positive side");
    assertTrue(x[1].dot(w) + w[2] < -0.95, "negative side");
  }
}
