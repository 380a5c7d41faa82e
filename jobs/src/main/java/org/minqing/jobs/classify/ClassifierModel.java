package org.minqing.jobs.classify;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A trained 一级分类 model: the vocabulary with its IDF, one weight vector per category, and the
 * softmax temperature that turns SVM scores into confidences (fitted on cross-validation scores so
 * that a confidence of 0.8 is right about 80% of the time). Immutable and serialisable: the classify
 * stage broadcasts it once to the executors.
 */
public final class ClassifierModel implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x4d51434c; // "MQCL"
  private static final int FORMAT = 1;

  private final String version;
  private final String[] classes;
  private final String[] terms; // sorted
  private final float[] idf;
  private final float[][] weights; // [class][term], last = bias
  private final double temperature;
  private transient volatile Map<String, Integer> index; // built lazily; volatile: tasks of one executor share the model
  private transient volatile LongIntMap gramIndex;

  ClassifierModel(String version, String[] classes, String[] terms, float[] idf, float[][] weights, double temperature) {
    this.version = version;
    this.classes = classes;
    this.terms = terms;
    this.idf = idf;
    this.weights = weights;
    this.temperature = temperature;
  }

  public String version() {
    return version;
  }

  public List<String> classes() {
    return List.of(classes);
  }

  public int vocabularySize() {
    return terms.length;
  }

  public double temperature() {
    return temperature;
  }

  ClassifierModel withVersion(String v) {
    return new ClassifierModel(v, classes, terms, idf, weights, temperature);
  }

  ClassifierModel withTemperature(double t) {
    return new ClassifierModel(version, classes, terms, idf, weights, t);
  }

  /** Categories by descending probability, with their probabilities. */
  public record Prediction(String[] categories, double[] probabilities) {
    public String top() {
      return categories[0];
    }

    public double confidence() {
      return probabilities[0];
    }
  }

  public Prediction predict(String title, String text, List<String> words) {
    return fromScores(scores(features(title, text, words)));
  }

  /**
   * The same vector as {@code vectorize(TextFeatures.counts(title, text, words))}, without building
   * a string per character gram: each gram is packed into a long ({@link TextFeatures#gramCode})
   * and looked up in a primitive map of the vocabulary's grams; the term ids found are sorted and
   * counted. In a 100 k profile 60% of the classify stage was in prediction, most of it building those
   * strings and hashing them.
   */
  LinearSvm.Example features(String title, String text, List<String> words) {
    Map<String, Integer> index = index();
    LongIntMap grams = gramIndex();
    String f = TextFeatures.flat(title, text);
    int[] ids = new int[(words == null ? 0 : words.size()) + 6 * f.length()];
    int n = 0;
    if (words != null) {
      for (String w : words) {
        if (w != null && TextFeatures.isContent(w)) {
          Integer i = index.get(TextFeatures.WORD + w.toLowerCase(java.util.Locale.ROOT));
          if (i != null) {
            ids[n++] = i;
          }
        }
      }
    }
    n = gramIds(f, f.length(), TextFeatures.CHAR, grams, ids, n);
    n = gramIds(f, Math.min(TextFeatures.LEAD, f.length()), TextFeatures.LEAD_BLOCK, grams, ids, n);
    Arrays.sort(ids, 0, n);
    int distinct = 0;
    int[] term = new int[n];
    int[] tf = new int[n];
    for (int k = 0; k < n; k++) {
      if (distinct > 0 && term[distinct - 1] == ids[k]) {
        tf[distinct - 1]++;
      } else {
        term[distinct] = ids[k];
        tf[distinct++] = 1;
      }
    }
    return weigh(term, tf, distinct, terms, idf);
  }

  private static int gramIds(String s, int end, char block, LongIntMap grams, int[] ids, int n) {
    for (int i = 0; i < end; i++) {
      for (int len = 1; len <= 3 && i + len <= end; len++) {
        int id = grams.get(TextFeatures.gramCode(block, s, i, len));
        if (id >= 0) {
          ids[n++] = id;
        }
      }
    }
    return n;
  }

  private LongIntMap gramIndex() {
    LongIntMap m = gramIndex;
    if (m == null) {
      m = new LongIntMap(terms.length);
      for (int i = 0; i < terms.length; i++) {
        String t = terms[i];
        if ((t.charAt(0) == TextFeatures.CHAR || t.charAt(0) == TextFeatures.LEAD_BLOCK) && t.length() >= 2 && t.length() <= 4) {
          m.put(TextFeatures.gramCode(t.charAt(0), t, 1, t.length() - 1), i);
        }
      }
      gramIndex = m;
    }
    return m;
  }

  Prediction fromScores(double[] s) {
    double[] p = softmax(s, temperature);
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
    String[] cats = new String[p.length];
    double[] probs = new double[p.length];
    for (int i = 0; i < order.length; i++) {
      cats[i] = classes[order[i]];
      probs[i] = p[order[i]];
    }
    return new Prediction(cats, probs);
  }

  static double[] softmax(double[] s, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    double[] p = new double[s.length];
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      p[i] = Math.exp((s[i] - max) / t);
      sum += p[i];
    }
    for (int i = 0; i < s.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  double[] scores(LinearSvm.Example x) {
    double[] s = new double[classes.length];
    int dims = terms.length;
    for (int c = 0; c < classes.length; c++) {
      float[] w = weights[c];
      double v = w[dims];
      for (int i = 0; i < x.index().length; i++) {
        v += w[x.index()[i]] * x.value()[i];
      }
      s[c] = v;
    }
    return s;
  }

  LinearSvm.Example vectorize(Map<String, Integer> counts) {
    return vectorize(counts, index(), idf, terms);
  }

  private Map<String, Integer> index() {
    Map<String, Integer> m = index;
    if (m == null) {
      m = new HashMap<>(terms.length * 2);
      for (int i = 0; i < terms.length; i++) {
        m.put(terms[i], i);
      }
      index = m;
    }
    return m;
  }

  /**
   * TF-IDF with sublinear tf (1 + ln tf) and smooth idf (ln((1 + N) / (1 + df)) + 1), each block
   * (words, characters, lead) L2-normalised on its own so that no block dominates by its length.
   */
  static LinearSvm.Example vectorize(Map<String, Integer> counts, Map<String, Integer> index, float[] idf, String[] terms) {
    long[] packed = new long[counts.size()]; // term index << 32 | term frequency
    int n = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      Integer i = index.get(e.getKey());
      if (i != null) {
        packed[n++] = ((long) i << 32) | e.getValue();
      }
    }
    Arrays.sort(packed, 0, n);
    int[] term = new int[n];
    int[] tf = new int[n];
    for (int k = 0; k < n; k++) {
      term[k] = (int) (packed[k] >>> 32);
      tf[k] = (int) packed[k];
    }
    return weigh(term, tf, n, terms, idf);
  }

  /**
   * The vector of terms {@code term[0..n)} (ascending ids) with their frequencies; the block of a
   * term is its first character, and each block's squared norm is summed in term order.
   */
  static LinearSvm.Example weigh(int[] term, int[] tf, int n, String[] terms, float[] idf) {
    float[] raw = new float[n];
    double[] norm = new double[128];
    for (int k = 0; k < n; k++) {
      int i = term[k];
      float x = (float) ((1 + Math.log(tf[k])) * idf[i]);
      raw[k] = x;
      norm[terms[i].charAt(0) & 127] += (double) x * x;
    }
    int[] idx = new int[n];
    float[] val = new float[n];
    for (int k = 0; k < n; k++) {
      idx[k] = term[k];
      double norm2 = Math.sqrt(norm[terms[term[k]].charAt(0) & 127]);
      val[k] = norm2 > 0 ? (float) (raw[k] / norm2) : raw[k];
    }
    return new LinearSvm.Example(idx, val);
  }

  /** Vocabulary of the training documents: terms in at least {@code minDf} of them, sorted; and their idf. */
  static ClassifierModel untrained(List<Map<String, Integer>> docs, int minDf) {
    Map<String, Integer> df = new HashMap<>();
    for (Map<String, Integer> d : docs) {
      for (String t : d.keySet()) {
        df.merge(t, 1, Integer::sum);
      }
    }
    List<String> kept = new ArrayList<>();
    for (Map.Entry<String, Integer> e : df.entrySet()) {
      if (e.getValue() >= minDf) {
        kept.add(e.getKey());
      }
    }
    String[] terms = kept.toArray(new String[0]);
    Arrays.sort(terms);
    float[] idf = new float[terms.length];
    int n = docs.size();
    for (int i = 0; i < terms.length; i++) {
      idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df.get(terms[i]))) + 1);
    }
    return new ClassifierModel(null, null, terms, idf, null, 1);
  }

  ClassifierModel withWeights(String[] cls, double[][] w) {
    float[][] f = new float[w.length][];
    for (int c = 0; c < w.length; c++) {
      f[c] = new float[w[c].length];
      for (int i = 0; i < w[c].length; i++) {
        f[c][i] = (float) w[c][i];
      }
    }
    return new ClassifierModel(version, cls, terms, idf, f, temperature);
  }

  /** The terms with the largest weights for a category: what the model looks at. */
  public List<String> topTerms(String category, int n) {
    int c = Arrays.asList(classes).indexOf(category);
    Integer[] order = new Integer[terms.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    float[] w = weights[c];
    Arrays.sort(order, (a, b) -> w[a] != w[b] ? Float.compare(w[b], w[a]) : Integer.compare(a, b));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, order.length); i++) {
      out.add(terms[order[i]]);
    }
    return out;
  }

  // ------------------------------------------------------------------ persistence

  public void write(OutputStream out) throws IOException {
    try (DataOutputStream d = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(out) {
      {
        def.setLevel(6);
      }
    }))) {
      d.writeInt(MAGIC);
      d.writeInt(FORMAT);
      d.writeUTF(version);
      d.writeDouble(temperature);
      d.writeInt(classes.length);
      for (String c : classes) {
        d.writeUTF(c);
      }
      d.writeInt(terms.length);
      for (int i = 0; i < terms.length; i++) {
        d.writeUTF(terms[i]);
        d.writeFloat(idf[i]);
      }
      for (float[] w : weights) {
        for (float x : w) {
          d.writeFloat(x);
        }
      }
    }
  }

  public static ClassifierModel read(InputStream in, String where) throws IOException {
    try (DataInputStream d = new DataInputStream(new BufferedInputStream(new GZIPInputStream(in)))) {
      if (d.readInt() != MAGIC) {
        throw new IOException(where + " is not a Minqing classifier model");
      }
      int format = d.readInt();
      if (format != FORMAT) {
        throw new IOException(where + " has model format " + format + "; this Minqing reads format " + FORMAT + ": retrain with `minqing train-classifier`");
      }
      String version = d.readUTF();
      double t = d.readDouble();
      String[] classes = new String[d.readInt()];
      for (int i = 0; i < classes.length; i++) {
        classes[i] = d.readUTF();
      }
      int v = d.readInt();
      String[] terms = new String[v];
      float[] idf = new float[v];
      for (int i = 0; i < v; i++) {
        terms[i] = d.readUTF();
        idf[i] = d.readFloat();
      }
      float[][] w = new float[classes.length][v + 1];
      for (float[] row : w) {
        for (int i = 0; i <= v; i++) {
          row[i] = d.readFloat();
        }
      }
      return new ClassifierModel(version, classes, terms, idf, w, t);
    }
  }
}
