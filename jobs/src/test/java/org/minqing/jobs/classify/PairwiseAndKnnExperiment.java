package org.minqing.jobs.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An experiment, not a test (docs/classification.md, "What was tried"): the chosen one-vs-rest
 * NB-SVM against one-vs-one NB-SVMs (votes, summed scores, the pairwise model deciding between
 * the one-vs-rest top two or top three) and against one-vs-rest plus a 10-nearest-neighbour vote
 * (cosine on the same vectors, added with weight beta), on the same features and the same
 * stratified folds. Prints macro-F1 per fold seed.
 *
 * <pre>
 * mvn -o -q -pl jobs test-compile
 * mvn -o -q -pl jobs dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp jobs/target/test-classes:jobs/target/classes:$(cat /tmp/cp.txt) \
 *   org.minqing.jobs.classify.PairwiseAndKnnExperiment config/tipdm.yaml 20261122,7,42 0.5
 * </pre>
 * Arguments: the config (its classify.training sources), fold seeds (comma-separated), the NB mix of
 * the pairwise models.
 */
public final class PairwiseAndKnnExperiment {
  private PairwiseAndKnnExperiment() {}

  public static void main(String[] a) throws Exception {
    ExperimentData ex = ExperimentData.load(a[0]);
    List<Map<String, Integer>> docs = ex.docs();
    List<String> labels = ex.labels();
    String[] classes = ex.classes();
    List<String> cls = ex.classList();
    ClassifierTraining.Params p = ClassifierTraining.Params.defaults();
    long[] seeds = ExperimentData.seeds(a, 1);
    final double pairMix = a.length > 2 ? Double.parseDouble(a[2]) : p.nbMix();
    for (long seed : seeds) {
      int[] fold = ClassifierTraining.folds(labels, p.folds(), seed);
      int k = classes.length;
      int n = docs.size();
      double[][] ovr = new double[n][];
      double[][][] pair = new double[n][][]; // [i][a][b] score of a over b
      double[][] knn = new double[n][]; // [i][c] summed similarity of the 10 nearest of category c
      java.util.stream.IntStream.range(0, p.folds()).parallel().forEach(f -> {
        List<Map<String, Integer>> td = new ArrayList<>();
        List<Integer> ty = new ArrayList<>();
        for (int i = 0; i < n; i++) if (fold[i] != f) { td.add(docs.get(i)); ty.add(cls.indexOf(labels.get(i))); }
        ClassifierModel vocab = ClassifierModel.untrained(td, p.minDf());
        LinearSvm.Example[] x = new LinearSvm.Example[td.size()];
        int[] y = new int[td.size()];
        for (int i = 0; i < x.length; i++) { x[i] = vocab.vectorize(td.get(i)); y[i] = ty.get(i); }
        int dims = vocab.vocabularySize();
        double[][] w = LinearSvm.trainOvr(x, y, k, dims, p.c(), p.nbAlpha(), p.nbMix(), seed);
        double[][][] wp = new double[k][k][];
        for (int c1 = 0; c1 < k; c1++) for (int c2 = c1 + 1; c2 < k; c2++) {
          List<Integer> idx = new ArrayList<>();
          for (int i = 0; i < x.length; i++) if (y[i] == c1 || y[i] == c2) idx.add(i);
          LinearSvm.Example[] xs = new LinearSvm.Example[idx.size()];
          int[] ys = new int[idx.size()];
          for (int j = 0; j < xs.length; j++) { xs[j] = x[idx.get(j)]; ys[j] = y[idx.get(j)] == c1 ? 0 : 1; }
          double[][] ww = LinearSvm.trainOvr(xs, ys, 2, dims, p.c(), p.nbAlpha(), pairMix, seed);
          wp[c1][c2] = ww[0];
        }
        for (int i = 0; i < n; i++) if (fold[i] == f) {
          LinearSvm.Example e = vocab.vectorize(docs.get(i));
          double[] s = new double[k];
          for (int c = 0; c < k; c++) s[c] = w[c][dims] + e.dot(w[c]);
          ovr[i] = s;
          double[][] ps = new double[k][k];
          for (int c1 = 0; c1 < k; c1++) for (int c2 = c1 + 1; c2 < k; c2++) { double v = wp[c1][c2][dims] + e.dot(wp[c1][c2]); ps[c1][c2] = v; ps[c2][c1] = -v; }
          pair[i] = ps;
          double[] kn = new double[k];
          double[] sims = new double[x.length];
          for (int j = 0; j < x.length; j++) sims[j] = cos(e, x[j]);
          Integer[] o = new Integer[x.length];
          for (int j = 0; j < o.length; j++) o[j] = j;
          Arrays.sort(o, (u, v) -> sims[v] != sims[u] ? Double.compare(sims[v], sims[u]) : Integer.compare(u, v));
          for (int j = 0; j < 10; j++) kn[y[o[j]]] += sims[o[j]];
          knn[i] = kn;
        }
      });
      int[] pOvr = new int[n], pVote = new int[n], pSum = new int[n], pTie = new int[n], pTie3 = new int[n];
      for (int i = 0; i < n; i++) {
        pOvr[i] = ClassifierTraining.argmax(ovr[i]);
        double[] votes = new double[k];
        double[] sums = new double[k];
        for (int c1 = 0; c1 < k; c1++) for (int c2 = 0; c2 < k; c2++) if (c1 != c2) { votes[c1] += pair[i][c1][c2] > 0 ? 1 : 0; sums[c1] += pair[i][c1][c2]; }
        for (int c = 0; c < k; c++) votes[c] += 1e-3 * sums[c];
        pVote[i] = ClassifierTraining.argmax(votes);
        pSum[i] = ClassifierTraining.argmax(sums);
        Integer[] ord = new Integer[k];
        for (int c = 0; c < k; c++) ord[c] = c;
        final double[] s = ovr[i];
        Arrays.sort(ord, (u, v) -> Double.compare(s[v], s[u]));
        pTie[i] = pair[i][ord[0]][ord[1]] >= 0 ? ord[0] : ord[1];
        // top-3 round robin
        double[] v3 = new double[k];
        for (int u = 0; u < 3; u++) for (int v = 0; v < 3; v++) if (u != v) v3[ord[u]] += pair[i][ord[u]][ord[v]];
        int b = ord[0];
        for (int u = 1; u < 3; u++) if (v3[ord[u]] > v3[b]) b = ord[u];
        pTie3[i] = b;
      }
      for (double beta : new double[] {0.1, 0.2, 0.4, 0.8}) {
        int[] pk = new int[n];
        for (int i = 0; i < n; i++) {
          double[] s = ovr[i].clone();
          double tot = 0; for (double v : knn[i]) tot += v;
          for (int c = 0; c < k; c++) s[c] += beta * (tot == 0 ? 0 : knn[i][c] / tot);
          pk[i] = ClassifierTraining.argmax(s);
        }
        int[] pk0 = new int[n];
        for (int i = 0; i < n; i++) pk0[i] = ClassifierTraining.argmax(knn[i]);
        System.out.printf("  knn alone %.4f, ovr+%.1f*knn %.4f%n", ExperimentData.f1(pk0, cls, labels), beta, ExperimentData.f1(pk, cls, labels));
      }
      System.out.printf("seed %d pairMix %.2f: ovr %.4f vote %.4f sum %.4f tie2 %.4f tie3 %.4f%n", seed, pairMix, ExperimentData.f1(pOvr, cls, labels), ExperimentData.f1(pVote, cls, labels), ExperimentData.f1(pSum, cls, labels), ExperimentData.f1(pTie, cls, labels), ExperimentData.f1(pTie3, cls, labels));
    }
  }

  static double cos(LinearSvm.Example a, LinearSvm.Example b) {
    int i = 0, j = 0; double s = 0;
    while (i < a.index().length && j < b.index().length) {
      int u = a.index()[i], v = b.index()[j];
      if (u == v) { s += a.value()[i] * b.value()[j]; i++; j++; } else if (u < v) i++; else j++;
    }
    return s / Math.sqrt(a.squaredNorm() * b.squaredNorm() + 1e-12);
  }

}
