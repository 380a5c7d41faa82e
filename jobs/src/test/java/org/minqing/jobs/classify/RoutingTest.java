package org.minqing.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {
  static final Routing R = Routing.parse("""
      rules:
        - name: deeds
          keywords: [房产证, 不动产权证]
          department: "{district}不动产登记中心"
        - name: night_noise
          keywords: [噪音]
          hours: "22-6"
          department: 城管局
        - name: k9_roads
          categories: [城乡建设]
          places: "^K9县"
          department: K9县住建局
        - name: building
          categories: [城乡建设]
          department: 住建局
      """, "test");

  static Routing.Complaint c(String cat, String text, String district, List<String> places, int hour) {
    return new Routing.Complaint(cat, null, text, district, null, places, hour);
  }

  @Test
  void firstMatchingRuleWinsAndIsNamed() {
    var d = R.route(c("城乡建设", "三年了还没有房产证", "城西区", List.of(), 10));
    assertEquals("城西区不动产登记中心", d.department());
    assertEquals("deeds", d.rule());
  }

  @Test
  void placeholderIsDroppedWhenThePlaceIsUnknown() {
    assertEquals("不动产登记中心", R.route(c("城乡建设", "房产证", null, List.of(), 10)).department());
  }

  @Test
  void hoursWrapOverMidnight() {
    assertEquals("night_noise", R.route(c("环境保护", "工地噪音", null, List.of(), 23)).rule());
    assertEquals("night_noise", R.route(c("环境保护", "工地噪音", null, List.of(), 2)).rule());
    assertNull(R.route(c("环境保护", "工地噪音", null, List.of(), 14)).rule(), "daytime noise matches no rule here");
    assertNull(R.route(c("环境保护", "工地噪音", null, List.of(), -1)).rule(), "unknown time never matches an hours rule");
  }

  @Test
  void placesAndCategories() {
    assertEquals("k9_roads", R.route(c("城乡建设", "道路破损", null, List.of("K9县城关镇"), 9)).rule());
    assertEquals("building", R.route(c("城乡建设", "道路破损", null, List.of("A市A2区"), 9)).rule());
    assertNull(R.route(c("教育文体", "学位", null, List.of(), 9)).department());
  }

  @Test
  void shippedRulesLoadAndRouteEveryCategory() {
    Routing d = Routing.load(null);
    for (String cat : List.of("城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生")) {
      assertTrue(d.route(c(cat, "无关键词的内容", "城东区", List.of(), 12)).department().startsWith("城东区"), cat);
    }
    assertEquals("elevator_safety", d.route(c("城乡建设", "小区电梯又坏了", null, List.of(), 12)).rule());
    // the housing fund has its own centre; 社保 stays with 人社
    assertEquals(new Routing.Decision("城东区住房公积金管理中心", "housing_provident_fund"), d.route(c("劳动和社会保障", "咨询住房公积金提取的问题", "城东区", List.of(), 12)));
    assertEquals("social_insurance", d.route(c("劳动和社会保障", "公司不给员工缴社保", "城东区", List.of(), 12)).rule());
  }

  @Test
  void badRulesSayWhatAndWhere() {
    var e = assertThrows(IllegalArgumentException.class, () -> Routing.parse("rules:\n  - name: x\n    keywords: [a]\n", "my.yaml"));
    assertTrue(e.getMessage().contains("my.yaml rules[0] (x) has no department"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Routing.parse("rules:\n  - name: x\n    hours: night\n    department: d\n", "my.yaml"));
    assertTrue(e.getMessage().contains("hours must look like"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Routing.parse("rules:\n  - name: x\n    keyword: [a]\n    department: d\n", "my.yaml"));
    assertTrue(e.getMessage().contains("unknown key 'keyword'"), e.getMessage());
  }
}
