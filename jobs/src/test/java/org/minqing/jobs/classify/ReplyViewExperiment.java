package org.minqing.jobs.classify;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.minqing.nlp.ComplaintAnalyzer;

/**
 * An experiment, not a test (docs/classification.md, "What was tried"): the 2,816 messages of
 * 附件4 carry the government's reply, which often names the department that answered (教育局,
 * 人社局, 生态环境局…) and restates the problem. Co-training with that second view: per fold, the
 * model trained on the training fold labels each 附件4 message from its message plus reply; the
 * confident ones (margin of the top score over the second, above a quantile) are added to the
 * training fold as message-only examples, the model is trained again and scored on the test fold.
 * Prints macro-F1 per fold seed: without, and with the pseudo-labelled messages at each quantile.
 *
 * <pre>
 * mvn -o -q -pl jobs test-compile
 * mvn -o -q -pl jobs dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp jobs/target/test-classes:jobs/target/classes:$(cat /tmp/cp.txt) \
 *   org.minqing.jobs.classify.ReplyViewExperiment config/tipdm.yaml ../shared/datasets/tipdm2020c/messages_replies_fj4.csv 20261122,7,42
 * </pre>
 */
public final class ReplyViewExperiment {
  private ReplyViewExperiment() {}

  public static void main(String[] a) throws Exception {
    ExperimentData ex = ExperimentData.load(a[0]);
    ClassifierTraining.Data data = ex.data();
    List<Map<String, Integer>> docs = ex.docs();
    List<String> labels = ex.labels();
    String[] classes = ex.classes();
    List<String> cls = ex.classList();
    ComplaintAnalyzer an = ex.analyzer();
    ClassifierTraining.Params p = ClassifierTraining.Params.defaults();
    long[] seeds = ExperimentData.seeds(a, 2);

    // 附件4: message (title, body) and reply; messages whose text is also a labelled one are left out
    Set<String> seen = new HashSet<>();
    for (ClassifierTraining.Labelled x : data.examples()) seen.add(key(x.title() + x.text()));
    List<ClassifierTraining.Labelled> msg = new ArrayList<>();
    List<ClassifierTraining.Labelled> both = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(Path.of(a[1]), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        String t = rec.get("留言主题"), b = rec.get("留言详情"), rep = rec.get("答复意见");
        if (seen.contains(key(t + b)) || seen.contains(key(b))) continue;
        msg.add(new ClassifierTraining.Labelled(rec.get("留言编号"), t, b, null));
        both.add(new ClassifierTraining.Labelled(rec.get("留言编号"), t, b + "\n" + rep, null));
      }
    }
    List<Map<String, Integer>> mdocs = ClassifierTraining.featurize(msg, an);
    List<Map<String, Integer>> bdocs = ClassifierTraining.featurize(both, an);
    System.out.printf("labelled %d, 附件4 messages not among them %d%n", docs.size(), msg.size());
    double[] quantiles = {0.0, 0.3, 0.6};
    int k = classes.length;
    int n = docs.size();
    for (long seed : seeds) {
      int[] fold = ClassifierTraining.folds(labels, p.folds(), seed);
      int[][] pred = new int[quantiles.length + 2][n]; // 0: base, 1..q: with pseudo labels, last: message view only (self-training)
      java.util.stream.IntStream.range(0, p.folds()).parallel().forEach(f -> {
        List<Map<String, Integer>> td = new ArrayList<>();
        List<Integer> ty = new ArrayList<>();
        for (int i = 0; i < n; i++) if (fold[i] != f) { td.add(docs.get(i)); ty.add(cls.indexOf(labels.get(i))); }
        double[][] w0 = ExperimentData.trainFor(td, ty, k, p, seed);
        ClassifierModel v0 = ClassifierModel.untrained(td, p.minDf());
        score(v0, w0, docs, fold, f, pred[0]);
        // pseudo labels of 附件4 from message + reply, and from the message alone
        int m = mdocs.size();
        int[] lab = new int[m], labMsg = new int[m];
        double[] margin = new double[m], marginMsg = new double[m];
        for (int j = 0; j < m; j++) {
          double[] s = ExperimentData.scoresOf(v0, w0, bdocs.get(j));
          lab[j] = ClassifierTraining.argmax(s);
          margin[j] = margin(s, lab[j]);
          double[] sm = ExperimentData.scoresOf(v0, w0, mdocs.get(j));
          labMsg[j] = ClassifierTraining.argmax(sm);
          marginMsg[j] = margin(sm, labMsg[j]);
        }
        for (int qi = 0; qi < quantiles.length + 1; qi++) {
          boolean self = qi == quantiles.length;
          double[] mg = self ? marginMsg : margin;
          int[] lb = self ? labMsg : lab;
          double[] sorted = mg.clone();
          Arrays.sort(sorted);
          double cut = sorted[(int) Math.floor((self ? 0.3 : quantiles[qi]) * (m - 1))];
          List<Map<String, Integer>> td2 = new ArrayList<>(td);
          List<Integer> ty2 = new ArrayList<>(ty);
          for (int j = 0; j < m; j++) if (mg[j] >= cut) { td2.add(mdocs.get(j)); ty2.add(lb[j]); }
          double[][] w = ExperimentData.trainFor(td2, ty2, k, p, seed);
          ClassifierModel v = ClassifierModel.untrained(td2, p.minDf());
          score(v, w, docs, fold, f, pred[qi + 1]);
        }
      });
      StringBuilder sb = new StringBuilder(String.format("seed %d: base %.4f", seed, ExperimentData.f1(pred[0], cls, labels)));
      for (int qi = 0; qi < quantiles.length; qi++) sb.append(String.format(", reply view top %.0f%% %.4f", 100 * (1 - quantiles[qi]), ExperimentData.f1(pred[qi + 1], cls, labels)));
      sb.append(String.format(", message view (self-training) top 70%% %.4f", ExperimentData.f1(pred[quantiles.length + 1], cls, labels)));
      System.out.println(sb);
    }
  }

  private static String key(String s) {
    return s.replaceAll("\\s+", "");
  }

  private static double margin(double[] s, int top) {
    double second = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < s.length; c++) if (c != top && s[c] > second) second = s[c];
    return s[top] - second;
  }

  private static void score(ClassifierModel vocab, double[][] w, List<Map<String, Integer>> docs, int[] fold, int f, int[] out) {
    for (int i = 0; i < docs.size(); i++) if (fold[i] == f) out[i] = ClassifierTraining.argmax(ExperimentData.scoresOf(vocab, w, docs.get(i)));
  }

}
