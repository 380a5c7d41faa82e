package org.minqing.jobs.issues;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
