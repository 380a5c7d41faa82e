package org.minqing.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimHashTest {
  static final int NEAR = SimHash.NEAR;

  @Test
  void smallEditsStayNearAndWhitespaceIsIgnored() {
    String a = "A市A5区汇金路五矿万境K9县存在一系列问题，交房三年了，不动产权证还没有办下来，开发商说土地出让金没交。"
        + "我们小区业主多次到开发商和住建部门反映，开发商总是推说政府手续没有办完，住建部门又说是开发商欠缴费用。"
        + "孩子马上要上学了，没有房产证没法落户，很多老人等了多年，心里非常着急。恳请领导重视。";
    assertEquals(SimHash.of(a), SimHash.of(a.replace("，", " ，\n")));
    assertTrue(SimHash.distance(SimHash.of(a), SimHash.of(a + "请尽快解决！")) <= NEAR);
    assertTrue(SimHash.distance(SimHash.of(a), SimHash.of(a.replace("三年", "四年"))) <= NEAR);
    assertTrue(SimHash.distance(SimHash.of(a), SimHash.of("小区门口的路灯坏了两个月，晚上出行很不方便，希望尽快维修。")) > NEAR);
  }

  /** The textbook SimHash: a ±1 counter per bit for every character 4-gram (what {@link SimHash#of} computes bit-sliced). */
  static long reference(String text) {
    StringBuilder sb = new StringBuilder();
    text.chars().filter(Character::isLetterOrDigit).forEach(c -> sb.append((char) c));
    String s = sb.toString();
    if (s.isEmpty()) {
      return 0L;
    }
    int[] v = new int[64];
    for (int i = 0; i + SimHash.K <= Math.max(s.length(), SimHash.K); i++) {
      long h = SimHash.hash(s, i, Math.min(s.length(), i + SimHash.K));
      for (int b = 0; b < 64; b++) {
        v[b] += ((h >>> b) & 1L) != 0 ? 1 : -1;
      }
    }
    long out = 0;
    for (int b = 0; b < 64; b++) {
      out |= v[b] > 0 ? 1L << b : 0;
    }
    return out;
  }

  /** Same fingerprints as the textbook counting, for short texts, ordinary ones and one long enough (200,000 grams) to empty the 16-bit lanes. */
  @Test
  void bitSlicedCountingEqualsTheTextbook() {
    java.util.Random rnd = new java.util.Random(7);
    List<String> texts = new ArrayList<>(List.of("", "，。", "房", "房产", "房产证", "房产证办", "沙田路一直没有硬化"));
    for (int n : new int[] {5, 40, 300, 3_000, 200_000}) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(i % 11 == 10 ? '，' : (char) (0x4E00 + rnd.nextInt(n < 300 ? 30 : 3000)));
      }
      texts.add(sb.toString());
    }
    for (String t : texts) {
      assertEquals(reference(t), SimHash.of(t), () -> "text of " + t.length() + " chars");
    }
  }

  /**
   * 附件3's reposts (same title + detail under another id) collide, and over all pairs of 1,500
   * messages the share of pairs within NEAR bits that are not near-duplicates (character 4-gram
   * Jaccard < 0.5) stays below 1e-5.
   */
  @Test
  void repostsCollideAndUnrelatedPairsRarelyDo() throws Exception {
    List<SharedData.Message> all = SharedData.list("messages_votes_fj3.csv");
    Map<String, List<Long>> byContent = new HashMap<>();
    for (var m : all) {
      String noSpace = (m.title() + m.text()).replaceAll("\\s+", "");
      byContent.computeIfAbsent(noSpace, k -> new ArrayList<>()).add(SimHash.of(m.title() + "\n" + m.text()));
    }
    int repostRows = 0;
    for (var e : byContent.entrySet()) {
      if (e.getValue().size() > 1) {
        repostRows += e.getValue().size() - 1;
        for (long h : e.getValue()) {
          assertEquals(e.getValue().get(0), h);
        }
      }
    }
    assertEquals(58, repostRows, "附件3 has 58 rows repeating another's title+detail");

    List<SharedData.Message> sample = all.subList(0, 1500);
    long[] h = new long[sample.size()];
    for (int i = 0; i < h.length; i++) {
      h[i] = SimHash.of(sample.get(i).title() + "\n" + sample.get(i).text());
    }
    long pairs = 0;
    long[] within = new long[13];
    long[] falsePositives = new long[13];
    for (int i = 0; i < h.length; i++) {
      for (int j = i + 1; j < h.length; j++) {
        pairs++;
        int d = SimHash.distance(h[i], h[j]);
        if (d <= 12) {
          String x = sample.get(i).title() + sample.get(i).text();
          String y = sample.get(j).title() + sample.get(j).text();
          boolean near = jaccard4(x, y) >= 0.5;
          for (int t = d; t <= 12; t++) {
            within[t]++;
            if (!near) {
              falsePositives[t]++;
            }
          }
        }
      }
    }
    for (int t : new int[] {3, 6, 8, 10, 12}) {
      System.out.printf("simhash: %,d pairs; within %2d bits: %,d pairs, %,d not near-duplicates (false-positive rate %.2e)%n",
          pairs, t, within[t], falsePositives[t], (double) falsePositives[t] / pairs);
    }
    assertTrue((double) falsePositives[NEAR] / pairs < 1e-5, "false-positive rate at the chosen distance " + NEAR);
  }

  static double jaccard4(String a, String b) {
    Set<String> x = grams(a);
    Set<String> y = grams(b);
    Set<String> inter = new HashSet<>(x);
    inter.retainAll(y);
    Set<String> union = new HashSet<>(x);
    union.addAll(y);
    return union.isEmpty() ? 1 : (double) inter.size() / union.size();
  }

  private static Set<String> grams(String s) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 4 <= s.length(); i++) {
      out.add(s.substring(i, i + 4));
    }
    return out;
  }
}
