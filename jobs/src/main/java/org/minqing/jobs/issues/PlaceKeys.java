package org.minqing.jobs.issues;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of a complaint's places say <em>where</em> precisely enough to tell two issues apart, and
 * whether two complaints name the same place.
 *
 * <p>An issue is one problem at one place: 房产证 at 泰岸花园 and 房产证 at 香都小区 are two issues
 * of one pattern. Administrative areas (A市, A3区, 城西区, 桂花街道, 西地省) are too coarse for that,
 * so only <em>fine</em> places count: estates, roads, villages, communities, shops, sites. Names
 * are compared by their <em>core</em>, the name without its generic ending (小区, 花园, 名城, 路
 * ...), and two cores match when one contains the other: 丽发新城 and 南路丽发新城 (a segmentation
 * slip) are one place; 和湖名城 and 香城名城 are not, because 名城 is an ending.
 */
public final class PlaceKeys {
  private PlaceKeys() {}

  private static final Pattern ADMIN_CODE = Pattern.compile("(?:西地省|东地省|[A-Z]\\d{0,2}(?:省|市|区|县))+");
  /** Endings of administrative areas: a place with one of them (and no finer ending) is coarse. */
  private static final List<String> COARSE_ENDINGS = List.of("国", "省", "市", "县", "区", "镇", "乡", "街道");
  /** Words that end like a road but are not one (老板跑路: the boss ran off); the nlp module's list, so its places and these agree. */
  private static final List<String> NOT_ROADS = org.minqing.nlp.ComplaintAnalyzer.NOT_ROADS;
  /** Endings that are part of a finer name even though they end in a coarse character. */
  private static final List<String> FINE_ENDINGS_OVER_COARSE = List.of("小区", "园区", "厂区", "校区", "景区", "城区", "一区", "二区", "三区", "四区", "五区", "六区");
  /** Generic endings removed before two names are compared, longest first. */
  private static final List<String> GENERIC_ENDINGS =
      List.of("小区", "社区", "花园", "公园", "家园", "新村", "公寓", "华府", "名城", "雅居", "广场", "大道", "商城", "大厦", "山庄", "公馆", "庄园", "新城", "国际", "一期", "二期", "三期", "居委会",
          "村委会", "街道", "餐馆", "饭店", "酒店", "宿舍", "工地", "公司", "市场", "超市", "苑", "村", "路", "街", "巷", "湾", "城", "园", "府", "居");
  /**
   * Provinces and well-known cities written without their ending (武汉, 湖北仙桃, 广东深圳): as coarse as
   * 武汉市. A complaint about a P2P platform that names the cities its victims live in names no place
   * where the problem is; before, "武汉、南昌、广州" made such a message a place of its own.
   */
  private static final Set<String> PROVINCES = Set.of("河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
      "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "内蒙", "广西", "西藏", "宁夏", "新疆", "香港", "澳门");
  private static final Set<String> CITIES = Set.of("北京", "上海", "天津", "重庆", "广州", "深圳", "武汉", "南昌", "长沙", "杭州", "南京", "成都", "西安", "郑州", "济南", "青岛", "沈阳", "大连",
      "哈尔滨", "长春", "石家庄", "太原", "呼和浩特", "合肥", "福州", "厦门", "南宁", "海口", "三亚", "昆明", "贵阳", "拉萨", "兰州", "西宁", "银川", "乌鲁木齐", "苏州", "无锡", "常州",
      "宁波", "温州", "东莞", "佛山", "珠海", "中山", "惠州", "汕头", "湛江", "江门", "桂林", "柳州", "北海", "株洲", "湘潭", "衡阳", "岳阳", "常德", "益阳", "娄底", "邵阳", "怀化",
      "郴州", "永州", "张家界", "湘西", "吉首", "宜昌", "襄阳", "荆州", "黄石", "十堰", "孝感", "黄冈", "仙桃", "九江", "赣州", "上饶", "景德镇", "萍乡", "吉安", "宜春", "徐州",
      "扬州", "南通", "盐城", "镇江", "绍兴", "嘉兴", "金华", "台州", "湖州", "芜湖", "蚌埠", "安庆", "洛阳", "开封", "新乡", "南阳", "信阳", "烟台", "潍坊", "临沂", "威海", "淄博",
      "唐山", "保定", "邯郸", "廊坊", "包头", "大同", "鞍山", "大庆", "绵阳", "宜宾", "泸州", "遵义", "大理", "丽江", "西双版纳", "宝鸡", "咸阳", "延安", "天水", "台北", "泉州",
      "漳州", "莆田");
  /** Kinds of firm: "担保公司", "p2p公司" name no firm (a body that names one, 58车贷 or 唐大, still does). */
  private static final Set<String> BUSINESS_KINDS = Set.of("担保", "投资", "贷款", "网贷", "借贷", "金融", "理财", "科技", "房地产", "地产", "置业", "开发", "建筑", "建设", "劳务", "保安",
      "物流", "快递", "装修", "家政", "中介", "保险", "信托", "贸易", "实业", "网络", "电商", "外卖", "p2p", "p2b", "小贷", "典当", "拍卖", "运输", "出租车", "公交", "环卫",
      // the firms every estate has ("电梯年检过期了…维保公司很久没有来保养": 维保 was a place all elevator complaints shared)
      "维保", "电梯", "维修", "安装", "保洁", "绿化", "物业", "物业管理", "管理", "服务", "代理", "房产", "地产开发", "建设开发", "城建开发", "房地产开发", "施工", "工程",
      "建筑工程", "劳务派遣", "人力资源", "自来水", "供水", "水务", "燃气", "天然气", "供电", "电力", "能源", "旅游", "租赁", "销售", "广告", "培训", "教育", "餐饮", "汽车",
      "环保", "咨询", "设计", "监理", "评估", "停车");
  /**
   * Words a firm's "name" starts with when the pattern took the words before 公司 ("因为公司…",
   * "两家公司", "更换物业公司", "欠自来水公司"): what follows them is a kind of firm or nothing.
   */
  private static final Pattern FIRM_LEAD = Pattern.compile("^(?:因为|由于|导致|根据|联系|更换|选聘|委托|下属|报到|其他|其它|造成|要找|一个|[一二三四五六七八九十0-9]+期|[一两二三四五几多这那每各]家|[为欠促去及由但向跟对找和与次而且])+");
  private static final Set<String> NOT_PLACES = Set.of("中国", "全国", "城镇小区", "众多小区", "各小区", "多个小区", "老旧小区", "安置小区", "新建小区", "住宅小区", "农村", "乡村", "城中村", "本市", "全市", "我市", "我区", "我县", "小区", "社区", "我小区", "本小区", "全小区", "周边小区", "大小区", "别墅小区", "后花园");

  /**
   * Characters no name is written with: particles and function words ("小区配套的幼儿园", "泥土掉得满路", "想买套公寓",
   * "中转站就在小区门口", "物业说是供水公司的事": 说是供水 would be a firm every complaint about water
   * pressure names, joining the estates). Kept short: 和 (和湖名城), 都 (香都), 太 (太平) and 新 start real names.
   */
  private static final String NOT_IN_NAMES = "的得了着在就没把被让给也还很每请想买卖租说是去";

  private static final String TITLE_ENDINGS = "小区|花园|公园|家园|新村|公寓|名城|华府|雅居|山庄|公馆|庄园|新城|宿舍|工地|电子厂|厂|公司|小学|中学|幼儿园|学校|职业技术学院|职业学院|技术学院|学院|医院|市场|超市|烧烤|饭店|酒店|餐馆|苑|村|路|街|巷";
  private static final Pattern TITLE_PLACE = Pattern.compile("(?:(?![区县市省镇乡" + NOT_IN_NAMES + "])[\\p{IsHan}A-Za-z0-9]){2,4}?(?:" + TITLE_ENDINGS + ")(?![\\p{IsHan}]{0,1}(?:道|口|段))");
  private static final java.util.BitSet TITLE_FIRST = firstChars(TITLE_ENDINGS);

  private static final String BODY_ENDINGS = "小区|花园|家园|新村|公寓|名城|华府|雅居|山庄|公馆|庄园|宿舍|工地|电子厂|公司|小学|中学|幼儿园|学校|职业技术学院|职业学院|技术学院|学院|医院|烧烤";
  private static final Pattern BODY_PLACE = Pattern.compile("(?:(?![区县市省镇乡这那该本我们" + NOT_IN_NAMES + "])[\\p{IsHan}A-Za-z0-9]){2,4}?(?:" + BODY_ENDINGS + ")");
  private static final java.util.BitSet BODY_FIRST = firstChars(BODY_ENDINGS);

  /** The first characters of the endings ("小区|公司" → 小, 公): a name's match can only start 2 to 4 characters before one. */
  private static java.util.BitSet firstChars(String endings) {
    java.util.BitSet b = new java.util.BitSet(1 << 16);
    for (String e : endings.split("\\|")) {
      b.set(e.charAt(0));
    }
    return b;
  }

  /**
   * Named estates, buildings, sites and organisations in a body ("船员宿舍对面那一段路灯坏了"): only
   * the two-character endings, so "这条路" and "村里" are not taken for names.
   */
  public static List<String> inBody(String text) {
    return names(BODY_PLACE, BODY_FIRST, text, 4);
  }

  /**
   * Words of a sentence before a kind of place ("整个小区", "导致小区", "严重影响小区居民", "一所学校", "开设医院",
   * "居民楼下开饭店"), and where a shop is rather than its name ("临街门面烧烤", "车站对面烧烤"):
   * 整个 was the place of 45 of the 11,038 shared messages and 导致 of 40, and a complaint without a
   * title place matched any other that said 整个小区; 临街门面烧烤 made an estate's barbecue stalls in
   * another district (润芳园) the same place as 魅力之城's.
   */
  private static final String SENTENCE_WORDS = "整个|导致|造成|严重影响|影响|一个|几个|两个|[一两几多]所|许多|目前|开设|设立|设置|具备|火灾|高端|发现|宣传|大型|封闭式|高档|人口密集|居民|楼下|居住|生活|由于|因为|作为|未经|距离|进出|进入|占用|步行|针对|其他|其它|破坏|而且|并且|无法|违法|违规"
      + "|临街|沿街|门面|沿线|对面|旁边|左手旁|右手旁";
  private static final Pattern SENTENCE_WORD = Pattern.compile(SENTENCE_WORDS);

  /**
   * What follows the last of those words in a match or a place the nlp stage found ("拌站导致小区" → 小区,
   * "人口密集小区" → 小区): the words are no part of a name, nor is what stands before them.
   */
  private static String afterSentenceWords(String s) {
    var m = SENTENCE_WORD.matcher(s);
    int end = -1;
    while (m.find()) {
      end = m.end();
    }
    return end < 0 ? s : s.substring(end);
  }

  /**
   * Words put before a place ("反映泰山新村…", "关于香城名城…") or before a kind of place that has no
   * name ("希望责令工地…", "开办公办幼儿园", "每天晚上小区广场…", "投诉某某物业公司" after its
   * estate): not part of a name. What is left must be more than the ending ("希望责令工地" names no
   * site) and not a kind of place ({@link #KIND}: "私立幼儿园", "街道公办幼儿园").
   */
  private static final Pattern LEADING_WORDS = Pattern.compile("^(?:反映|关于|投诉|举报|反对|支持|强烈|请求|解决|咨询|建议|希望|要求|请问|恳请|市民|我们|我家|住在|位于|对于|有关|讨要|讨回|帮忙|硬化|修建|修复|整治|附近|对面|门口|旁边|小区|社区|街道|"
      + "一家|责令|勒令|督促|部门|开办|公办|民办|私立|配套|周边|最近|每天|晚上|夜间|凌晨|施工|尽快|没有|物业|供水|自来水|燃气|供电|电力|请|问|在|对|的|和|与|给|把|让|从|向|到)+");

  /**
   * Estate, village, road, site and organisation names written in a title ("锦苑小区购房户至今没有房产证",
   * "江北鑫源电子厂拖欠工资", "船员宿舍对面的路灯"): a safety net for names the segmenter splits, and
   * for the places of an issue that are not addresses (a factory, a school, a building site). Loose on purpose: {@link #sameCore} matches a name inside
   * a longer one, so a stray leading character does not matter.
   */
  public static List<String> inTitle(String title) {
    return names(TITLE_PLACE, TITLE_FIRST, title, 3);
  }

  /** What the name patterns end with: left alone once the words before it are removed, no name. */
  private static final Set<String> ENDINGS = Set.of("小区", "花园", "公园", "家园", "新村", "公寓", "名城", "华府", "雅居", "山庄", "公馆", "庄园", "新城", "宿舍", "工地", "电子厂", "公司",
      "小学", "中学", "幼儿园", "学校", "职业技术学院", "职业学院", "技术学院", "学院", "医院", "市场", "超市", "烧烤", "饭店", "酒店", "餐馆");

  /**
   * A kind of place, not a name ("没有公办幼儿园", "周边小学"), or a phrase with a word no name holds
   * ("每天晚上小区…" leaves "天晚上小区" once 每 is not a name's).
   */
  private static final Pattern KIND = Pattern.compile("(?:公办|民办|私立|公立|普惠性?|配套|周边|附近)(?:幼儿园|小学|中学|学校|医院|市场|超市|公司|工地)$|晚上|夜间|凌晨|白天|最近|天天|经常|责令|没有|拒载");

  /**
   * Matches of {@code p} in {@code text}, leading words removed, at least {@code minLength} characters.
   * The same matches as {@code while (m.find())}, found faster: {@code find()} tries every start in
   * turn, but a name's match starts 2 to 4 characters before the first character of an ending
   * ({@code first}), so only those starts are tried ({@code lookingAt} from each, left to right, past
   * the end of the last match).
   */
  private static List<String> names(Pattern p, java.util.BitSet first, String text, int minLength) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    var m = p.matcher(text);
    int len = text.length();
    int from = 0;
    for (int s = 0; s + 2 < len; s++) {
      if (s < from || !endingNear(first, text, s)) {
        continue;
      }
      m.region(s, len);
      if (!m.lookingAt()) {
        continue;
      }
      from = m.end();
      String whole = afterSentenceWords(m.group());
      String g = LEADING_WORDS.matcher(whole).replaceFirst("");
      // checked before the leading words go: 和湖名城 loses its 和 to them and stays a name
      if (g.length() >= minLength && !ENDINGS.contains(g) && !KIND.matcher(g).find() && !oneCharBefore(whole)) {
        out.add(g);
      }
    }
    return out;
  }

