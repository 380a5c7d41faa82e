package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceKeysTest {
  @Test
  void administrativeAreasAreTooCoarseToTellIssuesApart() {
    assertNull(PlaceKeys.core("A市A3区"));
    assertNull(PlaceKeys.core("城西区"));
    assertNull(PlaceKeys.core("桂花街道"));
    assertNull(PlaceKeys.core("美国"));
    assertNull(PlaceKeys.core("车贷老板跑路"));
    assertNull(PlaceKeys.core("股份有限公司"));
    assertEquals("麓谷明珠", PlaceKeys.core("麓谷明珠小区"));
    assertEquals("星沙一区", PlaceKeys.core("星沙一区"));
    assertEquals("沙田", PlaceKeys.core("沙田路"));
  }

  @Test
  void namesMatchWhenOneContainsTheOtherNotWhenTheyShareAnEnding() {
    assertTrue(PlaceKeys.overlap(PlaceKeys.fine(List.of("丽发新城")), PlaceKeys.fine(List.of("南路丽发新城"))));
    assertFalse(PlaceKeys.overlap(PlaceKeys.fine(List.of("和湖名城")), PlaceKeys.fine(List.of("香城名城"))));
    assertFalse(PlaceKeys.overlap(PlaceKeys.fine(List.of("泰岸花园")), PlaceKeys.fine(List.of("香都小区", "A市"))));
    assertEquals(List.of(), PlaceKeys.fine(List.of("A市A2区")), "an area alone names no fine place: unknown, not a conflict");
  }

  @Test
  void titlesYieldEstatesSitesAndFirmsWithoutTheVerbInFront() {
    assertEquals(List.of("锦苑小区"), PlaceKeys.inTitle("锦苑小区购房户至今没有房产证"));
    assertEquals(List.of("泰山新村"), PlaceKeys.inTitle("反映泰山新村电梯安全隐患"));
    assertTrue(PlaceKeys.inTitle("江北鑫源电子厂拖欠工资").get(0).endsWith("鑫源电子厂"));
    assertEquals(List.of(), PlaceKeys.inTitle("城西区工地夜间噪音扰民"), "an area plus a generic site is no name");
    assertEquals(List.of("船员宿舍"), PlaceKeys.inBody("来电人反映：船员宿舍对面那一段路灯坏了2个月了"));
    assertEquals(List.of(), PlaceKeys.inBody("这条路是附近居民出行的必经之路"));
  }
}
