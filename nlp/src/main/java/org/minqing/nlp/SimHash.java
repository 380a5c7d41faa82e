package org.minqing.nlp;

/**
 * 64-bit SimHash over character 4-grams of the text's letters, digits and Han characters
 * (punctuation and whitespace ignored), so re-posts and lightly edited copies land within a few
 * bits of each other without comparing pairs. Independent of segmentation. Stateless.
 */
public final class SimHash {
  static final int K = 4;

  /**
   * Bits two fingerprints may differ by and still count as near-duplicates. Chosen by measurement
   * on 附件3 (see SimHashTest and docs/measurements.md), not the textbook 3: on texts of a few
   * hundred characters one edited character moves about 6 bits.
   */
  public static final int NEAR = 8;

  private SimHash() {}

  public static long of(String text) {
    if (text == null) {
      return 0L;
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        sb.append(c);
      }
    }
    String s = sb.toString();
    if (s.isEmpty()) {
      return 0L;
    }
    int[] v = new int[64];
    if (s.length() < K) {
      add(v, hash(s, 0, s.length()));
    } else {
      for (int i = 0; i + K <= s.length(); i++) {
        add(v, hash(s, i, i + K));
      }
    }
    long out = 0;
    for (int b = 0; b < 64; b++) {
      if (v[b] > 0) {
        out |= 1L << b;
      }
    }
    return out;
  }

  private static void add(int[] v, long h) {
    for (int b = 0; b < 64; b++) {
      v[b] += ((h >>> b) & 1L) != 0 ? 1 : -1;
    }
  }

  /** FNV-1a 64 over the chars, then a murmur finaliser for good bit mixing. */
  static long hash(String s, int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }
}
