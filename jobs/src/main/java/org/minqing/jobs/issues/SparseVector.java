package org.minqing.jobs.issues;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A sparse term vector: terms sorted, weights aligned. Immutable; cosine by a merge of the two term lists. */
public record SparseVector(String[] terms, float[] weights) implements Serializable {
  public static final SparseVector EMPTY = new SparseVector(new String[0], new float[0]);

  /** From term → weight (any order), scaled to unit length; zero weights dropped. */
  public static SparseVector normalised(Map<String, Double> m) {
    TreeMap<String, Double> t = new TreeMap<>();
    double norm = 0;
    for (var e : m.entrySet()) {
      if (e.getValue() > 0) {
        t.put(e.getKey(), e.getValue());
        norm += e.getValue() * e.getValue();
      }
    }
    norm = Math.sqrt(norm);
    String[] terms = new String[t.size()];
    float[] w = new float[t.size()];
    int i = 0;
    for (var e : t.entrySet()) {
      terms[i] = e.getKey();
      w[i++] = (float) (e.getValue() / norm);
    }
    return new SparseVector(terms, w);
  }

  public int size() {
    return terms.length;
  }

  public double dot(SparseVector o) {
    double s = 0;
    int i = 0;
    int j = 0;
    while (i < terms.length && j < o.terms.length) {
      int c = terms[i].compareTo(o.terms[j]);
      if (c == 0) {
        s += (double) weights[i++] * o.weights[j++];
      } else if (c < 0) {
        i++;
      } else {
        j++;
      }
    }
    return s;
  }

  /**
   * The pairs (a, b), a &lt; b, of {@code vs} (those not null) whose cosine is at least {@code min} &gt; 0,
   * in (a, b) order, each with its {@link #dot} — the same as comparing every pair, without
   * comparing every pair: an inverted index over the terms sums each pair's products over the terms
   * it shares (pairs sharing none have cosine 0), and only the pairs whose sum reaches {@code min}
   * less a rounding margin are compared with {@link #dot}, whose value (and thus every threshold
   * decision) is the one the all-pairs loop would see. Cost: the index's postings squared instead
   * of n² merges of term lists.
   */
  public static List<double[]> pairsAtLeast(SparseVector[] vs, double min) {
    if (!(min > 0)) {
      throw new IllegalArgumentException("min must be > 0, got " + min);
    }
    int n = vs.length;
    Map<String, Integer> termIds = new HashMap<>();
    List<int[]> postItems = new ArrayList<>();
    List<float[]> postWeights = new ArrayList<>();
    int[] postSize = new int[16];
    int[][] ids = new int[n][]; // each vector's term ids, looked up once
    // postings in increasing item order (items are added in order)
    for (int i = 0; i < n; i++) {
      if (vs[i] == null) {
        continue;
      }
      ids[i] = new int[vs[i].terms.length];
      for (int t = 0; t < vs[i].terms.length; t++) {
        int id = termIds.computeIfAbsent(vs[i].terms[t], x -> termIds.size());
        ids[i][t] = id;
        if (id == postItems.size()) {
          postItems.add(new int[4]);
          postWeights.add(new float[4]);
          if (id == postSize.length) {
            postSize = Arrays.copyOf(postSize, 2 * id);
          }
        }
        int len = postSize[id];
        if (len == postItems.get(id).length) {
          postItems.set(id, Arrays.copyOf(postItems.get(id), 2 * len));
          postWeights.set(id, Arrays.copyOf(postWeights.get(id), 2 * len));
        }
        postItems.get(id)[len] = i;
        postWeights.get(id)[len] = vs[i].weights[t];
        postSize[id] = len + 1;
      }
    }
    double[] acc = new double[n];
    boolean[] seen = new boolean[n];
    int[] touched = new int[n];
    double screen = min - 1e-9;
    List<double[]> out = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      if (vs[a] == null) {
        continue;
      }
      int nt = 0;
      for (int t = 0; t < vs[a].terms.length; t++) {
        int id = ids[a][t];
        int[] items = postItems.get(id);
        float[] w = postWeights.get(id);
        double wa = vs[a].weights[t];
        for (int k = postSize[id] - 1; k >= 0 && items[k] > a; k--) {
          int b = items[k];
          if (!seen[b]) {
            seen[b] = true;
            touched[nt++] = b;
          }
          acc[b] += wa * w[k];
        }
      }
      Arrays.sort(touched, 0, nt);
      for (int k = 0; k < nt; k++) {
        int b = touched[k];
        if (acc[b] >= screen) {
          double d = vs[a].dot(vs[b]);
          if (d >= min) {
            out.add(new double[] {a, b, d});
          }
        }
        acc[b] = 0;
        seen[b] = false;
      }
    }
    return out;
  }

  /** Adds {@code scale × this} into {@code acc}. */
  public void addTo(Map<String, Double> acc, double scale) {
    for (int i = 0; i < terms.length; i++) {
      acc.merge(terms[i], scale * weights[i], Double::sum);
    }
  }

  /** The {@code k} terms of highest weight, ties by term. */
  public List<String> top(int k) {
    Integer[] idx = new Integer[terms.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -weights[i]).thenComparing(i -> terms[i]));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, idx.length); i++) {
      out.add(terms[idx[i]]);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector v && Arrays.equals(terms, v.terms) && Arrays.equals(weights, v.weights);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(terms) + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < terms.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(terms[i]).append('=').append(String.format("%.3f", weights[i]));
    }
    return sb.append('}').toString();
  }
}
