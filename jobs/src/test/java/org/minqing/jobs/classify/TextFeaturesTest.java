package org.minqing.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {
  @Test
  void flatRemovesWhitespaceFoldsDigitsAndLowerCases() {
    assertEquals("房产证00年未办ab", TextFeatures.flat("房产证 12年", "未办\u3000AB\n"));
    assertEquals("", TextFeatures.flat(null, null));
  }

  @Test
  void threeBlocksWithCounts() {
    Map<String, Integer> c = TextFeatures.counts("电梯故障", "电梯又坏了。", List.of("电梯", "故障", "电梯", "又", "坏", "了", "。"));
    assertEquals(2, c.get("w电梯"));
    assertFalse(c.containsKey("w。"), "punctuation is not a word feature");
    assertEquals(2, c.get("c电梯"), "character bigram counted in title and body");
    assertEquals(1, c.get("c电梯故"));
    assertTrue(c.containsKey("l坏了。"), "lead block covers the first characters");
  }

  @Test
  void leadIsTheFirstThirtyCharactersOnly() {
    String body = "甲".repeat(40) + "乙";
    Map<String, Integer> c = TextFeatures.counts(null, body, null);
    assertEquals(30, c.get("l甲"));
    assertFalse(c.containsKey("l乙"));
    assertEquals(1, c.get("c乙"));
  }
}
