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
    assertNull(PlaceKeys.core("城市道路"));
    assertNull(PlaceKeys.core("高铁线路"));
    assertEquals("站前", PlaceKeys.core("站前路"), "前路 ends real roads: 站前路");
    assertEquals("清水", PlaceKeys.core("清水路"), "水路 too: 清水路");
    assertNull(PlaceKeys.core("武汉"), "a city without its ending is as coarse as 武汉市");
    assertNull(PlaceKeys.core("昆明"));
    assertNull(PlaceKeys.core("湖北仙桃"), "a province and a city");
    assertNull(PlaceKeys.core("广东"));
    assertEquals("中山", PlaceKeys.core("中山路"), "a road named after a city is a road");
    assertEquals("武汉", PlaceKeys.core("武汉小区"), "an estate named after a city is an estate");
    assertNull(PlaceKeys.core("担保公司"), "a kind of firm");
    assertNull(PlaceKeys.core("p2p公司"));
    assertEquals("唐大", PlaceKeys.core("唐大公司"), "a firm's name");
    // the firms every estate has, and the words before 公司 the pattern takes with it: no firm's name
    // ("维保公司很久没有来保养" made 维保 a place all elevator complaints shared)
    assertNull(PlaceKeys.core("维保公司"));
    assertNull(PlaceKeys.core("物业管理公司"));
    assertNull(PlaceKeys.core("更换物业公司"));
    assertNull(PlaceKeys.core("两家公司"));
    assertNull(PlaceKeys.core("欠自来水公司"));
    assertNull(PlaceKeys.core("二期物业公司"), "a phase of an estate and its property manager: no firm's name");
    assertEquals("移动", PlaceKeys.core("联系移动公司"), "a leading verb is dropped, the firm kept");
    assertEquals("为民", PlaceKeys.core("为民公司"), "one leading character is stripped only before a kind of firm");
    assertEquals("ABC", PlaceKeys.core("ABC公司"));
    // words of the sentence before a kind of place: "整个小区" was the place of 45 shared messages
    assertEquals("洪山", PlaceKeys.core("洪山公园"), "a park is a place (2026-11-25)");
    assertEquals("星沙文化", PlaceKeys.core("星沙文化公园"));
    assertNull(PlaceKeys.core("湿地公园"), "a kind of park names none");
    assertNull(PlaceKeys.core("国家森林公园"));
    assertNull(PlaceKeys.core("社区公园"));
    assertNull(PlaceKeys.core("小公园"));
    assertTrue(PlaceKeys.inTitle("A4区洪山公园规划了十几年了").contains("洪山公园"), PlaceKeys.inTitle("A4区洪山公园规划了十几年了").toString());
    assertTrue(PlaceKeys.inBody("附近要建一个湿地公园").isEmpty(), "bodies name parks loosely: 公园 ends no name there");
    assertEquals(2, PlaceKeys.distinctPlaces(List.of("伊景园滨河", "伊景园滨河院", "富基世纪")), "a typo of one estate is no second place");
    assertEquals(3, PlaceKeys.distinctPlaces(List.of("香城", "香都", "江湾")));
    assertNull(PlaceKeys.core("整个小区"));
    assertNull(PlaceKeys.core("人口密集小区"));
    assertNull(PlaceKeys.core("大型超市"), "what is left is a kind of place");
    assertNull(PlaceKeys.core("医院"));
    assertNull(PlaceKeys.core("高端别墅小区"), "a kind of estate");
    assertNull(PlaceKeys.core("后花园"));
    assertEquals("锦苑", PlaceKeys.core("锦苑小区"));
    assertEquals(List.of("湖名"), PlaceKeys.fine(PlaceKeys.inTitle("和湖名城房产证迟迟办不下来")), "和 is stripped as a leading word, the name stays");
    assertEquals(List.of(), PlaceKeys.fine(PlaceKeys.inTitle("涉外经济学院强制学生去工厂实习")).stream().filter(x -> x.contains("去")).toList(), "去 starts no name");
    assertEquals(List.of(), PlaceKeys.fine(PlaceKeys.inTitle("居民楼下商铺违法开饭店")), "违法开饭店 is no restaurant's name");
    assertEquals(List.of(), PlaceKeys.fine(PlaceKeys.inTitle("二期居民楼下开饭店")), "楼下开饭店 is no restaurant's name");
    // where a shop is, not its name: 临街门面烧烤 made 润芳园's barbecue stalls (A3区) the same place as 魅力之城's (A5区)
    assertEquals(List.of("溪湖看云", "师润芳"), PlaceKeys.fine(PlaceKeys.inTitle("A3区梅溪湖看云路一师润芳园小区临街门面烧烤夜宵摊")));
    assertEquals(List.of("劳动东", "魅力之"), PlaceKeys.fine(PlaceKeys.inTitle("A5区劳动东路魅力之城小区临街门面烧烤夜宵摊")));
    assertEquals(List.of(), PlaceKeys.fine(PlaceKeys.inTitle("M市火车站对面烧烤店严重影响市容市貌")));
    assertEquals(List.of("金南"), PlaceKeys.fine(PlaceKeys.inTitle("A3区金南家园二期旁边工地噪音扰民")), "二期旁边工地 is no site's name");
    assertEquals(List.of("高记烧烤"), PlaceKeys.fine(PlaceKeys.inTitle("A4区双拥路口一家高记烧烤店长期占用人行道经营")), "一家 is no part of the name");
    assertEquals(List.of("天下一家"), PlaceKeys.fine(PlaceKeys.inTitle("A5区天下一家华府一电梯未通过质检")), "but 一家 inside a name stays");
    assertEquals(List.of(), PlaceKeys.fine(PlaceKeys.inBody("搅拌站导致小区居民无法入睡，严重影响小区居民生活")));
    assertEquals(List.of("丽发"), PlaceKeys.fine(PlaceKeys.inBody("搅拌站导致丽发新城小区居民无法入睡")), "the name after the words stays (its core)");
    assertNull(PlaceKeys.core("股份有限公司"));
    assertNull(PlaceKeys.core("非本小区"), "who, not where: 转让给非本小区业主");
    assertNull(PlaceKeys.core("同一小区"));
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
    assertEquals(List.of("滨河苑"), PlaceKeys.inTitle("反对滨河苑捆绑销售车位"), "反对 is no part of the name");
    assertTrue(PlaceKeys.inTitle("江北鑫源电子厂拖欠工资").get(0).endsWith("鑫源电子厂"));
    assertEquals(List.of(), PlaceKeys.inTitle("城西区工地夜间噪音扰民"), "an area plus a generic site is no name");
    assertEquals(List.of("船员宿舍"), PlaceKeys.inBody("来电人反映：船员宿舍对面那一段路灯坏了2个月了"));
    assertEquals(List.of(), PlaceKeys.inBody("这条路是附近居民出行的必经之路"));
  }

  @Test
  void collegesKeepTheirWholeName() {
    // four characters before 学院 made every "…职业技术学院" the same place (附件3: seven colleges in one issue)
    assertEquals(List.of("科技职业技术学院", "女生宿舍"), PlaceKeys.inTitle("西地省科技职业技术学院女生宿舍，条件极差"));
    assertEquals(List.of("环境生物职业技术学院"), PlaceKeys.inTitle("西地省环境生物职业技术学院收取空调维修费200元"));
    assertEquals(List.of("民政职业技术学院"), PlaceKeys.inBody("A市民政职业技术学院凌晨施工"));
    assertEquals(List.of("卫生职业学院"), PlaceKeys.inTitle("A市卫生职业学院为何还没搬至A8县新校区"));
    assertFalse(PlaceKeys.overlap(PlaceKeys.fine(List.of("民政职业技术学院")), PlaceKeys.fine(List.of("商贸旅游职业技术学院"))));
    // a college named only by its kind names none
    assertEquals(List.of("学生宿舍"), PlaceKeys.inTitle("A市职业技术学院学生宿舍没有空调"));
    assertEquals(List.of("涉外经济学院"), PlaceKeys.inTitle("A市涉外经济学院强制学生实习"), "other colleges as before");
  }

  @Test
  void kindsOfPlacesWithoutANameAndPhrasesAroundThemAreNoNames() {
    assertEquals(List.of(), PlaceKeys.inBody("希望责令工地晚上停止施工。"), "责令工地: a verb before a site");
    assertEquals(List.of(), PlaceKeys.inBody("请劳动部门责令公司补缴。"));
    assertEquals(List.of(), PlaceKeys.inBody("附近没有公办幼儿园，私立幼儿园收费太贵。希望尽快开办公办幼儿园。"));
    assertEquals(List.of(), PlaceKeys.inBody("小区配套的幼儿园建好了3年还没有开办。"));
    assertEquals(List.of(), PlaceKeys.inBody("最近小区经常停水。每天晚上小区广场上跳广场舞。"));
    assertEquals(List.of(), PlaceKeys.inBody("垃圾中转站就在小区门口，夏天臭味熏天。"));
    assertEquals(List.of(), PlaceKeys.inTitle("龙泉街道公办幼儿园太少"), "a township's kindergartens: no one place");
    assertEquals(List.of("三之三幼儿园"), PlaceKeys.inTitle("三之三幼儿园为何没有改为普惠性幼儿园"), "普惠性幼儿园 is a kind of kindergarten");
    assertEquals(List.of(), PlaceKeys.inTitle("投诉出租车拒载绕路"));
    assertEquals(List.of(), PlaceKeys.inTitle("想买套公寓能享受人才购房补贴吗"));
    assertEquals(List.of(), PlaceKeys.fine(PlaceKeys.inTitle("泥土掉得满路都是")));
    assertEquals(List.of(), PlaceKeys.fine(PlaceKeys.inTitle("投诉物业公司乱收费")));
    // a firm that is a kind (the water company), told between two verbs: every pressure complaint says it
    assertEquals(List.of(), PlaceKeys.inBody("物业说是供水公司的事，供水公司说是物业的事"));
    // names stay whole, with what is written before them removed
    assertEquals(List.of("雅景公寓"), PlaceKeys.inTitle("雅景公寓配套幼儿园迟迟不开办"));
    assertEquals(List.of("香城名城"), PlaceKeys.inTitle("反映香城名城房产证办不下来"));
    assertEquals(List.of("香都小区"), PlaceKeys.inBody("我们香都小区电梯经常坏"));
    assertEquals(List.of("春晖幼儿园"), PlaceKeys.inBody("希望责令春晖幼儿园退还费用"));
  }
}
