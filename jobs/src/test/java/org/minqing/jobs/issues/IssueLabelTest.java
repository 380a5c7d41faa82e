package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class IssueLabelTest {
  @Test
  void wordsThatArePartOfThePlaceNameAreLeftOut() {
    // 附件3: the segmenter splits 民政职业技术学院, whose parts then top the class-based TF-IDF
    assertEquals("职业技术学院：凌晨、施工、宿舍", IssuesJob.label("职业技术学院", List.of("职业", "学院", "技术", "凌晨", "施工", "宿舍")));
    assertEquals("涉外经济学院：实习、工厂、强制", IssuesJob.label("涉外经济学院", List.of("经济学院", "实习", "涉外", "工厂", "强制")));
  }

  @Test
  void withoutAPlaceOrWhenNothingIsLeftTheWordsStay() {
    assertEquals("新政、人才、补发", IssuesJob.label(null, List.of("新政", "人才", "补发", "购房")));
    assertEquals("丽发新城：搅拌站、搅拌、粉尘", IssuesJob.label("丽发新城", List.of("搅拌站", "搅拌", "粉尘", "噪音")));
    assertEquals("温斯顿：温斯顿", IssuesJob.label("温斯顿", List.of("温斯顿")), "better a repeated name than an empty label");
  }
}
