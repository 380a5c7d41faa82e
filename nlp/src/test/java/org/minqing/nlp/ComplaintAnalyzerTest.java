package org.minqing.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplaintAnalyzerTest {
  private final ComplaintAnalyzer a = ComplaintAnalyzer.shared();

  private List<String> words(String s) {
    return a.segment(s).stream().map(Token::word).toList();
  }

  @Test
  void domainTermsStayWholeEvenWhereHanLpWouldSplitThem() {
    assertTrue(words("请制止广华大厦的违建行为").contains("违建"));
    assertTrue(words("芒果都市小区成立业委会").contains("业委会"));
    assertTrue(words("烂尾7年还未交房").contains("交房"));
    assertTrue(words("开发商擅自关停电梯").contains("电梯"), "停电 must not be forced through 电梯");
    assertTrue(words("夜间渣土车长时间扰民").contains("渣土车"));
    for (String t : List.of("房产证", "不动产权证", "集资房", "人才购房补贴", "维修基金", "僵尸车", "占道经营", "12345", "网格员")) {
      assertTrue(words("关于" + t + "的问题").contains(t), t);
    }
  }

  @Test
  void anonymisedPlaceCodesAreOneTokenAndAPlace() {
    var r = a.analyze("A市A5区汇金路五矿万境K9县存在问题", "西地省K8县丁字镇沙田村的村民反映");
    assertTrue(r.tokens().containsAll(List.of(new Token("A市", "ns"), new Token("A5区", "ns"), new Token("K9县", "ns"))), r.tokens().toString());
    assertTrue(words("A8县市夏铎铺亮之星米业").contains("A8县"), "a code is not swallowed by 县市");
    assertTrue(r.places().containsAll(List.of("A市A5区", "西地省K8县", "丁字镇", "沙田村")), r.places().toString());
  }

  @Test
  void wordsEndingIn路ThatAreNoRoadAreNoPlaceAndStayInTheWhat() {
    var r = a.analyze("A市绿地海外滩小区会饱受噪音困扰", "按照当前的高铁规划线路，高铁线路距小区太近，城市道路也是泥巴路");
    assertTrue(r.places().stream().noneMatch(p -> p.endsWith("线路") || p.endsWith("道路") || p.endsWith("泥巴路")), r.places().toString());
    assertTrue(r.maskedFeatures().contains("高铁"), "高铁 is what the complaint is about, not part of a place: " + r.maskedFeatures());
    assertTrue(a.analyze("横跨清水路的天桥", "").places().contains("清水路"), "清水路 is a road");
  }

  @Test
  void theCopula系Or属BeforeAPlaceIsNoPartOfIt() {
    // the hotline operators' template: "该市民系东门街道居民" (系 = is); 系东门街道 was a place of its own
    assertEquals(List.of("东门街道"), a.analyze("", "来电人称，该市民系东门街道居民，电梯年检过期了还在运行").places());
    assertEquals(List.of("泰安社区"), a.analyze("", "我们小区属泰安社区管辖").places());
  }

  @Test
  void oneLittleWordBeforeAKindOfPlaceIsNoName() {
    // 附件3: "该饭店厨房窗户是朝小区里面的，一直打开，朝小区里排油烟" (朝 = towards); 本小区 = this estate
    assertTrue(a.analyze("", "该饭店厨房窗户是朝小区里面的，一直打开，朝小区里排油烟").places().isEmpty(), "朝小区 is no place");
    assertTrue(a.analyze("本小区停车难", "本小区业主反映车位不够").places().isEmpty(), "本小区 is no place");
    // a one-character village before 新村, and a brand-like ending, stay names
    assertTrue(a.analyze("", "B7县界首镇大新村15组请求硬化道路").places().stream().anyMatch(p -> p.endsWith("大新村")), "大新村 is a village");
  }

  @Test
  void aNumberedLineAndThePrepositionBeforeAPlaceAreNoPartOfIt() {
    // 线人民东路 and 以和美小区 were shown as places of 附件3's issues and patterns
    assertEquals(List.of("A市", "人民东路"), a.analyze("A市地铁1号线人民东路站施工扰民", "").places());
    assertEquals(List.of("和美小区"), a.analyze("", "请以和美小区为例").places());
    assertEquals(List.of("金线街"), a.analyze("", "金线街的路灯坏了").places(), "a 线 that counts no line stays in the name");
  }

  @Test
  void wordsTaggedAsPlacesThatAreNoneAndParks() {
    // HanLP tags 惠民 (惠民县), 工薪阶层 and directions as place names
    assertEquals(List.of(), a.analyze("", "这是一项惠民政策，作为工薪阶层的我们很支持").places());
    assertEquals(List.of(), a.analyze("", "地铁站西北方向的出口").places());
    assertEquals(List.of("惠民路"), a.analyze("", "停止惠民路的经营").places(), "as part of a name it stays");
    // 公园 ends a place name
    assertEquals(List.of("A4区", "洪山公园"), a.analyze("A4区洪山公园何时开工建设？", "").places());
    assertEquals(List.of(), a.analyze("", "该公园很好").places(), "one little word before it is no name");
  }

  @Test
  void aSurnameAndHomeNameIsWhole() {
    // HanLP tags the 家 of 丁家岭 as a measure word; the name was cut to 岭小区
    assertEquals(List.of("丁家岭小区"), a.analyze("", "大家好，丁家岭小区的路灯坏了").places());
    assertTrue(a.analyze("举报A市A3区柏家塘小区私营", "").places().contains("柏家塘小区"));
    assertTrue(a.analyze("万家丽路噪音扰民", "").places().stream().anyMatch(p -> p.startsWith("万家丽")), "万家丽路 is one road");
  }

  @Test
  void aCodeInsideAnEstatesNameIsPartOfTheEstate() {
    // the anonymiser replaced the county-like part of estate names: 五矿万境K9县 is an estate (7 complaints in 附件3)
    assertEquals(List.of("A市A5区", "汇金路", "五矿万境K9县"), a.analyze("A市A5区汇金路五矿万境K9县存在一系列问题", "").places());
    assertEquals(List.of("A市", "五矿万境K9县"), a.analyze("A市五矿万境K9县房子的墙壁又开裂了", "").places());
    assertEquals(List.of("A7县", "星沙K9县"), a.analyze("为什么不依法拘留A7县星沙K9县郡的恶人", "").places());
    // after a verb, a preposition, a zone or a place code the code is a county or district alone
    assertEquals(List.of("K7县"), a.analyze("带领K7县人民致富", "").places());
    assertEquals(List.of("J9县"), a.analyze("按照要求在J9县城及乡镇", "").places());
    assertEquals(List.of("A市", "高新区", "B4区"), a.analyze("A市高新区B4区的人防车位可以购买吗", "").places());
    assertEquals(List.of("西地省K8县"), a.analyze("西地省K8县的村民", "").places());
  }

  @Test
  void estateNamesAreJoinedFromTheirPieces() {
    assertTrue(a.analyze("请求解决君都雅居房产证问题", "").places().contains("君都雅居"));
    assertTrue(a.analyze("", "位于桂花坪街道的景蓉华苑出现乱象").places().containsAll(List.of("桂花坪街道", "景蓉华苑")));
    assertEquals(List.of("沙田路", "金湖花园"), a.analyze("", "我住在沙田路附近，去年到金湖花园看房").places());
    // 伊/b 景/ng 园/ng 滨河/n 苑/ng: a fourth word before an estate ending (附件3's most reported estate)
    assertEquals(List.of("伊景园滨河苑"), a.analyze("投诉伊景园滨河苑捆绑销售车位问题", "").places());
    // but not a word tagged as no name part (多/a), and not before a road or a town
    assertTrue(a.analyze("", "拆了桥2000多户双水湾业主").places().stream().noneMatch(p -> p.startsWith("多")), a.analyze("", "拆了桥2000多户双水湾业主").places().toString());
    assertTrue(a.analyze("", "我是一名安沙镇的居民").places().stream().noneMatch(p -> p.startsWith("一")), a.analyze("", "我是一名安沙镇的居民").places().toString());
  }

  @Test
  void estatesWithoutAnEndingAreNamedByTheirResidentsAndManagers() {
    // no ending: the words after the name (业主, 开发商, 物业公司) say it is an estate
    assertEquals(List.of("A市A4区", "碧水蓝天"), a.analyze("", "我是A市A4区碧水蓝天业主，车位只售不租").places());
    assertEquals(List.of("枫林绿洲"), a.analyze("枫林绿洲开发商强制业主购买车位", "").places());
    assertEquals(List.of("阳光100"), a.analyze("阳光100物业公司乱涨价", "").places());
    // who or how many, not where; one word HanLP knows is not taken as a name
    for (String s : List.of("全体业主强烈反对", "大部分业主不同意", "三百户业主联名", "没想到业主会这样", "国家规定业主有权知道", "我们业主要求退房")) {
      assertEquals(List.of(), a.analyze(s, "").places(), s);
    }
    // what ends the phrase after 住在 is where the writer lives, even one name word; not a floor or "nearby"
    assertEquals(List.of("丰泽园", "A市A1区"), a.analyze("", "本人住在A市A1区丰泽园，入住两年了").places());
    assertEquals(List.of(), a.analyze("", "我住在一楼，楼上漏水").places());
    assertEquals(List.of(), a.analyze("", "我住在附近的小区").places());
    // two-character estate endings: 嘉园, 华庭 …
    assertEquals(List.of("盛世嘉园"), a.analyze("盛世嘉园车位问题", "").places());
    assertEquals(List.of("水岸华庭小区"), a.analyze("水岸华庭小区二次供水", "").places());
    // an ending whose first character HanLP puts in the name before it: 恒/大名(ns)/都 → 恒大名都, not 恒大名
    assertEquals(List.of("恒大名都"), a.analyze("", "我是恒大名都的业主").places());
    assertEquals(List.of("A市", "恒大名都"), a.analyze("", "A市恒大名都二期房产证办不下来").places());
    // but 都 after a name that does not end in a two-character ending's first character stays an adverb
    assertEquals(List.of("长沙"), a.analyze("", "长沙都在下雨").places());
    // a pronoun or 现/因 before 小区 is no name: 我小区 was a place shared by unrelated complaints
    assertEquals(List.of(), a.analyze("", "我小区门口的路灯坏了").places());
  }

  @Test
  void wishesAndPurchasesBeforeAnEndingAreNoName() {
    // 附件3: "想买套公寓" (想/v 买套/nz 公寓) was taken for an estate and labelled a hot issue
    assertEquals(List.of(), a.analyze("想买套公寓咨询一下人才购房补贴", "").places());
    assertEquals(List.of("翠苑小区"), a.analyze("", "我想租翠苑小区的房子").places());
  }

  @Test
  void variantsMapToOneConceptAndStopWordsAndNamesAreNotFeatures() {
    var r = a.analyze("尊敬的领导您好", "交房三年了不动产权证还没有办下来，房本也没有。谢谢！");
    assertTrue(r.features().contains("房产证"), r.features().toString());
    assertFalse(r.features().contains("不动产权证"));
    assertFalse(r.features().contains("房本"));
    for (String stop : List.of("尊敬", "领导", "您好", "谢谢")) {
      assertFalse(r.features().contains(stop), stop);
    }
    assertFalse(a.analyze("", "我叫[姓名]，联系电话[电话]").features().contains("[电话]"));
  }

  @Test
  void maskedFeaturesNeverContainAPlace() throws Exception {
    int checked = 0;
    for (var m : SharedData.list("messages_votes_fj3.csv").subList(0, 800)) {
      var r = a.analyze(m.title(), m.text());
      for (String f : r.maskedFeatures()) {
        for (String p : r.places()) {
          assertFalse(p.contains(f) || f.contains(p), m.id() + ": masked feature '" + f + "' overlaps place '" + p + "'");
        }
      }
      checked += r.maskedFeatures().size();
    }
    assertTrue(checked > 10_000);
  }

  @Test
  void traditionalCharactersAreReadAsSimplified() {
    assertTrue(words("學區劃分不合理").contains("学区划分"));
  }

  @Test
  void oddInputsDoNotBreakAnything() {
    var empty = a.analyze(null, "");
    assertEquals(List.of(), empty.tokens());
    assertEquals(0L, empty.simhash());
    var mixed = a.analyze("😡物业费😡", "详见 https://example.cn/a?b=1 ，WiFi密码123456，Email地址见上。");
    assertTrue(mixed.features().contains("物业费"), mixed.features().toString());
    String longText = "小区房产证一直办不下来，".repeat(9000); // 108,000 chars
    var big = a.analyze("", longText);
    assertEquals(9000, big.features().stream().filter("房产证"::equals).count(), "every chunk is segmented, none lost at chunk borders");
  }

  @Test
  void chunksAreCutAtSentenceEnds() {
    String s = "甲".repeat(1500) + "。" + "乙".repeat(1500);
    assertEquals(1501, ComplaintAnalyzer.cut(s, 0));
  }

  @Test
  void userDictionaryAddsTermsWithoutTouchingTheSharedAnalyzer(@TempDir Path tmp) throws Exception {
    Path dict = tmp.resolve("my.txt");
    Files.writeString(dict, "# county terms\n夹皮沟新区 ns\n");
    ComplaintAnalyzer mine = ComplaintAnalyzer.create(List.of(dict));
    assertTrue(mine.segment("夹皮沟新区停水").stream().map(Token::word).toList().contains("夹皮沟新区"));
    assertFalse(words("夹皮沟新区停水").contains("夹皮沟新区"), "the shared analyzer is unchanged");
    assertTrue(mine.resources().termCount() > ComplaintAnalyzer.shared().resources().termCount());
  }

  @Test
  void domainDictionaryIsLargeAndGrouped() {
    assertTrue(a.resources().termCount() >= 350, "terms: " + a.resources().termCount());
  }
}
