package org.minqing.jobs.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Accuracy, macro-F1, per-category precision / recall / F1 and the confusion matrix of predictions. */
public record ClassificationMetrics(List<String> classes, int[][] confusion, int n) {

  public static ClassificationMetrics of(List<String> classes, List<String> truth, List<String> predicted) {
    int k = classes.size();
    int[][] m = new int[k][k];
    int n = 0;
    for (int i = 0; i < truth.size(); i++) {
      int t = classes.indexOf(truth.get(i));
      int p = classes.indexOf(predicted.get(i));
      if (t < 0) {
        throw new IllegalArgumentException("Label '" + truth.get(i) + "' is not a category of the model " + classes);
      }
      m[t][p]++;
      n++;
    }
    return new ClassificationMetrics(List.copyOf(classes), m, n);
  }

  public double accuracy() {
    int ok = 0;
    for (int i = 0; i < confusion.length; i++) {
      ok += confusion[i][i];
    }
    return n == 0 ? 0 : ok / (double) n;
  }

  public int support(int c) {
    int s = 0;
    for (int x : confusion[c]) {
      s += x;
    }
    return s;
  }

  public double precision(int c) {
    int col = 0;
    for (int[] row : confusion) {
      col += row[c];
    }
    return col == 0 ? 0 : confusion[c][c] / (double) col;
  }

  public double recall(int c) {
    int s = support(c);
    return s == 0 ? 0 : confusion[c][c] / (double) s;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Mean F1 over the categories present in the truth (as scikit-learn's {@code average='macro'} on them). */
  public double macroF1() {
    double s = 0;
    int k = 0;
    for (int c = 0; c < classes.size(); c++) {
      if (support(c) > 0) {
        s += f1(c);
        k++;
      }
    }
    return k == 0 ? 0 : s / k;
  }

  /** JSON-ready summary. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("accuracy", round(accuracy()));
    out.put("macro_f1", round(macroF1()));
    Map<String, Object> per = new LinkedHashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      // a LinkedHashMap, not Map.of: Map.of iterates in an order salted per JVM, so model.json and
      // the report would differ from run to run
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("precision", round(precision(c)));
      m.put("recall", round(recall(c)));
      m.put("f1", round(f1(c)));
      m.put("support", support(c));
      per.put(classes.get(c), m);
    }
    out.put("per_category", per);
    List<List<Integer>> cm = new ArrayList<>();
    for (int[] row : confusion) {
      List<Integer> r = new ArrayList<>();
      for (int x : row) {
        r.add(x);
      }
      cm.add(r);
    }
    out.put("confusion", cm);
    return out;
  }

  static double round(double x) {
    return Math.round(x * 10000) / 10000.0;
  }

  /** Markdown: per-category table, then the confusion matrix (rows = true, columns = predicted). */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "macro-F1 **%.4f**, accuracy %.4f, n = %,d%n%n", macroF1(), accuracy(), n));
    sb.append("| category | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
    for (int c = 0; c < classes.size(); c++) {
      sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d |%n", classes.get(c), precision(c), recall(c), f1(c), support(c)));
    }
    sb.append("\nConfusion matrix (rows: true category, columns: predicted):\n\n| true \\ predicted |");
    for (String c : classes) {
      sb.append(' ').append(c).append(" |");
    }
    sb.append("\n|---|");
    sb.append("---:|".repeat(classes.size()));
    sb.append('\n');
    for (int r = 0; r < classes.size(); r++) {
      sb.append("| ").append(classes.get(r)).append(" |");
      for (int c = 0; c < classes.size(); c++) {
        sb.append(' ').append(confusion[r][c]).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
