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
    if (s.length() < K) {
      return hash(s, 0, s.length());
    }
    // bit-sliced counting: lane j (16 bits) of acc[i] counts the grams whose bit i + 16 j is set,
    // so one gram costs 16 additions instead of 64; lanes are emptied before they can overflow
    int grams = s.length() - K + 1;
    long[] acc = new long[16];
    int[] ones = new int[64];
    for (int i = 0, inLanes = 0; i < grams; i++) {
      long h = hash(s, i, i + K);
      for (int b = 0; b < 16; b++) {
        acc[b] += (h >>> b) & LANES;
      }
      if (++inLanes == 0xFFFF || i == grams - 1) {
        for (int b = 0; b < 16; b++) {
          for (int j = 0; j < 4; j++) {
            ones[b + 16 * j] += (int) ((acc[b] >>> (16 * j)) & 0xFFFF);
          }
          acc[b] = 0;
        }
        inLanes = 0;
      }
    }
    long out = 0;
    for (int b = 0; b < 64; b++) {
      if (2L * ones[b] > grams) { // more grams with the bit set than without
        out |= 1L << b;
      }
    }
    return out;
  }

  /** The lowest bit of each 16-bit lane. */
  private static final long LANES = 0x0001_0001_0001_0001L;

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
