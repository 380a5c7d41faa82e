package org.minqing.jobs.classify;

import java.util.Arrays;

/** Open-addressing map from long keys to non-negative ints (−1 when absent); no boxing. Not thread-safe while filled. */
final class LongIntMap {
  private final long[] keys;
  private final int[] values;
  private final int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, -1);
    mask = cap - 1;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  void put(long key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("values must be ≥ 0: " + value);
    }
    int i = slot(key);
    while (values[i] >= 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
  }

  int get(long key) {
    int i = slot(key);
    while (values[i] >= 0) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return -1;
  }
}
