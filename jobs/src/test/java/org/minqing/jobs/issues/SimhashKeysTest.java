package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.minqing.jobs.SparkTestBase;

/** The SimHash lookup keys: every pair within dup_bits shares a key; pairs far apart almost never do. */
public class SimhashKeysTest extends SparkTestBase {
  /** Keys of each hash, evaluated by Spark SQL exactly as the issues stage does. */
  static List<Set<Long>> keys(List<Long> hashes, int dupBits) {
    StructType t = new StructType().add("i", DataTypes.IntegerType).add("simhash", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      rows.add(RowFactory.create(i, hashes.get(i)));
    }
    List<Set<Long>> out = new ArrayList<>();
    for (Row r : spark().createDataFrame(rows, t).select(expr("i"), expr(IssuesJob.simhashKeys(dupBits)).as("k")).orderBy("i").collectAsList()) {
      out.add(new HashSet<>(r.getList(1)));
    }
    return out;
  }

  static boolean share(Set<Long> a, Set<Long> b) {
    return a.stream().anyMatch(b::contains);
  }

  @Test
  void hashesWithinDupBitsShareAKeyAndRandomOnesDoNot() {
    Random rnd = new Random(20261122);
    for (int dupBits : new int[] {1, 3, 5}) {
      List<Long> hashes = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        long h = rnd.nextLong();
        long g = h;
        Set<Integer> flipped = new HashSet<>();
        while (flipped.size() < 1 + i % dupBits) {
          flipped.add(rnd.nextInt(64));
        }
        for (int bit : flipped) {
          g ^= 1L << bit;
        }
        hashes.add(h);
        hashes.add(g);
      }
      List<Set<Long>> k = keys(hashes, dupBits);
      int tables = k.get(0).size();
      assertEquals((dupBits + 3) * (dupBits + 2) * (dupBits + 1) / 6, tables, "one key per choice of 3 of dup_bits + 3 blocks");
      int random = 0;
      for (int i = 0; i < hashes.size(); i += 2) {
        assertTrue(share(k.get(i), k.get(i + 1)), "within " + dupBits + " bits: " + Long.toHexString(hashes.get(i)) + " / " + Long.toHexString(hashes.get(i + 1)));
        if (i + 2 < hashes.size() && share(k.get(i), k.get(i + 2))) {
          random++;
        }
      }
      assertTrue(random == 0, random + " unrelated pairs share a key at dup_bits " + dupBits);
    }
  }

  @Test
  void fourBitsApartIsNotGuaranteedButThreeIs() {
    long h = 0x0123456789abcdefL;
    // one bit flipped in each of four blocks of the 6-block layout: no 3 blocks are left equal
    long g = h ^ (1L << 0) ^ (1L << 12) ^ (1L << 33) ^ (1L << 54);
    List<Set<Long>> k = keys(List.of(h, g, h ^ (1L << 0) ^ (1L << 12) ^ (1L << 33)), 3);
    assertTrue(!share(k.get(0), k.get(1)), "4 bits in 4 blocks");
    assertTrue(share(k.get(0), k.get(2)), "3 bits");
  }
}
