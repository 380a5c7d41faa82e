package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class IssueLabelTest {
  @Test
  void wordsThatArePartOfThePlaceNameAreLeftOut() {
    // 附件3: the segmenter splits 民政职业技术学院, whose parts then top the class-based TF-IDF
    assertEquals("职业技术学院：凌晨、施工、宿舍", IssuesJob.label("职业技术学院", List.of("职业", "学院", "技术", "凌晨", "施工", "宿舍"), List.of()));
    assertEquals("涉外经济学院：实习、工厂、强制", IssuesJob.label("涉外经济学院", List.of("经济学院", "实习", "涉外", "工厂", "强制"), List.of()));
  }

  @Test
  void wordsThatArePartOfAnotherOfTheIssuesPlacesAreLeftOut() {
    // 附件3: 劳动 of 劳动东路 topped the words of the 魅力之城小区 barbecue issue
    assertEquals("魅力之城小区：烧烤、临街、油烟",
        IssuesJob.label("魅力之城小区", List.of("烧烤", "劳动", "临街", "油烟"), List.of("魅力之城小区", "劳动东路", "万科魅力之城")));
    assertEquals("油烟、烧烤、临街", IssuesJob.label(null, List.of("劳动", "油烟", "烧烤", "临街"), List.of("劳动东路")));
  }

  @Test
  void threeWordsSayThreeThings() {
    // the demo: 拖欠工资 then 工资; 附件3 patterns: 夜间施工 then 施工, 捆绑销售 then 捆绑
    assertEquals("顺发家政公司：拖欠工资、员工、缴纳", IssuesJob.label("顺发家政公司", List.of("拖欠工资", "员工", "工资", "缴纳"), List.of()));
    assertEquals(List.of("夜间施工", "工地", "扰民"), IssuesJob.labelWords(List.of("夜间施工", "工地", "施工", "扰民"), 3));
    assertEquals(List.of("新政", "人才", "人才购房补贴"), IssuesJob.labelWords(List.of("新政", "人才", "人才购房补贴", "研究生"), 3), "a word holding an earlier one says more: it stays");
    assertEquals(List.of("车贷"), IssuesJob.labelWords(List.of("车贷"), 3));
  }

  @Test
  void withoutAPlaceOrWhenNothingIsLeftTheWordsStay() {
    assertEquals("新政、人才、补发", IssuesJob.label(null, List.of("新政", "人才", "补发", "购房"), List.of()));
    assertEquals("丽发新城：搅拌站、粉尘、噪音", IssuesJob.label("丽发新城", List.of("搅拌站", "搅拌", "粉尘", "噪音"), List.of()));
    assertEquals("温斯顿：温斯顿", IssuesJob.label("温斯顿", List.of("温斯顿"), List.of()), "better a repeated name than an empty label");
  }

  @Test
  void anIssueShowsDifferentPlacesNotSpellingsOfOne() {
    // 附件3, the places of three hot issues as their complaints name them, most named first
    assertEquals(List.of("伊景园滨河苑", "武广新城"), IssuesJob.shownPlaces(List.of("伊景园滨河苑", "景园滨河苑", "武广新城", "滨河苑"), 5));
    assertEquals(List.of("魅力之城小区", "劳动东路"), IssuesJob.shownPlaces(List.of("魅力之城小区", "东路魅力之城", "劳动东路", "魅力之城", "万科魅力之城"), 5));
    assertEquals(List.of("丽发新城", "搅拌厂", "丽南路"), IssuesJob.shownPlaces(List.of("丽发新城", "搅拌厂", "丽发小区", "丽南路", "旁建搅拌厂"), 5));
    // different places stay, at most as many as asked, administrative areas never
    assertEquals(List.of("东六路", "北斗路"), IssuesJob.shownPlaces(List.of("东六路", "星沙东六路", "A7县", "北斗路", "南山路"), 2));
  }
}