  /**
   * One character before an ending of two or more ("开饭店" from 商铺违法开饭店): a verb or an
   * adjective left over, not a name. Only for what the patterns match: a place the nlp stage found
   * may have lost a leading character to a title's words (和湖名城 → 湖名城) and is still a name.
   */
  private static boolean oneCharBefore(String g) {
    for (String e : ENDINGS) {
      if (e.length() >= 2 && g.endsWith(e) && g.length() - e.length() < 2) {
        return true;
      }
    }
    return false;
  }

  /** An ending's first character 2 to 4 code points after {@code s} (up to 8 chars: a name may hold characters outside the BMP). */
  private static boolean endingNear(java.util.BitSet first, String text, int s) {
    int last = Math.min(text.length() - 1, s + 8);
    for (int i = s + 2; i <= last; i++) {
      if (first.get(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a park is rather than its name ("湿地公园", "国家森林公园", "社区公园", "小公园"): 公园 ends a
   * place name since 2026-11-25 (洪山公园, 泉星公园, 烈士公园 were no places, so the issue about building
   * 洪山公园 was labelled by an estate nearby), but a kind of park names none.
   */
  private static final Pattern PARK_KIND = Pattern.compile("(?:国家级?|省级|市级|城市|社区|街头|街心|口袋|郊野|湿地|森林|生态|体育|文化|主题|休闲|儿童|山体|遗址|考古|绿地|滨江|滨河|带状|小|大型|新建|一个|几个|多个|这个|那个|该)+");

  /** The fine places of a complaint, as normalised cores, in order, without duplicates. */
  public static List<String> fine(List<String> places) {
    Set<String> out = new LinkedHashSet<>();
    if (places == null) {
      return List.of();
    }
    for (String p : places) {
      String c = core(p);
      if (c != null) {
        out.add(c);
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * Whether a fine place keeps at least two characters before its longest place ending: 小塘路,
   * 诺亚山林小区 do; 园小区, 期小区 (the ending and a stray character of the name before it) do not.
   */
  static boolean nameBeforeEnding(String place) {
    if (core(place) == null) {
      return false;
    }
    int longest = 0;
    for (List<String> endings : List.of(GENERIC_ENDINGS, List.copyOf(ENDINGS))) {
      for (String e : endings) {
        if (place.endsWith(e)) {
          longest = Math.max(longest, e.length());
        }
      }
    }
    return place.length() - longest >= 2;
  }

  /** The core of a fine place, or null for an administrative area or a non-place. */
  static String core(String place) {
    if (place == null) {
      return null;
    }
    String p = afterSentenceWords(ADMIN_CODE.matcher(place.strip()).replaceFirst(""));
    if (p.length() < 2 || NOT_PLACES.contains(p) || ENDINGS.contains(p) || coarseByName(p) || p.startsWith("我") || p.startsWith("本") || p.startsWith("全")
        || p.startsWith("非本") || p.startsWith("同一") || p.startsWith("该")) {
      return null;
    }
    if (p.endsWith("公园") && PARK_KIND.matcher(p.substring(0, p.length() - 2)).matches()) {
      return null;
    }
    boolean fineOverCoarse = FINE_ENDINGS_OVER_COARSE.stream().anyMatch(p::endsWith);
    if (!fineOverCoarse && COARSE_ENDINGS.stream().anyMatch(p::endsWith) || NOT_ROADS.stream().anyMatch(p::endsWith)) {
      return null;
    }
    String c = p;
    boolean stripped = true;
    while (stripped && c.length() > 2) {
      stripped = false;
      for (String e : GENERIC_ENDINGS) {
        if (c.endsWith(e) && c.length() - e.length() >= 2) {
          c = c.substring(0, c.length() - e.length());
          stripped = true;
          break;
        }
      }
    }
    if (p.endsWith("公司")) {
      String kind = FIRM_LEAD.matcher(c).replaceFirst("");
      if (kind.isEmpty() || BUSINESS_KINDS.contains(kind.toLowerCase(java.util.Locale.ROOT))) { // no kind starts with a FIRM_LEAD word
        return null; // "担保公司", "p2p公司", "维保公司", "更换物业公司", "两家公司": a kind of firm, not its name
      }
      if (kind.length() >= 2) {
        c = kind; // "联系移动公司" → 移动 (a stray leading character was harmless; a leading verb is not: 联系移动 ≠ 移动)
      }
    }
    if (c.endsWith("有限") || c.endsWith("有限责任") || c.endsWith("股份") || c.length() > 12) {
      return null; // "投资有限公司", "股份有限公司": a company's legal form, not its name
    }
    return c;
  }

  /** A province or a well-known city without its ending, or a province followed by a city ("湖北仙桃"). */
  static boolean coarseByName(String p) {
    if (PROVINCES.contains(p) || CITIES.contains(p)) {
      return true;
    }
    for (int k = 2; k <= 3 && k < p.length(); k++) {
      if (PROVINCES.contains(p.substring(0, k)) && CITIES.contains(p.substring(k))) {
        return true;
      }
    }
    return false;
  }

  /**
   * How many different places the cores name: a core that holds or is held by one already counted
   * (shortest first, then in order) is the same place written another way.
   */
  public static int distinctPlaces(List<String> cores) {
    List<String> sorted = new ArrayList<>(cores);
    sorted.sort(java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()));
    List<String> kept = new ArrayList<>();
    for (String c : sorted) {
      if (kept.stream().noneMatch(k -> sameCore(k, c))) {
        kept.add(c);
      }
    }
    return kept.size();
  }

  /** True when some core of {@code a} and some core of {@code b} match (one contains the other). */
  public static boolean overlap(List<String> a, List<String> b) {
    for (String x : a) {
      for (String y : b) {
        if (sameCore(x, y)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean sameCore(String x, String y) {
    return x.length() <= y.length() ? y.contains(x) : x.contains(y);
  }
}
