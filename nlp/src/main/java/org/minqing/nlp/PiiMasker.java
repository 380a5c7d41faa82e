package org.minqing.nlp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in complaint text: what identifies a person never leaves ingest unmasked.
 *
 * <table>
 *   <caption>What is masked, in this order</caption>
 *   <tr><th>kind</th><th>example</th><th>becomes</th></tr>
 *   <tr><td>e-mail</td><td>zhang.san@163.com</td><td>[邮箱]</td></tr>
 *   <tr><td>ID card number (18 digits, or 15 of the old form, with a valid birth date)</td><td>43010219800101123X</td><td>[身份证号]</td></tr>
 *   <tr><td>bank card (16–19 digits passing the Luhn check, or after 卡号/账号)</td><td>6222 0212 3456 7890 128</td><td>[银行卡号]</td></tr>
 *   <tr><td>mainland mobile (optionally +86, spaces or dashes)</td><td>138-1234-5678</td><td>[电话]</td></tr>
 *   <tr><td>landline with area code, or 7–8 digits after 电话/联系方式</td><td>0731-88886666</td><td>[电话]</td></tr>
 *   <tr><td>a name someone gives for themselves (我叫/本人/姓名/联系人 + common surname + 1–2 characters)</td><td>我叫曹正科，</td><td>我叫[姓名]，</td></tr>
 *   <tr><td>door-level address (building + unit + room)</td><td>G2栋320, 3栋2单元501室, 2-1-301</td><td>[门牌]</td></tr>
 * </table>
 *
 * <p>Masking errs on the side of masking: a 16-digit order number that passes the Luhn check is
 * masked too. Building-level places (小区, 栋 without a room) are kept: they matter for finding
 * where a problem is and do not identify a household.
 *
 * <p>Immutable and thread-safe; use {@link #INSTANCE}.
 */
public final class PiiMasker {
  public static final PiiMasker INSTANCE = new PiiMasker();

  public static final String EMAIL = "[邮箱]";
  public static final String ID_CARD = "[身份证号]";
  public static final String BANK_CARD = "[银行卡号]";
  public static final String PHONE = "[电话]";
  public static final String NAME = "[姓名]";
  public static final String DOOR = "[门牌]";

  /** Kinds of personal data, in masking order; {@link #counts} is indexed by ordinal. */
  public enum Kind { EMAIL, ID_CARD, BANK_CARD, PHONE, NAME, DOOR }

  private static final Pattern P_EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern P_ID18 =
      Pattern.compile(
          "(?<![0-9A-Za-z])[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx](?![0-9A-Za-z])");
  private static final Pattern P_ID15 =
      Pattern.compile("(?<![0-9A-Za-z])[1-9]\\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}(?![0-9A-Za-z])");
  private static final Pattern P_BANK = Pattern.compile("(?<![0-9A-Za-z])\\d(?:[ -]?\\d){15,18}(?![0-9A-Za-z])");
  private static final Pattern P_BANK_CONTEXT = Pattern.compile("(?:卡号|银行卡|账号|帐号|卡|打到|转到|汇到|退到|打入|转入|汇入|存入)[：:为是\\s]*$");
  private static final Pattern P_MOBILE =
      Pattern.compile("(?<![0-9A-Za-z])(?:\\+?86[- ]?)?1[3-9]\\d(?:[- ]?\\d{4}){2}(?![0-9A-Za-z])");
  private static final Pattern P_LANDLINE =
      Pattern.compile("(?<![0-9A-Za-z.])(?:\\(0\\d{2,3}\\)|0\\d{2,3})[- ]?[2-9]\\d{6,7}(?:-\\d{1,4})?(?![0-9A-Za-z])");
  private static final Pattern P_PHONE_CONTEXT =
      Pattern.compile("((?:电话|手机|联系方式|联系电话|号码|手机号|tel|Tel|TEL)[：:为是\\s]*)\\d{7,8}(?!\\d)");
  private static final String SURNAMES =
      "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
  private static final Pattern P_NAME =
      Pattern.compile(
          "(我叫|本人叫|本人是|本人|我是|名叫|姓名[：:]?|联系人[：:]?|户主[：:]?|申请人[：:]?)\\s?(["
              + SURNAMES
              + "][\\u4e00-\\u9fa5]{1,2})(?=[，。,.;；:：、\\s（(0-9]|电话|手机|身份证|$)");
  private static final Pattern P_DOOR =
      Pattern.compile(
          "(?:[A-Za-z]?\\d{1,3}(?:栋|幢|号楼|座)[- ]?(?:\\d{1,2}单元[- ]?)?\\d{1,2}?(?:楼|层)?[- ]?\\d{2,4}(?:室|号|房)?"
              + "|\\d{1,2}单元[- ]?\\d{2,4}(?:室|号|房)?"
              + "|(?<![0-9A-Za-z-])\\d{1,2}-\\d{1,2}-\\d{3,4}(?![0-9-])"
              + "|(?<![0-9A-Za-z])\\d{3,4}(?:室|房间))");

  private PiiMasker() {}

  /** The text with every kind of personal data replaced by its mask token; {@code null} stays null. */
  public String mask(String text) {
    return mask(text, null);
  }

  /**
   * As {@link #mask(String)}, adding the number of replacements per {@link Kind} to {@code counts}
   * (length ≥ {@code Kind.values().length}) when it is not null.
   */
  public String mask(String text, long[] counts) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    if (!mayContainPii(text)) {
      return text;
    }
    String s = text;
    s = replaceAll(s, P_EMAIL, EMAIL, counts, Kind.EMAIL);
    s = replaceAll(s, P_ID18, ID_CARD, counts, Kind.ID_CARD);
    s = replaceAll(s, P_ID15, ID_CARD, counts, Kind.ID_CARD);
    s = replaceBankCards(s, counts);
    s = replaceAll(s, P_MOBILE, PHONE, counts, Kind.PHONE);
    s = replaceAll(s, P_LANDLINE, PHONE, counts, Kind.PHONE);
    s = replaceKeepingGroup1(s, P_PHONE_CONTEXT, PHONE, counts, Kind.PHONE);
    s = replaceKeepingGroup1(s, P_NAME, NAME, counts, Kind.NAME);
    s = replaceAll(s, P_DOOR, DOOR, counts, Kind.DOOR);
    return s;
  }

  /** Cheap pre-check: every pattern needs a digit, an '@' or a name trigger. */
  private static boolean mayContainPii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || c == '@') {
        return true;
      }
    }
    return s.contains("我叫") || s.contains("本人") || s.contains("我是") || s.contains("名叫")
        || s.contains("姓名") || s.contains("联系人") || s.contains("户主") || s.contains("申请人");
  }

  private static String replaceAll(String s, Pattern p, String token, long[] counts, Kind kind) {
    Matcher m = p.matcher(s);
    if (!m.find()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    int n = 0;
    do {
      m.appendReplacement(sb, Matcher.quoteReplacement(token));
      n++;
    } while (m.find());
    m.appendTail(sb);
    count(counts, kind, n);
    return sb.toString();
  }

  private static String replaceKeepingGroup1(String s, Pattern p, String token, long[] counts, Kind kind) {
    Matcher m = p.matcher(s);
    if (!m.find()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    int n = 0;
    do {
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + token));
      n++;
    } while (m.find());
    m.appendTail(sb);
    count(counts, kind, n);
    return sb.toString();
  }

  private static String replaceBankCards(String s, long[] counts) {
    Matcher m = P_BANK.matcher(s);
    StringBuilder sb = null;
    int last = 0;
    int n = 0;
    while (m.find()) {
      String digits = m.group().replace(" ", "").replace("-", "");
      String before = s.substring(Math.max(0, m.start() - 8), m.start());
      if (luhn(digits) || P_BANK_CONTEXT.matcher(before).find()) {
        if (sb == null) {
          sb = new StringBuilder(s.length());
        }
        sb.append(s, last, m.start()).append(BANK_CARD);
        last = m.end();
        n++;
      }
    }
    if (sb == null) {
      return s;
    }
    sb.append(s, last, s.length());
    count(counts, Kind.BANK_CARD, n);
    return sb.toString();
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static void count(long[] counts, Kind kind, int n) {
    if (counts != null) {
      counts[kind.ordinal()] += n;
    }
  }
}
