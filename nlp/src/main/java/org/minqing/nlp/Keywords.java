package org.minqing.nlp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * TF-IDF keywords of one complaint, the same scoring the {@code tokenize} stage computes in Spark:
 * tf × ln((N+1)/(df+1)), tf counting title features twice; ties by first position, then by word.
 * For notebooks and tests; stateless.
 */
public final class Keywords {
  private Keywords() {}

  public static List<String> top(List<String> features, List<String> titleFeatures, ToLongFunction<String> df, long docs, int k) {
    Map<String, int[]> tf = new HashMap<>(); // word -> {count, first position}
    int pos = 0;
    for (List<String> l : List.of(features, titleFeatures)) {
      for (String w : l) {
        int[] c = tf.get(w);
        if (c == null) {
          tf.put(w, new int[] {1, pos});
        } else {
          c[0]++;
        }
        pos++;
      }
    }
    List<Map.Entry<String, int[]>> e = new ArrayList<>(tf.entrySet());
    double[] score = new double[e.size()];
    Map<String, Double> scores = new HashMap<>();
    for (int i = 0; i < e.size(); i++) {
      score[i] = e.get(i).getValue()[0] * Math.log((docs + 1.0) / (df.applyAsLong(e.get(i).getKey()) + 1.0));
      scores.put(e.get(i).getKey(), score[i]);
    }
    e.sort((a, b) -> {
      int c = Double.compare(scores.get(b.getKey()), scores.get(a.getKey()));
      if (c != 0) {
        return c;
      }
      c = Integer.compare(a.getValue()[1], b.getValue()[1]);
      return c != 0 ? c : a.getKey().compareTo(b.getKey());
    });
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, e.size()); i++) {
      out.add(e.get(i).getKey());
    }
    return out;
  }
}
