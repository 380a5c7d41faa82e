package org.minqing.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hankcs.hanlp.dictionary.CoreDictionaryTransformMatrixDictionary;
import com.hankcs.hanlp.dictionary.DynamicCustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.Viterbi.ViterbiSegment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TaggingSegment} gives HanLP's words and tags without rebuilding HanLP's shared matrix per call. */
class TaggingSegmentTest {
  private static <S extends Segment> S configured(S s, DynamicCustomDictionary dict) {
    s.enableCustomDictionary(dict);
    s.enablePartOfSpeechTagging(true);
    s.enableMultithreading(false);
    s.enableNameRecognize(false);
    s.enableTranslatedNameRecognize(false);
    s.enableJapaneseNameRecognize(false);
    s.enablePlaceRecognize(false);
    s.enableOrganizationRecognize(false);
    return s;
  }

  private static List<String> tagged(Segment s, String text) {
    List<String> out = new ArrayList<>();
    for (Term t : s.seg(text)) {
      out.add(t.word + "/" + t.nature);
    }
    return out;
  }

  @Test
  void sameWordsAndTagsAsHanlpOnRealMessages() throws Exception {
    DynamicCustomDictionary dict = new DynamicCustomDictionary();
    dict.insert("房产证", "n 2000");
    dict.insert("A3区", "ns 5000");
    Segment hanlp = configured(new ViterbiSegment(), dict);
    Segment ours = configured(new TaggingSegment(), dict);
    int texts = 0;
    int words = 0;
    for (SharedData.Message m : SharedData.list("messages_votes_fj3.csv").subList(0, 400)) {
      for (String text : new String[] {m.title(), m.text(), "", "的", "A3区房产证"}) {
        List<String> expected = tagged(hanlp, text);
        assertEquals(expected, tagged(ours, text), "message " + m.id());
        texts++;
        words += expected.size();
      }
    }
    assertTrue(texts == 2000 && words > 50_000, texts + " texts, " + words + " words compared");
  }

  @Test
  void readsTheSharedMatrixWithoutReplacingIt() {
    DynamicCustomDictionary dict = new DynamicCustomDictionary();
    Segment hanlp = configured(new ViterbiSegment(), dict);
    Segment ours = configured(new TaggingSegment(), dict);
    hanlp.seg("物业费又涨了"); // HanLP's own path extends the matrix to every nature first
    var matrix = CoreDictionaryTransformMatrixDictionary.transformMatrixDictionary;
    double[][] before = matrix.transititon_probability;
    List<String> tags = tagged(ours, "我们小区的电梯坏了三个月");
    assertSame(before, matrix.transititon_probability, "TaggingSegment must not rebuild HanLP's transition matrix");
    // Why this class exists (HanLP portable 1.8.6): its own POS pass replaces the matrix on every call.
    assertEquals(tags, tagged(hanlp, "我们小区的电梯坏了三个月"));
    assertNotSame(before, matrix.transititon_probability, "HanLP no longer rebuilds the matrix per call: TaggingSegment may be dropped");
  }

  @Test
  void aNatureTheMatrixDoesNotCoverYetFallsBackToHanlp() {
    DynamicCustomDictionary dict = new DynamicCustomDictionary();
    dict.insert("民情直通车", "minqing_test_nature 100"); // creates a nature after the matrix was last extended
    Segment ours = configured(new TaggingSegment(), dict);
    Segment hanlp = configured(new ViterbiSegment(), dict);
    List<String> tags = tagged(ours, "我在民情直通车反映了问题");
    assertTrue(tags.contains("民情直通车/minqing_test_nature"), tags.toString());
    assertEquals(tagged(hanlp, "我在民情直通车反映了问题"), tags);
  }
}
