package org.minqing.jobs.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An experiment, not a test (docs/classification.md, "What was tried"): training without the
 * examples whose label looks wrong (confident learning, Northcutt et al. 2021, in its simplest
 * form). Per outer fold, an inner 5-fold cross-validation over the training fold scores every
 * training example out of fold; those whose own label's score falls below the top score by more
 * than a margin are left out, the model is trained on the rest and scored on the outer test fold
 * (whose labels are all kept). Prints macro-F1 per fold seed: without, and at each margin.
 *
 * <pre>
 * mvn -o -q -pl jobs test-compile
 * mvn -o -q -pl jobs dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp jobs/target/test-classes:jobs/target/classes:$(cat /tmp/cp.txt) \
 *   org.minqing.jobs.classify.CleanLabelsExperiment config/tipdm.yaml 20261122,7,42
 * </pre>
 */
public final class CleanLabelsExperiment {
  private CleanLabelsExperiment() {}

  public static void main(String[] a) throws Exception {
    ExperimentData ex = ExperimentData.load(a[0]);
    List<Map<String, Integer>> docs = ex.docs();
    List<String> labels = ex.labels();
    String[] classes = ex.classes();
    List<String> cls = ex.classList();
    ClassifierTraining.Params p = ClassifierTraining.Params.defaults();
    long[] seeds = ExperimentData.seeds(a, 1);
    double[] margins = {0.0, 0.5, 1.0};
    int k = classes.length;
    int n = docs.size();
    for (long seed : seeds) {
      int[] fold = ClassifierTraining.folds(labels, p.folds(), seed);
      int[][] pred = new int[margins.length + 1][n];
      int[][] dropped = new int[margins.length][p.folds()];
      java.util.stream.IntStream.range(0, p.folds()).forEach(f -> {
        List<Map<String, Integer>> td = new ArrayList<>();
        List<Integer> ty = new ArrayList<>();
        List<String> tl = new ArrayList<>();
        for (int i = 0; i < n; i++) if (fold[i] != f) { td.add(docs.get(i)); ty.add(cls.indexOf(labels.get(i))); tl.add(labels.get(i)); }
        double[][] w0 = ExperimentData.trainFor(td, ty, k, p, seed);
        ClassifierModel v0 = ClassifierModel.untrained(td, p.minDf());
        score(v0, w0, docs, fold, f, pred[0]);
        // inner out-of-fold scores of the training fold
        int m = td.size();
        int[] inner = ClassifierTraining.folds(tl, p.folds(), seed + 1);
        double[] gap = new double[m];
        java.util.stream.IntStream.range(0, p.folds()).parallel().forEach(g -> {
          List<Map<String, Integer>> id = new ArrayList<>();
          List<Integer> iy = new ArrayList<>();
          for (int j = 0; j < m; j++) if (inner[j] != g) { id.add(td.get(j)); iy.add(ty.get(j)); }
          double[][] wi = ExperimentData.trainFor(id, iy, k, p, seed);
          ClassifierModel vi = ClassifierModel.untrained(id, p.minDf());
          for (int j = 0; j < m; j++) if (inner[j] == g) {
            double[] s = ExperimentData.scoresOf(vi, wi, td.get(j));
            double top = Arrays.stream(s).max().getAsDouble();
            gap[j] = top - s[ty.get(j)];
          }
        });
        for (int mi = 0; mi < margins.length; mi++) {
          List<Map<String, Integer>> td2 = new ArrayList<>();
          List<Integer> ty2 = new ArrayList<>();
          for (int j = 0; j < m; j++) if (gap[j] <= margins[mi]) { td2.add(td.get(j)); ty2.add(ty.get(j)); } else dropped[mi][f]++;
          double[][] w = ExperimentData.trainFor(td2, ty2, k, p, seed);
          ClassifierModel v = ClassifierModel.untrained(td2, p.minDf());
          score(v, w, docs, fold, f, pred[mi + 1]);
        }
      });
      StringBuilder sb = new StringBuilder(String.format("seed %d: base %.4f", seed, ExperimentData.f1(pred[0], cls, labels)));
      for (int mi = 0; mi < margins.length; mi++) {
        sb.append(String.format(", without label gap > %.1f (%d left out per fold on average) %.4f", margins[mi], Arrays.stream(dropped[mi]).sum() / p.folds(), ExperimentData.f1(pred[mi + 1], cls, labels)));
      }
      System.out.println(sb);
    }
  }

  private static void score(ClassifierModel vocab, double[][] w, List<Map<String, Integer>> docs, int[] fold, int f, int[] out) {
    for (int i = 0; i < docs.size(); i++) if (fold[i] == f) out[i] = ClassifierTraining.argmax(ExperimentData.scoresOf(vocab, w, docs.get(i)));
  }
}
