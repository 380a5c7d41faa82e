package org.minqing.nlp;

import com.hankcs.hanlp.dictionary.DynamicCustomDictionary;
import com.hankcs.hanlp.dictionary.other.CharTable;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.Viterbi.ViterbiSegment;
import com.hankcs.hanlp.seg.common.Term;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a complaint (title + body) into what the later stages use: segmented words with POS tags,
 * clustering features (content words mapped to concepts, without stop words), the same features
 * with places masked out, the places mentioned, and a SimHash fingerprint for near-duplicates.
 *
 * <p>HanLP is wrapped, never configured globally: the domain dictionary lives in this instance's
 * own {@link DynamicCustomDictionary}, HanLP's multithreading is off, and the global
 * {@code CustomDictionary} and {@code HanLP.Config} are not touched. {@link #shared()} builds one
 * instance per JVM lazily (≈ 1–2 s, ≈ 100 MB); it is immutable and thread-safe, so Spark tasks of
 * one executor share it. Construction runs a self-check and fails fast if segmentation is broken.
 *
 * <pre>{@code
 * Analysis a = ComplaintAnalyzer.shared().analyze("A2区景蓉华苑房产证办不下来", "交房五年了还没有不动产权证…");
 * a.features();   // [房产证, 交房, 房产证, ...]  (不动产权证 → concept 房产证)
 * a.places();     // [A2区, 景蓉华苑]
 * }</pre>
 */
public final class ComplaintAnalyzer {
  /** Longest piece handed to the segmenter at once; longer texts are cut at sentence ends. */
  static final int CHUNK = 2000;

  private static volatile ComplaintAnalyzer shared;

  private final Segment segment;
  private final DomainResources res;
  /** Domain terms by first character, longest first. */
  private final java.util.Map<Character, List<String>> termsByFirst = new java.util.HashMap<>();
  private final java.util.BitSet termFirst = new java.util.BitSet(65536);

  /** What one complaint becomes. All lists are immutable. */
  public record Analysis(
      List<Token> tokens, List<String> titleFeatures, List<String> features, List<String> maskedFeatures, List<String> places, long simhash) {}

  private ComplaintAnalyzer(DomainResources res) {
    this.res = res;
    DynamicCustomDictionary dict = new DynamicCustomDictionary();
    for (var e : res.terms.entrySet()) {
      dict.insert(e.getKey(), e.getValue() + " 2000");
    }
    // The anonymised place codes of the real data (A市, A2区, K9县, 西地省) and PiiMasker's tokens
    // ([电话]) as words, so HanLP keeps them whole in one pass (10,500 entries, per instance).
    for (char c = 'A'; c <= 'Z'; c++) {
      for (String level : new String[] {"省", "市", "区", "县"}) {
        dict.insert(c + level, "ns 5000");
        for (int i = 0; i < 100; i++) {
          dict.insert(c + Integer.toString(i) + level, "ns 5000");
        }
      }
    }
    dict.insert("西地省", "ns 5000");
    dict.insert("东地省", "ns 5000");
    for (String m : new String[] {PiiMasker.PHONE, PiiMasker.ID_CARD, PiiMasker.BANK_CARD, PiiMasker.EMAIL, PiiMasker.NAME, PiiMasker.DOOR}) {
      dict.insert(m, "x 5000");
    }
    ViterbiSegment s = new TaggingSegment();
    s.enableCustomDictionary(dict);
    s.enablePartOfSpeechTagging(true);
    s.enableMultithreading(false);
    s.enablePlaceRecognize(false);
    s.enableOrganizationRecognize(false);
    // Person-name recognition misreads estate names (景蓉华苑 → 景蓉/nr) and splits domain terms
    // (开发商 → 开发/商说); names are already masked by PiiMasker, so it brings only harm here.
    s.enableNameRecognize(false);
    s.enableTranslatedNameRecognize(false);
    s.enableJapaneseNameRecognize(false);
    s.enableOffset(false);
    this.segment = s;
    for (String term : res.terms.keySet()) {
      termsByFirst.computeIfAbsent(term.charAt(0), k -> new ArrayList<>()).add(term);
      termFirst.set(term.charAt(0));
    }
    for (List<String> l : termsByFirst.values()) {
      l.sort((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
    }
    selfCheck();
  }

  /** The JVM's analyzer with the shipped resources, built on first use. */
  public static ComplaintAnalyzer shared() {
    ComplaintAnalyzer a = shared;
    if (a == null) {
      synchronized (ComplaintAnalyzer.class) {
        a = shared;
        if (a == null) {
          a = new ComplaintAnalyzer(DomainResources.load(List.of()));
          shared = a;
        }
      }
    }
    return a;
  }

  /** A separate analyzer with user dictionaries added (build once, reuse). */
  public static ComplaintAnalyzer create(List<Path> userDictionaries) {
    return new ComplaintAnalyzer(DomainResources.load(userDictionaries));
  }

  public DomainResources resources() {
    return res;
  }

  /**
   * What the analysis of a complaint depends on, as 16 hex digits: the analyzer's own classes, its
   * shipped dictionaries, HanLP's, and the user dictionaries (path and content). Tokens written by
   * an analyzer with another fingerprint — a new Minqing, or a dictionary added in the config — are
   * out of date; the nightly run tokenizes them again.
   */
  public static String fingerprint(List<Path> userDictionaries) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (String c : List.of("ComplaintAnalyzer", "TaggingSegment", "TextNormalizer", "PiiMasker", "DomainResources", "SimHash", "Keywords", "Token")) {
        digest(md, c, ComplaintAnalyzer.class.getResourceAsStream(c + ".class"));
      }
      for (String d : List.of("domain.txt", "synonyms.txt", "stopwords.txt")) {
        digest(md, d, ComplaintAnalyzer.class.getResourceAsStream("dict/" + d));
      }
      digest(md, "hanlp", com.hankcs.hanlp.HanLP.class.getResourceAsStream("HanLP.class"));
      for (Path u : userDictionaries) {
        digest(md, u.toString(), java.nio.file.Files.exists(u) ? java.nio.file.Files.newInputStream(u) : null);
      }
      StringBuilder hex = new StringBuilder();
      for (byte b : java.util.Arrays.copyOf(md.digest(), 8)) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException | java.io.IOException e) {
      throw new IllegalStateException("Cannot fingerprint the analyzer", e);
    }
  }

  private static void digest(java.security.MessageDigest md, String name, java.io.InputStream in) throws java.io.IOException {
    md.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    md.update((byte) 0);
    if (in != null) {
      try (in) {
        md.update(in.readAllBytes());
      }
    }
    md.update((byte) 0);
  }

  private void selfCheck() {
    List<Token> t = segment("我们小区的房产证一直办不下来，物业费也涨了，不动产权证什么时候发？");
    List<String> words = t.stream().map(Token::word).toList();
    for (String must : List.of("房产证", "物业费", "不动产权证")) {
      if (!words.contains(must)) {
        throw new IllegalStateException("HanLP self-check failed: '" + must + "' was not kept whole in " + words
            + "; the domain dictionary did not load (is hanlp-portable-1.8.6 on the classpath?)");
      }
    }
  }

  // ------------------------------------------------------------------ segmentation

  /** Segments normalised text; traditional characters are read as simplified. Never null. */
  public List<Token> segment(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<Token> out = new ArrayList<>(text.length() / 2);
    segmentPlain(text, out);
    return out;
  }

  /**
   * Keeps the domain terms whole. HanLP segments the text once (its custom dictionary already holds
   * the terms, so they usually come out whole); then every domain term found by longest match from
   * the left that a HanLP token straddles (违/建行/为, 成/立业/委会) is cut out and the pieces around
   * it segmented again. Only Minqing's own terms are forced this way: HanLP's forcing mode would
   * also force every word of its large default custom dictionary (居住证明 → 居住证/明).
   */
  private void segmentPlain(String text, List<Token> out) {
    String t = simplify(text);
    int start = 0;
    while (start < t.length()) {
      int end = cut(t, start);
      for (int j = Math.max(start + 1, end - 12); j < end; j++) { // never cut through a domain term
        String term = termAt(t, j);
        if (term != null && j + term.length() > end) {
          end = j;
          break;
        }
      }
      segmentChunk(t.substring(start, end), out);
      start = end;
    }
  }

  private void segmentChunk(String piece, List<Token> out) {
    List<Term> terms = segment.seg(piece);
    int n = terms.size();
    int[] from = new int[n + 1];
    int pos = 0;
    for (int k = 0; k < n; k++) {
      from[k] = pos;
      pos += terms.get(k).word.length();
    }
    from[n] = pos;
    // Domain-term spans [a, b), longest match from the left, not overlapping.
    List<int[]> spans = new ArrayList<>();
    for (int i = 0; i < piece.length(); ) {
      String term = termAt(piece, i);
      if (term == null) {
        i++;
      } else {
        spans.add(new int[] {i, i + term.length()});
        i += term.length();
      }
    }
    if (spans.isEmpty() || pos != piece.length()) { // nothing to force (or HanLP changed the text)
      emit(terms, 0, n, out);
      return;
    }
    // Token regions around the spans HanLP did not keep as one token, one more token on each side.
    List<int[]> regions = new ArrayList<>();
    for (java.util.Iterator<int[]> it = spans.iterator(); it.hasNext(); ) {
      int[] sp = it.next();
      int ka = tokenAt(from, n, sp[0]);
      int kb = tokenAt(from, n, sp[1] - 1);
      if (ka == kb && from[ka] == sp[0] && from[ka + 1] == sp[1]) {
        continue; // already whole
      }
      boolean cutsATerm = false; // 关停电梯: HanLP has 电梯 whole; forcing 停电 would cut it
      for (int e = ka; e <= kb; e++) {
        boolean partial = from[e] < sp[0] || from[e + 1] > sp[1];
        if (partial && res.terms.containsKey(terms.get(e).word)) {
          cutsATerm = true;
          break;
        }
      }
      if (cutsATerm) {
        it.remove();
        continue;
      }
      int lo = Math.max(0, ka - 1);
      int hi = Math.min(n - 1, kb + 1);
      int[] last = regions.isEmpty() ? null : regions.get(regions.size() - 1);
      if (last != null && lo <= last[1] + 1) {
        last[1] = Math.max(last[1], hi);
      } else {
        regions.add(new int[] {lo, hi});
      }
    }
    int k = 0;
    int s = 0; // next span to consider
    for (int[] r : regions) {
      emit(terms, k, r[0], out);
      int start = from[r[0]];
      int end = from[r[1] + 1];
      int at = start;
      while (s < spans.size() && spans.get(s)[1] <= start) {
        s++;
      }
      while (s < spans.size() && spans.get(s)[1] <= end) {
        int[] sp = spans.get(s++);
        segmentGap(piece.substring(at, sp[0]), out);
        String term = piece.substring(sp[0], sp[1]);
        add(out, term, res.terms.getOrDefault(term, "ns"));
        at = sp[1];
      }
      segmentGap(piece.substring(at, end), out);
      k = r[1] + 1;
    }
    emit(terms, k, n, out);
  }

  private static void emit(List<Term> terms, int from, int to, List<Token> out) {
    for (int e = from; e < to; e++) {
      Term x = terms.get(e);
      add(out, x.word, x.nature == null ? "x" : x.nature.toString());
    }
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
  }

  /** Index of the token containing character {@code offset}. */
  private static int tokenAt(int[] from, int n, int offset) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (from[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static void add(List<Token> out, String word, String pos) {
    String w = word.strip();
    if (!w.isEmpty()) {
      out.add(new Token(w, pos));
    }
  }

  /** The longest domain term or place code starting at {@code i}, or null. */
  private String termAt(String t, int i) {
    char ch = t.charAt(i);
    if (ch >= 'A' && ch <= 'Z' && (i == 0 || !isAsciiLetterOrDigit(t.charAt(i - 1)))) {
      int j = i + 1;
      while (j < t.length() && j - i <= 2 && t.charAt(j) >= '0' && t.charAt(j) <= '9') {
        j++;
      }
      if (j < t.length() && "省市区县".indexOf(t.charAt(j)) >= 0) {
        return t.substring(i, j + 1);
      }
      return null;
    }
    if ((ch == '西' || ch == '东') && t.startsWith("地省", i + 1)) {
      return t.substring(i, i + 3);
    }
    if (!termFirst.get(ch)) {
      return null;
    }
    for (String c : termsByFirst.get(ch)) { // longest first
      if (t.startsWith(c, i)) {
        return c;
      }
    }
    return null;
  }

  private void segmentGap(String text, List<Token> out) {
    if (text.isEmpty()) {
      return;
    }
    for (Term term : segment.seg(text)) {
      add(out, term.word, term.nature == null ? "x" : term.nature.toString());
    }
  }

  /**
   * End of the chunk starting at {@code start}: at most CHUNK chars, cut after a sentence end if
   * there is one in the second half, else after a comma or space, else anywhere (but never inside
   * a surrogate pair).
   */
  static int cut(String s, int start) {
    int max = Math.min(s.length(), start + CHUNK);
    if (max == s.length()) {
      return max;
    }
    for (String ends : new String[] {"。！？\n；", "，、, ：:"}) {
      for (int i = max - 1; i > start + CHUNK / 2; i--) {
        if (ends.indexOf(s.charAt(i)) >= 0) {
          return i + 1;
        }
      }
    }
    if (Character.isHighSurrogate(s.charAt(max - 1))) {
      return max - 1;
    }
    return max;
  }

  /** Traditional → simplified for Han characters only (HanLP's CharTable would also lower-case A市). */
  static String simplify(String s) {
    char[] c = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 0x4E00 && ch <= 0x9FFF) {
        char to = CharTable.convert(ch);
        if (to != ch && to >= 0x4E00 && to <= 0x9FFF) {
          if (c == null) {
            c = s.toCharArray();
          }
          c[i] = to;
        }
      }
    }
    return c == null ? s : new String(c);
  }

  // ------------------------------------------------------------------ analysis

  private static final Pattern PLACE_CODE = Pattern.compile("(?:西地省|东地省|[A-Z]\\d{0,2}(?:省|市|区|县))+");
  private static final Pattern MASK_TOKEN = Pattern.compile("\\[(?:电话|身份证号|银行卡号|邮箱|姓名|门牌)\\]");
  /** Endings that make a word, or a word plus the one or two before it, a place. */
  static final List<String> PLACE_SUFFIXES =
      List.of("街道", "社区", "小区", "花园", "家园", "新村", "公寓", "华府", "名城", "雅居", "嘉园", "佳园", "豪园", "华庭", "豪庭", "名邸", "福邸", "华都", "名都", "广场", "大道", "商城", "大厦", "山庄", "公馆", "庄园", "公园", "苑", "村", "镇", "乡", "县", "区", "市", "省", "路", "街", "巷", "湾", "城");

  public Analysis analyze(String title, String text) {
    String t = title == null ? "" : title;
    String b = text == null ? "" : text;
    List<Token> titleTokens = segment(t);
    List<Token> bodyTokens = segment(b);
    Set<String> places = new LinkedHashSet<>();
    findPlaces(titleTokens, places);
    findPlaces(bodyTokens, places);
    List<String> titleFeatures = features(titleTokens);
    List<String> features = new ArrayList<>(titleFeatures);
    features.addAll(features(bodyTokens));
    List<String> masked = new ArrayList<>(features.size());
    for (String f : features) {
      if (!isPlacePart(f, places)) {
        masked.add(f);
      }
    }
    List<String> placeList = dropContained(places);
    List<Token> tokens = new ArrayList<>(titleTokens.size() + bodyTokens.size());
    tokens.addAll(titleTokens);
    tokens.addAll(bodyTokens);
    return new Analysis(List.copyOf(tokens), List.copyOf(titleFeatures), List.copyOf(features), List.copyOf(masked), List.copyOf(placeList),
        SimHash.of(t + "\n" + b));
  }

  private static boolean isCode(String w) {
    char c = w.isEmpty() ? ' ' : w.charAt(0);
    return (c >= 'A' && c <= 'Z' || c == '西' || c == '东') && PLACE_CODE.matcher(w).matches();
  }

  /** Places from POS tags (ns) and from place endings, joining a bare ending to the words before it. */
  void findPlaces(List<Token> tokens, Set<String> into) {
    for (int i = 0; i < tokens.size(); i++) {
      Token tk = tokens.get(i);
      String w = tk.word();
      if (isCode(w)) {
        // consecutive codes are one place: A市 A2区 → A市A2区
        StringBuilder code = new StringBuilder(w);
        int start = i;
        while (i + 1 < tokens.size() && isCode(tokens.get(i + 1).word())) {
          code.append(tokens.get(++i).word());
        }
        into.add(code.toString());
        if (start == i) {
          codeInName(tokens, i, into);
        }
        continue;
      }
      boolean ns = tk.pos().startsWith("ns") && !NOT_PLACES_TAGGED_NS.contains(w);
      if (endingSplitAfter(tokens, i)) {
        continue; // 恒/大名/都: the place ends with the next token (恒大名都), not here (恒大名)
      }
      int first = i; // first token of the ending
      String suffix = placeSuffix(w);
      if (suffix == null && i > 0 && w.length() == 1) {
        String before = tokens.get(i - 1).word();
        // an ending split in two single characters (雅/居, 家/园), or a proper name's last character
        // and the next one (大名/ns 都 → 名都)
        String two = before.charAt(before.length() - 1) + w;
        if ((before.length() == 1 || endingSplitAfter(tokens, i - 1)) && PLACE_SUFFIXES.contains(two)) {
          suffix = two;
          first = i - 1;
        }
      }
      if (!ns && suffix == null) {
        if (RESIDENT_CUES.contains(w)) {
          cuedName(tokens, i, into);
        } else if (LIVES_AT.contains(w)) {
          livesAt(tokens, i, into);
        }
        continue;
      }
      StringBuilder name = new StringBuilder(joined(tokens, first, i + 1));
      // A bare or short ending (路, 小区, 花园, 苑) takes up to three short name-like words before
      // it: 桂花/坪/街道 → 桂花坪街道, 景/蓉/华苑 → 景蓉华苑; a fourth when it is one character and
      // the name stays short: 伊/景/园/滨河/苑 → 伊景园滨河苑 (附件3's most reported estate).
      if (!ns || w.length() <= 2) {
        for (int j = first - 1, taken = 0; j >= 0 && taken < 4; j--, taken++) {
          Token p = tokens.get(j);
          if (surnameAndHome(tokens, j, first) && taken < 3) {
            name.insert(0, tokens.get(j - 1).word() + p.word()); // 丁/家/岭/小区 → 丁家岭小区
            j--;
            taken++;
            continue;
          }
          if (!nameLike(p) || p.word().length() > 4 || name.length() + p.word().length() > 10 || lineNumber(tokens, j)
              || taken == 3 && !fourth(p, name.length(), suffix)) {
            break;
          }
          name.insert(0, p.word());
        }
      }
      String place = name.toString();
      boolean bareEnding = PLACE_SUFFIXES.contains(place) || place.equals(suffix);
      // 马路, 满路: two characters ending in a one-character ending are words, not names, unless HanLP knows them as places
      boolean tooShort = !ns && place.length() == 2 && suffix != null && suffix.length() == 1;
      // 本小区, 朝小区, 找社区: one little word before a kind of place is part of a sentence, not a name
      boolean littleWord = suffix != null && KINDS_OF_PLACE.contains(suffix) && place.length() == suffix.length() + 1 && NOT_ALONE.indexOf(place.charAt(0)) >= 0;
      if (place.length() >= 2 && !bareEnding && !tooShort && !littleWord && !res.isStopWord(place) && !res.terms.containsKey(place) && !endsLikeARoad(place)) {
        into.add(place);
      }
    }
  }

  /**
   * Words that end in 路 but are no road (高铁线路, 城市道路, 泥巴路, 卷款跑路; over the 11,038 shared
   * messages 895 such "places"): not places. As places they also took their words out of the
   * place-masked features, so 高铁 was missing from the complaints about a railway line planned
   * next to an estate, and from the label. Railways (京广铁路) go too: the estate beside
   * one is where the problem is.
   */
  public static final List<String> NOT_ROADS = List.of("跑路", "道路", "马路", "走路", "出路", "线路", "思路", "网路", "铁路", "上路", "让路", "修路", "带路", "引路",
      "套路", "绕路", "堵路", "占路", "挡路", "封路", "断路", "泥巴路", "满路");
  // not 水路, 前路, 后路: 清水路, 泉水路, 站前路 and 府后路 are roads

  static boolean endsLikeARoad(String place) {
    if (place.charAt(place.length() - 1) != '路') {
      return false;
    }
    for (String w : NOT_ROADS) {
      if (place.endsWith(w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A county or district code inside an estate's or firm's name: the anonymiser of the real data
   * replaced the part of a name that is also a county's or district's name, so 五矿万境K9县 and
   * 华润M9县城 are estates and 星沙K9县郡 one in 星沙, not counties. The code at {@code i} is such a
   * part when it follows, with nothing between, one to four name-like words (at most 8 characters)
   * of which one is a proper name (nz, nt, nr, j): 五矿/nz 万/m 境/ng K9县. A code after a verb,
   * a preposition, punctuation, a place or another code (带领K7县, 在J9县, 高新区B4区, A市A5区)
   * stays a code alone.
   */
  private void codeInName(List<Token> tokens, int i, Set<String> into) {
    String w = tokens.get(i).word();
    char level = w.charAt(w.length() - 1);
    if (level != '县' && level != '区') {
      return;
    }
    int j = i - 1;
    int len = 0;
    boolean proper = false;
    for (; j >= 0 && i - j <= 4; j--) {
      Token p = tokens.get(j);
      if (!nameLike(p) || len + p.word().length() > 8 || p.word().length() >= 2 && placeSuffix(p.word()) != null) {
        break; // 高新区/nz B4区: a zone and a district, not a name
      }
      String pos = p.pos();
      proper |= p.word().length() >= 2 && (pos.equals("nz") || pos.startsWith("nt") || pos.startsWith("nr") || pos.equals("j"));
      len += p.word().length();
    }
    // the name stands where a name can (after a place, a code, punctuation, 是/在/位于…), not after
    // a verb or a number: 请彻查E10县, 能提振K7县, 18日经A7县 are counties
    boolean stands = nameStands(tokens, j) || j >= 0 && PLACE_SUFFIXES.contains(tokens.get(j).word());
    if (proper && len >= 2 && stands) {
      String place = joined(tokens, j + 1, i) + w;
      if (!res.isStopWord(place)) {
        into.add(place);
      }
    }
  }

  /**
   * Whether a proper name at {@code i} (ns, nz, nr, nt; two or more characters) ends in the first
   * character of a two-character ending that the next, one-character token completes: HanLP reads
   * 恒大名都 as 恒/大名(ns)/都(d).
   */
  private static boolean endingSplitAfter(List<Token> tokens, int i) {
    if (i + 1 >= tokens.size()) {
      return false;
    }
    Token t = tokens.get(i);
    String p = t.pos();
    String next = tokens.get(i + 1).word();
    return t.word().length() >= 2 && next.length() == 1 && (p.startsWith("ns") || p.equals("nz") || p.startsWith("nr") || p.startsWith("nt"))
        && PLACE_SUFFIXES.contains(t.word().charAt(t.word().length() - 1) + next);
  }

  /**
   * Words that follow an estate's name when its people or managers speak of it: 枫林绿洲的业主,
   * 碧水蓝天开发商, 阳光100物业公司. Many estates have no ending (枫林绿洲, 锦绣江南, 阳光100), and
   * without this their complaints name no place, so one problem at several of them looks like one
   * issue. A name HanLP keeps as one word (书香门第/n) stays out: see {@link #cuedName}.
   */
  static final Set<String> RESIDENT_CUES = Set.of("业主", "住户", "物业", "物业公司", "开发商", "楼盘", "业委会", "业主委员会");
  /** Words before 业主/住户… that say which or how many people, or what they own, not where (大部分业主, 房地产开发商). */
  static final Set<String> NOT_CUED_NAMES = Set.of("全体", "广大", "部分", "大部分", "多数", "大多数", "少数", "个别", "一些", "所有", "其他", "其它",
      "很多", "许多", "众多", "各位", "周边", "附近", "当地", "楼上", "楼下", "隔壁", "高层", "低层", "顶层", "底层", "一楼", "顶楼", "楼层",
      "商铺", "门面", "住宅", "房屋", "整个", "房地产", "地产", "置业", "别墅", "洋房", "户型", "单元", "精装", "精装修", "项目", "楼盘",
      "国家", "全国", "全省", "全市", "全区", "年度", "利害", "规定", "政策");

  /**
   * The name before a resident cue at {@code i} (a 的 between allowed), where a name can stand: after
   * a place code, a known place, a pronoun, 是/在/住在/位于, punctuation or the start. Up to three
   * name-like words, the first not a number or a single character, no measure word at the end
   * (三百户业主), at least three characters.
   */
  private void cuedName(List<Token> tokens, int i, Set<String> into) {
    int j = i - 1;
    if (j >= 0 && tokens.get(j).word().equals("的")) {
      j--;
    }
    int last = j;
    int taken = 0;
    for (; j >= 0 && taken < 3; j--, taken++) {
      Token p = tokens.get(j);
      if (!nameLike(p) || !cuedNamePart(p) || NOT_CUED_NAMES.contains(p.word())) {
        break;
      }
    }
    int first = j + 1;
    // one word is a word HanLP knows (没想到, 小户型, 利害关系…), rarely an estate: a cued name has two or three
    if (last - first < 1 || !nameStands(tokens, j)) {
      return;
    }
    Token head = tokens.get(first);
    if (head.word().length() < 2 || head.pos().startsWith("m") || head.pos().startsWith("q")) {
      return;
    }
    String place = joined(tokens, first, last + 1);
    // 三百户, 报名, 车位, 一家, 多人, 二期: what was counted or bought, not where
    if ("户名位家人期".indexOf(place.charAt(place.length() - 1)) < 0) {
      addCuedName(place, into);
    }
  }

  /** The words of {@code tokens} from {@code from} (inclusive) to {@code to} (exclusive), joined. */
  private static String joined(List<Token> tokens, int from, int to) {
    StringBuilder name = new StringBuilder();
    for (int k = from; k < to; k++) {
      name.append(tokens.get(k).word());
    }
    return name.toString();
  }

  /** Adds a name found by a cue when it has 3–8 characters and is neither a stop word nor a domain term. */
  private void addCuedName(String place, Set<String> into) {
    if (place.length() >= 3 && place.length() <= 8 && !res.isStopWord(place) && !res.terms.containsKey(place)) {
      into.add(place);
    }
  }

  /** Nouns, name parts, abbreviations and digits; not verbs, adjectives or adverbs (枫林/n 绿洲/n 开发商, not 伤心/a 愤怒/a 业主). */
  private static boolean cuedNamePart(Token t) {
    String p = t.pos();
    return p.equals("n") || p.equals("nz") || p.startsWith("nr") || p.startsWith("nt") || p.equals("nx") || p.equals("j") || p.equals("b") || p.equals("g")
        || p.equals("ng") || p.equals("m") && t.word().chars().allMatch(Character::isDigit) || p.equals("x");
  }

  /** Verbs after which the writer names where they live: 住在 A市A1区丰泽园，… */
  static final Set<String> LIVES_AT = Set.of("住在", "家住", "居住在", "居住于");

  /**
   * The name after 住在/家住 (place codes skipped) that ends the phrase (punctuation, 的, a resident
   * cue or the end follows): up to three name-like words, at least three characters. One word is
   * enough here when it is a name word (丰泽园/nz): what follows 住在 and ends the phrase is where someone lives.
   */
  private void livesAt(List<Token> tokens, int i, Set<String> into) {
    int j = i + 1;
    while (j < tokens.size() && isCode(tokens.get(j).word())) {
      j++;
    }
    int first = j;
    while (j < tokens.size() && j - first < 3 && nameLike(tokens.get(j)) && cuedNamePart(tokens.get(j)) && !NOT_CUED_NAMES.contains(tokens.get(j).word())) {
      j++;
    }
    if (j == first || j < tokens.size() && !tokens.get(j).pos().equals("w") && !tokens.get(j).word().equals("的") && !RESIDENT_CUES.contains(tokens.get(j).word())) {
      return;
    }
    String one = tokens.get(first).pos();
    if (j - first == 1 && !(one.equals("nz") || one.startsWith("nr") || one.startsWith("nt"))) {
      return; // one common word (一墙之隔/n) is no estate
    }
    addCuedName(joined(tokens, first, j), into);
  }

  /** Whether a name may start after token {@code j}: the start, punctuation, a place, a pronoun or 是/在/住在/位于/我们. */
  private static boolean nameStands(List<Token> tokens, int j) {
    if (j < 0) {
      return true;
    }
    Token t = tokens.get(j);
    String p = t.pos();
    String w = t.word();
    return p.equals("w") || p.startsWith("ns") || isCode(w) || p.startsWith("r") || w.equals("是") || w.equals("在") || w.equals("住在")
        || w.equals("位于") || w.equals("住") || w.equals("对") || w.equals("投诉") || w.equals("反映") || w.equals("关于");
  }

  /**
   * Whether token {@code j} is the 家 of a surname-and-home place name (丁家岭, 柏家塘, 魏家坡: HanLP
   * tags the 家 as a measure word, which ended the name at 岭小区): one name character before it,
   * one after it and before the ending at {@code first}. Over the 11,038 shared messages 193 names
   * in 180 messages are whole with this (万家丽路 49 times, 伍家岭街道, 柏家塘小区, 刘家冲路), where
   * 86 cut ones were (丽北路, 岭街道, 塘小区).
   */
  private boolean surnameAndHome(List<Token> tokens, int j, int first) {
    if (j < 1 || j + 1 >= first || !tokens.get(j).word().equals("家") || tokens.get(j + 1).word().length() != 1) {
      return false;
    }
    Token s = tokens.get(j - 1);
    return s.word().length() == 1 && nameLike(s);
  }

  /**
   * Whether token {@code j} is the 线 of a numbered line (地铁3号线, 217线): the line, not part of the
   * station or road after it (3/号/线/人民/东路 is 人民东路, not 线人民东路; 金/线/街 stays whole).
   */
  private static boolean lineNumber(List<Token> tokens, int j) {
    if (j < 1 || !tokens.get(j).word().equals("线")) {
      return false;
    }
    String before = tokens.get(j - 1).word();
    char last = before.isEmpty() ? ' ' : before.charAt(before.length() - 1);
    return last == '号' || last >= '0' && last <= '9' || "一二三四五六七八九十".indexOf(last) >= 0;
  }

  /**
   * Words HanLP tags as place names (ns) that in complaints are none: 惠民 (惠民政策, 惠民工程; 惠民县
   * is in Shandong) in 77 of the 11,038 shared messages, 工薪阶层 in 25, 路南 ("south of the road") in
   * 25, and directions and regions (西北方向, 东北, 华南). They made unrelated complaints "the same
   * place". As a name's part before an ending they still count (惠民路, 惠民幼儿园).
   */
  static final Set<String> NOT_PLACES_TAGGED_NS = Set.of("惠民", "惠农", "工薪阶层", "贫民窟", "路南", "路北", "路东", "路西", "东北", "西北", "东南", "西南",
      "华南", "华东", "华北", "华中");

  /** Drops a place that is part of a longer place found in the same complaint (金沙 beside 金沙街道). */
  static List<String> dropContained(Set<String> places) {
    List<String> out = new ArrayList<>();
    for (String p : places) {
      boolean inside = false;
      for (String q : places) {
        if (q.length() > p.length() && q.contains(p)) {
          inside = true;
          break;
        }
      }
      if (!inside) {
        out.add(p);
      }
    }
    return out;
  }

  private boolean nameLike(Token t) {
    String p = t.pos();
    String w = t.word();
    if (isCode(w) || p.startsWith("ns") && w.length() >= 2 && placeSuffix(w) != null) {
      return false; // A7县 + 特立路, 城东区 + 沙田路: two places, not one
    }
    if (w.length() == 1 && w.charAt(0) >= 0x4E00 && w.charAt(0) <= 0x9FFF) {
      return NOT_IN_NAMES.indexOf(w.charAt(0)) < 0 && !PLACE_SUFFIXES.contains(w);
    }
    if (res.isStopWord(w) || res.terms.containsKey(w) || isMask(w)) {
      return false;
    }
    if (PLACE_SUFFIXES.contains(w) || p.equals("w") || w.length() > 4 || NOT_NAME_STARTS.indexOf(w.charAt(0)) >= 0) {
      return false;
    }
    return p.startsWith("n") || p.equals("j") || p.equals("b") || p.equals("ag") || p.equals("a") || p.equals("g") || p.equals("tg")
        || p.equals("m") && w.chars().allMatch(Character::isDigit) || p.equals("x") && w.matches("[A-Za-z0-9]{1,4}")
        || w.length() == 1 && w.charAt(0) >= 0x4E00 && w.charAt(0) <= 0x9FFF && NOT_IN_NAMES.indexOf(w.charAt(0)) < 0;
  }

  private static boolean isMask(String w) {
    return w.length() >= 4 && w.charAt(0) == '[' && w.charAt(w.length() - 1) == ']' && MASK_TOKEN.matcher(w).matches();
  }

  /** Last characters of the place endings, to skip most words with one set lookup. */
  private static final java.util.BitSet SUFFIX_LAST = new java.util.BitSet(65536);

  static {
    for (String s : PLACE_SUFFIXES) {
      SUFFIX_LAST.set(s.charAt(s.length() - 1));
    }
  }

  /**
   * Single characters that end a place name when walking back from its ending: function words and
   * the verbs people put before a place (住在, 到, 去, 位于…). Any other single character may be part
   * of a name, whatever HanLP tagged it (君/ng 都/d 雅/ag 居/v → 君都雅居).
   */
  static final String NOT_IN_NAMES = "如着我现因想的了在和与及是到从对向把被去往住来回经过走沿给让为于由将就也还又再很太最更不没无请望求该此这那其各每某个位座栋号楼层室年月日天时点分至近靠旁边里内外上下前后左右说叫称让使令等或并且而但买卖租搬进出入离趟条座所家位距系属以";

  /**
   * Characters never taken as the fourth word before an ending, even when HanLP tags them as a name
   * part: numbers, measure words, pronouns and little words that come before a place in a sentence.
   * Most such words are already kept out by their tags or because the ending is no estate's (一名安沙镇,
   * 多户双水湾, 花几百米路); over the shared messages this list decides one place (花置业星湖湾).
   */
  static final String NOT_FOURTH = "一二三四五六七八九十百千万两几多少因据我你他她它曾临花每各本该已共约仅还有组户段份名次个栋号经系由自称";

  /**
   * Characters that alone before a two-character ending make no name: determiners, verbs and
   * adjectives of the sentence (本小区 "this estate", 朝小区里排烟 "smoke towards the estate",
   * 找小区物业, 老小区, 全小区); over the 11,038 shared messages 271 such "places" in 247 messages before this rule.
   * Only a one-character name before a kind of place ({@link #KINDS_OF_PLACE}) is checked: 本草园,
   * 大汉小区 and 新华都 are names.
   */
  static final String NOT_ALONE = "本朝找以据跟听驻要读做报推受致仅当问按含有全第同原旧老两多大新小";

  /**
   * The {@link #PLACE_SUFFIXES} of two characters that say what kind of place it is, not part of a
   * brand (华都, 名城); not 新村 (大新村 is a village).
   */
  static final Set<String> KINDS_OF_PLACE = Set.of("小区", "社区", "街道", "花园", "公园", "广场", "公寓", "大厦", "家园");

  /** Endings of estates and buildings, whose names are often cut into single characters (伊/景/园/滨河/苑). */
  static final List<String> ESTATE_SUFFIXES = List.of("小区", "花园", "家园", "新村", "公寓", "华府", "名城", "雅居", "山庄", "公馆", "庄园", "苑", "湾", "城");

  /** Whether a fourth word before an ending belongs to the name: one character tagged as a name part, before an estate ending, the name still short. */
  private static boolean fourth(Token p, int nameLength, String suffix) {
    String pos = p.pos();
    return p.word().length() == 1 && nameLength <= 5 && suffix != null && ESTATE_SUFFIXES.contains(suffix) && NOT_FOURTH.indexOf(p.word().charAt(0)) < 0
        && (pos.equals("b") || pos.startsWith("n") || pos.equals("g") || pos.equals("j") || pos.equals("tg"));
  }

  /** First characters of words that are not part of a name (想买套公寓: 想/v 买套/nz 公寓 is no place). */
  static final String NOT_NAME_STARTS = "想买卖租";

  private static String placeSuffix(String w) {
    if (w.isEmpty() || !SUFFIX_LAST.get(w.charAt(w.length() - 1))) {
      return null;
    }
    for (String s : PLACE_SUFFIXES) {
      if (w.endsWith(s)) {
        return s;
      }
    }
    return null;
  }

  private static boolean isPlacePart(String f, Set<String> places) {
    for (String p : places) {
      if (p.contains(f) || f.contains(p)) {
        return true;
      }
    }
    return false; // every code token is in places, so codes are caught above
  }

  /** Content words for clustering: POS-filtered, no stop words, no masks, mapped to concepts. */
  List<String> features(List<Token> tokens) {
    List<String> out = new ArrayList<>();
    for (Token t : tokens) {
      String w = t.word();
      if (res.isStopWord(w) || isMask(w)) {
        continue;
      }
      boolean domain = res.terms.containsKey(w) || res.concepts.containsKey(w);
      if (!domain && (w.length() < 2 || !contentPos(t.pos()) || !hasHan(w))) {
        continue;
      }
      out.add(res.concept(w));
    }
    return out;
  }

  static boolean contentPos(String p) {
    if (p.startsWith("nr") || p.equals("nx")) {
      return false; // people's names never become features
    }
    return p.startsWith("n") || p.startsWith("v") || p.equals("a") || p.equals("an") || p.equals("j") || p.equals("l") || p.equals("i") || p.equals("gi") || p.equals("gm") || p.equals("g");
  }

  private static boolean hasHan(String w) {
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c >= 0x4E00 && c <= 0x9FFF) {
        return true;
      }
    }
    return false;
  }
}
