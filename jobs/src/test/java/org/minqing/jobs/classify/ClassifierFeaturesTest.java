package org.minqing.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prediction path's features (packed grams, no strings) against the training path's (term strings). */
class ClassifierFeaturesTest {
  private static final String[] PIECES = {"房产证", "办不下来", "小区", "电梯", "故障", "物业费", "A市", "A2区", "12345", "2019年", "噪音", "扰民", "，", "。", " ", "\u3000",
    "Wi-Fi", "ABC", "😀", "𠀀", "公积金", "提取", "学校", "收费", "x", "\n", "00", "幼儿园", "垃圾", "焚烧"};

  @Test
  void packedGramsGiveExactlyTheVectorsOfTheTermStrings() {
    Random rnd = new Random(20261124);
    List<String[]> texts = new ArrayList<>();
    for (int d = 0; d < 400; d++) {
      StringBuilder title = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (int k = rnd.nextInt(4); k > 0; k--) {
        title.append(PIECES[rnd.nextInt(PIECES.length)]);
      }
      for (int k = rnd.nextInt(40); k > 0; k--) {
        body.append(PIECES[rnd.nextInt(PIECES.length)]);
      }
      texts.add(new String[] {d % 5 == 0 ? null : title.toString(), d % 7 == 0 ? "" : body.toString()});
    }
    List<Map<String, Integer>> docs = new ArrayList<>();
    List<List<String>> words = new ArrayList<>();
    for (String[] t : texts) {
      List<String> w = new ArrayList<>();
      for (String p : PIECES) {
        if (t[1] != null && t[1].contains(p)) {
          w.add(p);
        }
      }
      words.add(w);
      docs.add(TextFeatures.counts(t[0], t[1], w));
    }
    // vocabulary from the first half: the second half has grams the model never saw
    ClassifierModel m = ClassifierModel.untrained(docs.subList(0, 200), 2);
    assertTrue(m.vocabularySize() > 500, "a vocabulary of some size: " + m.vocabularySize());
    int nonEmpty = 0;
    for (int d = 0; d < texts.size(); d++) {
      LinearSvm.Example slow = m.vectorize(docs.get(d));
      LinearSvm.Example fast = m.features(texts.get(d)[0], texts.get(d)[1], words.get(d));
      assertArrayEquals(slow.index(), fast.index(), "term ids of text " + d);
      assertArrayEquals(slow.value(), fast.value(), "weights of text " + d);
      nonEmpty += slow.index().length > 0 ? 1 : 0;
    }
    assertTrue(nonEmpty > 300, "most texts have known terms: " + nonEmpty);
    assertEquals(m.vectorize(TextFeatures.counts(null, null, null)).index().length, m.features(null, null, null).index().length);
  }
}
