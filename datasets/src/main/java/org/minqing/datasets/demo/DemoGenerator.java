package org.minqing.datasets.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.minqing.datasets.demo.Places.Estate;

/**
 * Generates Minqing's own demo data: complaints of a fictional city (青溪市) as three exports of
 * different shapes, their handling events, and the ground truth of the recurring issues planted in
 * them.
 *
 * <h2>What it writes under the output folder</h2>
 *
 * <ul>
 *   <li>{@code hotline/12345_export_part0001.csv}: the county platform's 12345 export (hotline,
 *       face-to-face desks, market days, contact points, 约谈 requests), <b>GBK</b>, operator-written
 *       third-person text, region columns, co-signers, replies.
 *   <li>{@code hotline/12345_export_update_0001.csv}: a later re-export of a few orders with updated
 *       replies (the later export wins; the earlier row is quarantined as superseded).
 *   <li>{@code web/portal_part0001.csv}: the leader-message board (领导留言板), UTF-8 with a BOM,
 *       first-person letters with likes and dislikes, no region columns.
 *   <li>{@code wechat/wechat_part0001.jsonl}: messages from officials' WeChat groups, JSON Lines.
 *   <li>{@code events/case_events_part0001.csv}: handling events (受理, 交办, 上报, 办结, 回访) per case.
 *   <li>{@code ground_truth.csv}: for every planted complaint, its planted issue and pattern.
 *   <li>{@code generation.json}: the options, and per file the rows written and the bad rows planted.
 * </ul>
 *
 * <h2>What is planted</h2>
 *
 * Two cross-location patterns (property deeds not issued at 15 estates; failing elevators at 8
 * estates), each estate one local issue, and six single-place issues (a road unpaved for 16 years,
 * a dark street near the 船员宿舍, fumes from one restaurant, night construction at one site with a
 * burst in the last two weeks, a school catchment dispute, wage arrears at one factory). Everything
 * else is background drawn from 33 problem types at random places. Wording varies: each complaint
 * picks its title, opening, problem sentence, details, request and closing from several variants,
 * and hotline text is written the way operators write it. A few rows are deliberately bad (bad
 * date, empty text, missing id, a non-numeric like count, broken JSON) and about 2% of complaints
 * are resent word for word by the same person within days.
 *
 * <p>Deterministic: the same {@link Options} give byte-identical files. Streams day by day, so
 * millions of rows need little memory.
 */
public final class DemoGenerator {
  /** Sources written by the generator, as named in the shipped profiles. */
  public static final String SRC_HOTLINE = "demo_hotline";
  public static final String SRC_WEB = "demo_web";
  public static final String SRC_WECHAT = "demo_wechat";

  /**
   * @param seed random seed
   * @param rows complaints to generate (before repeats and planted bad rows)
   * @param start first day of the period
   * @param days length of the period in days
   * @param rowsPerFile rows per export file before a new part starts
   * @param badRows whether to plant bad rows
   */
  public record Options(long seed, int rows, LocalDate start, int days, int rowsPerFile, boolean badRows) {
    public Options {
      if (rows < 200) {
        throw new IllegalArgumentException("rows must be at least 200 so every planted issue has members, got " + rows);
      }
      if (days < 28) {
        throw new IllegalArgumentException("days must be at least 28 (bursts need a baseline), got " + days);
      }
      if (rowsPerFile < 100) {
        throw new IllegalArgumentException("rowsPerFile must be at least 100, got " + rowsPerFile);
      }
    }

    /** The committed demo: 3,000 complaints over 92 days from 2026-08-01. */
    public static Options demo() {
      return new Options(20261122L, 3000, LocalDate.of(2026, 8, 1), 92, 500_000, true);
    }

    public Options withRows(int n) {
      return new Options(seed, n, start, days, rowsPerFile, badRows);
    }

    public Options withSeed(long s) {
      return new Options(s, rows, start, days, rowsPerFile, badRows);
    }
  }

  /** What was written: rows per file (including bad rows) and planted bad rows per file and reason. */
  public record Result(
      Path dir,
      long complaints,
      long repeats,
      Map<String, Long> rowsPerFile,
      Map<String, Map<String, Long>> badRowsPerFile,
      Map<String, Long> plantedIssueSizes,
      long supersededRows) {}

  private static final DateTimeFormatter HOTLINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter WEB_TIME = DateTimeFormatter.ofPattern("yyyy/M/d H:mm:ss");
  private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final Charset GBK = Charset.forName("GBK");

  private static final String[] HOTLINE_CHANNELS = {"热线", "热线", "热线", "热线", "热线", "热线", "热线", "面对面", "面对面", "赶场", "联系点", "约谈"};
  private static final Map<String, String> CHANNEL_CODE =
      Map.of("热线", "hotline", "面对面", "in_person", "赶场", "market_day", "联系点", "contact_point", "约谈", "appointment");

  /** Category weights for background complaints (about the real 附件2 distribution). */
  private static final Map<String, Integer> CATEGORY_WEIGHT =
      Map.of("城乡建设", 20, "劳动和社会保障", 19, "教育文体", 16, "商贸旅游", 12, "环境保护", 10, "卫生计生", 9, "交通运输", 7);

  private final Options o;
  private final SplittableRandom rnd;
  private final Places places;
  private final Map<String, ProblemType> types = new LinkedHashMap<>();

  private DemoGenerator(Options o) {
    this.o = o;
    this.rnd = new SplittableRandom(o.seed());
    this.places = new Places(o.seed());
    for (ProblemType t : Vocabulary.TYPES) {
      types.put(t.code(), t);
    }
  }

  /** Generates into {@code outDir} (created; existing generated files are overwritten). */
  public static Result generate(Options options, Path outDir) {
    try {
      return new DemoGenerator(options).run(outDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write demo data under " + outDir, e);
    }
  }

  // ------------------------------------------------------------------ planning

  /** A planted issue: one problem at one place, possibly part of a pattern. */
  private record Planted(String issue, String pattern, ProblemType type, Estate estate, Map<String, String> slots, int count, int firstDay, int lastDay) {}

  private List<Planted> plan() {
    double scale = o.rows() / 3000.0;
    List<Planted> out = new ArrayList<>();
    // Pattern 1: property deeds not issued at 15 estates, spread over all districts.
    List<Estate> pool = new ArrayList<>(places.estates);
    shuffle(pool, new SplittableRandom(o.seed() * 31 + 7));
    int used = 0;
    for (int i = 0; i < 15; i++) {
      Estate e = pool.get(used++);
      int n = Math.max(3, (int) Math.round(scale * (5 + rnd.nextInt(6))));
      out.add(new Planted("deed_backlog@" + e.name(), "deed_backlog", types.get("deed_backlog"), e, Map.of("estate", e.name()), n, 0, o.days() - 1));
    }
    // Pattern 2: failing elevators at 8 estates.
    for (int i = 0; i < 8; i++) {
      Estate e = pool.get(used++);
      int n = Math.max(3, (int) Math.round(scale * (4 + rnd.nextInt(5))));
      out.add(new Planted("elevator_failure@" + e.name(), "elevator_failure", types.get("elevator_failure"), e, Map.of("estate", e.name()), n, 0, o.days() - 1));
    }
    // Six local issues at one place each.
    Estate shatian = estateIn("城东区", "龙泉街道", pool, used++);
    out.add(new Planted("road_unpaved@沙田路", null, types.get("road_unpaved"), shatian, Map.of("road", "沙田路", "years", "16"), scaled(28), 0, o.days() - 1));
    Estate binjiang = estateIn("城东区", "望江街道", pool, used++);
    out.add(new Planted("street_light@船员宿舍", null, types.get("street_light"), binjiang, Map.of("road", "滨江路", "landmark", "船员宿舍", "months", "2"), scaled(16), o.days() / 3, o.days() - 1));
    Estate guihua = estateIn("城西区", "桂花街道", pool, used++);
    out.add(new Planted("restaurant_fumes@老地方烧烤", null, types.get("restaurant_fumes"), guihua, Map.of("shop", "老地方烧烤", "road", "桂花路"), scaled(20), 0, o.days() - 1));
    Estate metro = estateIn("城西区", "杨柳街道", pool, used++);
    out.add(new Planted("night_construction@地铁二号线桂花路站工地", null, types.get("night_construction"), metro, Map.of("site", "地铁二号线桂花路站工地"), scaled(30), o.days() - 14, o.days() - 1));
    Estate school = estateIn("城东区", "春晖街道", pool, used++);
    out.add(new Planted("school_enrollment@城东实验小学", null, types.get("school_enrollment"), school, Map.of("school", "城东实验小学"), scaled(18), 0, o.days() - 1));
    Estate factory = estateIn("江北区", "新港街道", pool, used++);
    out.add(new Planted("wage_arrears@江北鑫源电子厂", null, types.get("wage_arrears"), factory, Map.of("company", "江北鑫源电子厂", "months", "3"), scaled(14), 0, o.days() - 1));
    return out;
  }

  private int scaled(int n) {
    return Math.max(5, (int) Math.round(n * o.rows() / 3000.0));
  }

  private Estate estateIn(String district, String township, List<Estate> pool, int skip) {
    for (int i = pool.size() - 1; i >= 0; i--) {
      Estate e = pool.get(i);
      if (e.district().equals(district) && e.township().equals(township)) {
        return e;
      }
    }
    return pool.get(skip);
  }

  // ------------------------------------------------------------------ one complaint

  /** One generated complaint, before it is written in its export's shape. */
  private static final class Doc {
    String source;
    String sourceId;
    String channelZh;
    LocalDateTime at;
    String title;
    String text;
    String person;
    Estate place;
    int likes;
    int dislikes;
    int coSigners;
    String reply;
    LocalDateTime repliedAt;
    String issue;
    String pattern;
    ProblemType type;
    boolean givenCategory;
  }

  private Doc compose(ProblemType t, Estate place, Map<String, String> fixed, String source, String channelZh) {
    Map<String, String> slots = new HashMap<>();
    int di = places.districtIndex(place.district());
    List<String> roads = places.roadsByDistrict.get(di);
    slots.put("district", place.district());
    slots.put("township", place.township());
    slots.put("community", place.community());
    slots.put("estate", place.name());
    slots.put("road", pick(roads));
    slots.put("shop", pickExcept(Vocabulary.SHOPS, "老地方烧烤"));
    slots.put("school", pickExcept(Vocabulary.SCHOOLS, "城东实验小学"));
    slots.put("company", pickExcept(Vocabulary.COMPANIES, "江北鑫源电子厂"));
    slots.put("site", pickExcept(Vocabulary.SITES, "地铁二号线桂花路站工地"));
    slots.put("landmark", pickExcept(Vocabulary.LANDMARKS, "船员宿舍"));
    slots.put("years", Integer.toString(2 + rnd.nextInt(7)));
    slots.put("months", Integer.toString(2 + rnd.nextInt(5)));
    slots.put("n", Integer.toString(20 + rnd.nextInt(300)));
    slots.putAll(fixed);
    if (!fixed.containsKey("road") && "沙田路".equals(slots.get("road"))) {
      slots.put("road", roads.get(1));
    }

    Doc d = new Doc();
    d.source = source;
    d.channelZh = channelZh;
    d.type = t;
    d.place = place;
    boolean hotline = SRC_HOTLINE.equals(source);
    boolean wechat = SRC_WECHAT.equals(source);
    StringBuilder b = new StringBuilder();
    if (hotline) {
      b.append(pick(List.of("来电人反映：", "市民来电反映，", "群众反映：", "来电人称，", "市民反映：", "")));
      if (rnd.nextInt(3) == 0) {
        b.append(fill(pick(List.of("来电人是{estate}的业主，", "来电人住在{community}，", "该市民系{township}居民，")), slots));
      }
    } else if (wechat) {
      b.append(pick(List.of("@网格员 ", "群主你好，", "请问一下，", "", "", "各位领导，")));
    } else {
      b.append(pick(Vocabulary.OPENERS));
      if (rnd.nextInt(40) == 0) {
        b.append("我叫").append(pick(List.of("王", "李", "张", "刘", "陈", "杨", "赵", "黄"))).append(pick(List.of("建国", "秀英", "志强", "丽", "伟", "小红", "德明"))).append("，");
      }
      b.append(fill(pick(Vocabulary.SELF), slots));
    }
    b.append(fill(pick(t.cores()), slots));
    int extra = rnd.nextInt(3);
    List<String> details = new ArrayList<>(t.details());
    shuffle(details, rnd);
    for (int i = 0; i < extra && i < details.size(); i++) {
      b.append(fill(details.get(i), slots));
    }
    if (!wechat && rnd.nextBoolean()) {
      b.append(pick(Vocabulary.URGENCY));
    }
    if (hotline) {
      b.append(pick(List.of("来电人诉求：", "诉求：", "市民希望", ""))).append(fill(pick(t.asks()), slots));
    } else {
      b.append(fill(pick(t.asks()), slots));
      if (!wechat) {
        b.append(pick(Vocabulary.CLOSERS));
      }
    }
    int pii = rnd.nextInt(100);
    if (pii < 4) {
      b.append("联系电话：").append(mobile());
    } else if (pii == 4) {
      b.append("我家住").append(place.name()).append(1 + rnd.nextInt(20)).append("栋").append(1 + rnd.nextInt(4)).append("单元").append(100 * (1 + rnd.nextInt(18)) + 1 + rnd.nextInt(4)).append("室。");
    } else if (pii == 5 && !hotline) {
      b.append("身份证号").append(idNumber()).append("。");
    }
    d.text = b.toString();
    d.title = wechat ? null : fill(pick(t.titles()), slots);
    if (!hotline && !wechat && rnd.nextInt(8) == 0) {
      // Letters keep the export's whitespace habits: the normaliser must undo them.
      d.text = "\n\t\t\t\t" + d.text.replace("。", "。\r\n\t\t\t\u3000\u3000") + "\n\t\t\t";
    }
    return d;
  }

  // ------------------------------------------------------------------ run

  private Result run(Path out) throws IOException {
    Files.createDirectories(out);
    List<Planted> planted = plan();
    // Schedule planted complaints: per day, the list of planted issues to draw.
    List<List<Planted>> byDay = new ArrayList<>();
    for (int i = 0; i < o.days(); i++) {
      byDay.add(new ArrayList<>());
    }
    long plantedTotal = 0;
    for (Planted p : planted) {
      for (int k = 0; k < p.count(); k++) {
        int span = p.lastDay() - p.firstDay() + 1;
        int day = p.firstDay() + rnd.nextInt(span);
        byDay.get(day).add(p);
      }
      plantedTotal += p.count();
    }
    long background = Math.max(0, o.rows() - plantedTotal);
    double[] dayWeight = new double[o.days()];
    double sum = 0;
    for (int i = 0; i < o.days(); i++) {
      int dow = o.start().plusDays(i).getDayOfWeek().getValue();
      dayWeight[i] = dow >= 6 ? 0.6 : 1.0;
      sum += dayWeight[i];
    }
    List<ProblemType> bgTypes = Vocabulary.TYPES.stream().filter(t -> !t.code().equals("deed_backlog") && !t.code().equals("elevator_failure")).toList();

    Map<String, Long> rowsPerFile = new LinkedHashMap<>();
    Map<String, Map<String, Long>> bad = new LinkedHashMap<>();
    Map<String, Long> sizes = new LinkedHashMap<>();
    try (Exports ex = new Exports(out, rowsPerFile, bad);
        Writer truth = utf8(out.resolve("ground_truth.csv"), false)) {
      truth.write("complaint_id,planted_issue,planted_pattern,category,district,township,community,estate\r\n");
      PriorityQueue<Doc> resends = new PriorityQueue<>(Comparator.comparing((Doc x) -> x.at).thenComparing(x -> x.sourceId));
      long seq = 0;
      long repeats = 0;
      long written = 0;
      int badKind = 0;
      double carry = 0;
      for (int day = 0; day < o.days(); day++) {
        LocalDate date = o.start().plusDays(day);
        carry += background * dayWeight[day] / sum;
        int nBg = (int) Math.floor(carry);
        carry -= nBg;
        List<Doc> docs = new ArrayList<>();
        for (Planted p : byDay.get(day)) {
          String[] src = pickSource();
          Doc d = compose(p.type(), p.estate(), p.slots(), src[0], src[1]);
          d.issue = p.issue();
          d.pattern = p.pattern();
          docs.add(d);
          sizes.merge(p.issue(), 1L, Long::sum);
        }
        for (int i = 0; i < nBg; i++) {
          ProblemType t = pickType(bgTypes);
          Estate e = places.estates.get(rnd.nextInt(places.estates.size()));
          String[] src = pickSource();
          docs.add(compose(t, e, Map.of(), src[0], src[1]));
        }
        for (Doc d : docs) {
          d.at = date.atTime(7 + rnd.nextInt(16), rnd.nextInt(60), rnd.nextInt(60));
        }
        while (!resends.isEmpty() && resends.peek().at.toLocalDate().equals(date)) {
          docs.add(resends.poll());
        }
        docs.sort(Comparator.comparing((Doc x) -> x.at));
        for (Doc d : docs) {
          boolean isResend = d.sourceId != null;
          d.sourceId = nextId(d.source, ++seq);
          if (!isResend) {
            d.person = person(d.source, d.issue != null);
            decorate(d);
            if (rnd.nextInt(50) == 0 && day + 1 < o.days()) {
              Doc again = copyForResend(d, date.plusDays(1 + rnd.nextInt(Math.min(10, o.days() - day - 1))));
              resends.add(again);
            }
          } else {
            repeats++;
          }
          ex.write(d);
          written++;
          truthRow(truth, d);
          if (o.badRows() && written % 331 == 0) {
            ex.writeBad(badKind++, rnd, ++seq);
          }
        }
      }
      long superseded = ex.writeUpdates();
      ex.close();
      writeGenerationJson(out.resolve("generation.json"), written, repeats, rowsPerFile, bad, sizes, superseded);
      return new Result(out, written, repeats, rowsPerFile, bad, sizes, superseded);
    }
  }

  private Doc copyForResend(Doc d, LocalDate day) {
    Doc r = new Doc();
    r.source = d.source;
    r.sourceId = "resend";
    r.channelZh = d.channelZh;
    r.at = day.atTime(7 + rnd.nextInt(16), rnd.nextInt(60), rnd.nextInt(60));
    r.title = d.title;
    r.text = d.text;
    r.person = d.person;
    r.place = d.place;
    r.issue = d.issue;
    r.pattern = d.pattern;
    r.type = d.type;
    r.coSigners = d.coSigners;
    return r;
  }

  /** Likes, co-signers, the given category and the reply. */
  private void decorate(Doc d) {
    if (SRC_WEB.equals(d.source)) {
      d.likes = rnd.nextInt(3) == 0 ? (int) Math.floor(Math.exp(rnd.nextDouble() * (d.issue != null ? 5 : 3))) : 0;
      d.dislikes = rnd.nextInt(12) == 0 ? 1 + rnd.nextInt(4) : 0;
    }
    if ("约谈".equals(d.channelZh)) {
      d.coSigners = 10 + rnd.nextInt(31);
    }
    d.givenCategory = SRC_HOTLINE.equals(d.source) && rnd.nextInt(10) < 6;
    if (!SRC_WECHAT.equals(d.source) && rnd.nextInt(4) != 0) {
      double days = Math.exp(rnd.nextDouble() * 3.4) - 0.5; // 0.5 .. 29 days, median ~5
      d.repliedAt = d.at.plusMinutes((long) (days * 24 * 60));
      d.reply = fill(pick(List.of(
          "您好！您反映的问题已收悉。经{dept}核实，{fix}感谢您对我们工作的关心和支持。",
          "网友您好，关于您反映的问题，{dept}高度重视，{fix}如有疑问请与{dept}联系。",
          "您好，来信收悉。{fix}由{dept}负责跟踪落实。",
          "关于您反映的情况，现答复如下：{fix}")), Map.of("dept", d.place.district() + d.type.department(), "fix", pick(List.of(
          "已责成相关单位限期整改。", "目前正在协调处理中，预计下月完成。", "已安排工作人员现场查看并督促整改。",
          "该问题涉及历史遗留原因，正在研究解决方案。", "已将您的诉求转交属地街道办理。"))));
    }
  }

  // ------------------------------------------------------------------ exports

  /** Writers for the three exports and the events, rolling over to a new part every rowsPerFile rows. */
  private final class Exports implements AutoCloseable {
    private final Path out;
    private final Map<String, Long> rowsPerFile;
    private final Map<String, Map<String, Long>> bad;
    private final Map<String, Writer> open = new HashMap<>();
    private final Map<String, Integer> part = new HashMap<>();
    private final Map<String, Long> inPart = new HashMap<>();
    private final Map<String, String> currentFile = new HashMap<>();
    private final List<Doc> updateCandidates = new ArrayList<>();

    Exports(Path out, Map<String, Long> rowsPerFile, Map<String, Map<String, Long>> bad) {
      this.out = out;
      this.rowsPerFile = rowsPerFile;
      this.bad = bad;
    }

    private Writer writer(String kind) throws IOException {
      long n = inPart.getOrDefault(kind, 0L);
      Writer w = open.get(kind);
      if (w == null || n >= o.rowsPerFile()) {
        if (w != null) {
          w.close();
        }
        int p = part.merge(kind, 1, Integer::sum);
        String rel = switch (kind) {
          case "hotline" -> String.format("hotline/12345_export_part%04d.csv", p);
          case "web" -> String.format("web/portal_part%04d.csv", p);
          case "wechat" -> String.format("wechat/wechat_part%04d.jsonl", p);
          default -> String.format("events/case_events_part%04d.csv", p);
        };
        Path f = out.resolve(rel);
        Files.createDirectories(f.getParent());
        w = switch (kind) {
          case "hotline" -> new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(f), GBK), 1 << 16);
          case "web" -> utf8(f, true);
          default -> utf8(f, false);
        };
        switch (kind) {
          case "hotline" -> w.write("工单编号,来电号码,受理时间,渠道,诉求标题,诉求内容,所属区县,所属街道,所属社区,小区名称,联名人数,问题分类,答复内容,答复时间\r\n");
          case "web" -> w.write("留言编号,留言用户,留言主题,留言时间,留言详情,点赞数,反对数,答复意见,答复时间\r\n");
          case "events" -> w.write("诉求编号,事件,时间,层级,单位,满意度\r\n");
          default -> { }
        }
        open.put(kind, w);
        inPart.put(kind, 0L);
        currentFile.put(kind, rel);
      }
      inPart.merge(kind, 1L, Long::sum);
      rowsPerFile.merge(currentFile.get(kind), 1L, Long::sum);
      return w;
    }

    void write(Doc d) throws IOException {
      switch (d.source) {
        case SRC_HOTLINE -> {
          Writer w = writer("hotline");
          hotlineRow(w, d, d.reply, d.repliedAt);
          if (d.reply == null && updateCandidates.size() < 3 && rnd.nextInt(50) == 0) {
            updateCandidates.add(d);
          }
        }
        case SRC_WEB -> {
          Writer w = writer("web");
          csv(w, d.sourceId, d.person, d.title, d.at.format(WEB_TIME), d.text, Integer.toString(d.likes), Integer.toString(d.dislikes),
              d.reply == null ? "" : d.reply, d.repliedAt == null ? "" : d.repliedAt.format(WEB_TIME));
        }
        default -> {
          Writer w = writer("wechat");
          w.write("{\"msg_id\":" + json(d.sourceId) + ",\"openid\":" + json(d.person) + ",\"group\":" + json(d.place.district() + d.place.township() + "民情微信群")
              + ",\"sent_at\":" + json(d.at.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "+08:00") + ",\"content\":" + json(d.text)
              + ",\"district\":" + json(d.place.district()) + ",\"township\":" + json(d.place.township()) + "}\n");
        }
      }
      events(d);
    }

    private void hotlineRow(Writer w, Doc d, String reply, LocalDateTime repliedAt) throws IOException {
      csv(w, d.sourceId, d.person, d.at.format(HOTLINE_TIME), d.channelZh, d.title, d.text, d.place.district(), d.place.township(),
          d.place.community(), d.place.name(), d.coSigners > 0 ? Integer.toString(d.coSigners) : "",
          d.givenCategory ? d.type.category() : "", reply == null ? "" : reply, repliedAt == null ? "" : repliedAt.format(HOTLINE_TIME));
    }

    /** Handling events of one case: received, assigned, sometimes escalated, closed and followed up. */
    private void events(Doc d) throws IOException {
      if (SRC_WECHAT.equals(d.source)) {
        return;
      }
      String id = d.source + ":" + d.sourceId;
      String community = d.place.community() + (d.place.community().endsWith("村") ? "村委会" : "居委会");
      String street = d.place.township() + (d.place.township().endsWith("街道") ? "办事处" : "人民政府");
      String dept = d.place.district() + d.type.department();
      Writer w = writer("events");
      csv(w, id, "受理", d.at.format(EVENT_TIME), "1", community, "");
      LocalDateTime t = d.at.plusHours(1 + rnd.nextInt(30));
      csv(writer("events"), id, "交办", t.format(EVENT_TIME), "2", street, "");
      int r = rnd.nextInt(100);
      int level = 2;
      String unit = street;
      if (r < 12) {
        t = t.plusDays(2 + rnd.nextInt(5));
        level = 3;
        unit = d.place.district() + "群众工作办公室指挥中心";
        csv(writer("events"), id, "上报", t.format(EVENT_TIME), "3", unit, "");
        if (r < 6) {
          t = t.plusDays(1 + rnd.nextInt(4));
          level = 4;
          unit = dept;
          csv(writer("events"), id, "转办", t.format(EVENT_TIME), "4", unit, "");
        }
        if (r < 1) {
          t = t.plusDays(1 + rnd.nextInt(4));
          level = 5;
          unit = d.place.district() + "分管领导";
          csv(writer("events"), id, "上报", t.format(EVENT_TIME), "5", unit, "");
        }
      }
      if (d.repliedAt != null) {
        LocalDateTime closed = d.repliedAt.isAfter(t) ? d.repliedAt : t.plusHours(2);
        csv(writer("events"), id, "办结", closed.format(EVENT_TIME), Integer.toString(level), unit, "");
        String sat = pick(List.of("满意", "满意", "满意", "基本满意", "基本满意", "不满意"));
        csv(writer("events"), id, "回访", closed.plusDays(1 + rnd.nextInt(3)).format(EVENT_TIME), Integer.toString(level), unit, sat);
      }
    }

    /** Plants one bad row; {@code kind} rotates over the five kinds of bad input. */
    void writeBad(int kind, SplittableRandom r, long seq) throws IOException {
      String source = kind % 5 < 3 ? SRC_HOTLINE : kind % 5 == 3 ? SRC_WEB : SRC_WECHAT;
      String id = nextId(source, seq);
      switch (source) {
        case SRC_HOTLINE -> {
          int k = kind % 5;
          Writer w = writer("hotline");
          String file = currentFile.get("hotline");
          if (k == 0) {
            csv(w, id, mobile(), "2026-13-45 25:61:00", "热线", "路灯不亮", "来电人反映路灯不亮。", "城东区", "东门街道", "", "", "", "", "", "");
            badCount(file, "BAD_TIMESTAMP");
          } else if (k == 1) {
            csv(w, id, mobile(), "2026-09-01 10:00:00", "热线", "（无内容）", " \t ", "城东区", "东门街道", "", "", "", "", "", "");
            badCount(file, "EMPTY_TEXT");
          } else {
            csv(w, "", mobile(), "2026-09-01 10:00:00", "热线", "噪音扰民", "来电人反映晚上有噪音。", "城西区", "西关街道", "", "", "", "", "", "");
            badCount(file, "MISSING_FIELD");
          }
        }
        case SRC_WEB -> {
          Writer w = writer("web");
          csv(w, id, "U" + (100000 + r.nextInt(900000)), "小区停车难", "2026/9/3 8:00:00", "小区停车位太少，晚上回来没地方停车。", "十二", "0", "", "");
          badCount(currentFile.get("web"), "BAD_NUMBER");
        }
        default -> {
          Writer w = writer("wechat");
          w.write("{\"msg_id\":\"" + id + "\",\"openid\":\"oBROKEN\",\"sent_at\":\"2026-09-01T10:00:00+08:00\",\"content\":\"断了的消息\n");
          badCount(currentFile.get("wechat"), "UNPARSEABLE_ROW");
        }
      }
    }

    private void badCount(String file, String reason) {
      bad.computeIfAbsent(file, k -> new LinkedHashMap<>()).merge(reason, 1L, Long::sum);
    }

    /** A later re-export of a few orders, now with replies: the update wins, the first row is superseded. */
    long writeUpdates() throws IOException {
      if (updateCandidates.isEmpty()) {
        return 0;
      }
      String rel = "hotline/12345_export_update_0001.csv";
      Path f = out.resolve(rel);
      try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(f), GBK))) {
        w.write("工单编号,来电号码,受理时间,渠道,诉求标题,诉求内容,所属区县,所属街道,所属社区,小区名称,联名人数,问题分类,答复内容,答复时间\r\n");
        for (Doc d : updateCandidates) {
          hotlineRow(w, d, "您好，您反映的问题已办结，相关单位已完成整改。", d.at.plusDays(3));
          rowsPerFile.merge(rel, 1L, Long::sum);
        }
      }
      return updateCandidates.size();
    }

    @Override
    public void close() throws IOException {
      for (Writer w : open.values()) {
        w.close();
      }
      open.clear();
    }
  }

  // ------------------------------------------------------------------ helpers

  private void truthRow(Writer truth, Doc d) throws IOException {
    if (d.issue == null) {
      return;
    }
    csv(truth, d.source + ":" + d.sourceId, d.issue, d.pattern == null ? "" : d.pattern, d.type.category(),
        d.place.district(), d.place.township(), d.place.community(), d.place.name());
  }

  private String[] pickSource() {
    int r = rnd.nextInt(100);
    if (r < 55) {
      return new String[] {SRC_HOTLINE, HOTLINE_CHANNELS[rnd.nextInt(HOTLINE_CHANNELS.length)]};
    } else if (r < 88) {
      return new String[] {SRC_WEB, "网站"};
    }
    return new String[] {SRC_WECHAT, "微信"};
  }

  private ProblemType pickType(List<ProblemType> list) {
    int total = CATEGORY_WEIGHT.values().stream().mapToInt(Integer::intValue).sum();
    int r = rnd.nextInt(total);
    String cat = null;
    for (var e : new java.util.TreeMap<>(CATEGORY_WEIGHT).entrySet()) {
      r -= e.getValue();
      if (r < 0) {
        cat = e.getKey();
        break;
      }
    }
    final String c = cat;
    List<ProblemType> inCat = list.stream().filter(t -> t.category().equals(c)).toList();
    return inCat.get(rnd.nextInt(inCat.size()));
  }

  private final Map<String, List<String>> people = new HashMap<>();

  /** A complainant id in the source's form; a few heavy posters write often. Planted issues draw mostly new households. */
  private String person(String source, boolean planted) {
    List<String> pool = people.computeIfAbsent(source, k -> new ArrayList<>());
    if (!pool.isEmpty() && !planted && rnd.nextInt(100) < 25) {
      int n = pool.size();
      int i = rnd.nextInt(5) == 0 ? rnd.nextInt(Math.min(n, 20)) : rnd.nextInt(n);
      return pool.get(i);
    }
    String id = switch (source) {
      case SRC_HOTLINE -> mobile();
      case SRC_WEB -> "U" + String.format("%07d", pool.size() + 1 + rnd.nextInt(3));
      default -> "o" + Long.toString(Math.abs(rnd.nextLong()), 36);
    };
    pool.add(id);
    return id;
  }

  private static String nextId(String source, long seq) {
    return switch (source) {
      case SRC_HOTLINE -> String.format("GD%08d", seq);
      case SRC_WEB -> Long.toString(100000 + seq);
      default -> String.format("wx-%08d", seq);
    };
  }

  private String mobile() {
    String[] prefixes = {"138", "139", "137", "150", "151", "186", "187", "133", "177", "199"};
    return prefixes[rnd.nextInt(prefixes.length)] + String.format("%08d", rnd.nextInt(100_000_000));
  }

  private String idNumber() {
    String base = "4301" + String.format("%02d", 1 + rnd.nextInt(20)) + (1950 + rnd.nextInt(50))
        + String.format("%02d", 1 + rnd.nextInt(12)) + String.format("%02d", 1 + rnd.nextInt(28)) + String.format("%03d", rnd.nextInt(1000));
    return base + "0123456789X".charAt(rnd.nextInt(11));
  }

  private String pick(List<String> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  private String pickExcept(List<String> list, String except) {
    String s;
    do {
      s = pick(list);
    } while (s.equals(except));
    return s;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom r) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  static String fill(String template, Map<String, String> slots) {
    if (template.indexOf('{') < 0) {
      return template;
    }
    StringBuilder sb = new StringBuilder(template.length() + 16);
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        sb.append(template, i, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      sb.append(template, i, open);
      String key = template.substring(open + 1, close);
      String v = slots.get(key);
      if (v == null) {
        throw new IllegalStateException("Template slot {" + key + "} has no value in: " + template);
      }
      sb.append(v);
      i = close + 1;
    }
    return sb.toString();
  }

  private static Writer utf8(Path f, boolean bom) throws IOException {
    Files.createDirectories(f.toAbsolutePath().getParent());
    OutputStream os = Files.newOutputStream(f);
    if (bom) {
      os.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
  }

  /** One RFC 4180 record, CRLF-terminated, quoting only fields that need it. */
  static void csv(Writer w, String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        w.write(',');
      }
      String f = fields[i] == null ? "" : fields[i];
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        w.write('"');
        w.write(f.replace("\"", "\"\""));
        w.write('"');
      } else {
        w.write(f);
      }
    }
    w.write("\r\n");
  }

  static String json(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(s.length() + 8).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private void writeGenerationJson(Path f, long written, long repeats, Map<String, Long> rowsPerFile,
      Map<String, Map<String, Long>> bad, Map<String, Long> sizes, long superseded) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"generator\": \"org.minqing.datasets.demo.DemoGenerator\",\n");
    sb.append("  \"seed\": ").append(o.seed()).append(",\n  \"rows\": ").append(o.rows()).append(",\n");
    sb.append("  \"start\": \"").append(o.start()).append("\",\n  \"days\": ").append(o.days()).append(",\n");
    sb.append("  \"complaints_written\": ").append(written).append(",\n  \"repeats\": ").append(repeats).append(",\n");
    sb.append("  \"superseded_rows\": ").append(superseded).append(",\n");
    sb.append("  \"rows_per_file\": {");
    appendMap(sb, rowsPerFile);
    sb.append("},\n  \"bad_rows_per_file\": {");
    int i = 0;
    for (var e : new java.util.TreeMap<>(bad).entrySet()) {
      sb.append(i++ == 0 ? "\n    " : ",\n    ").append(json(e.getKey())).append(": {");
      appendMap(sb, new java.util.TreeMap<>(e.getValue()));
      sb.append('}');
    }
    sb.append("\n  },\n  \"planted_issue_sizes\": {");
    appendMap(sb, new java.util.TreeMap<>(sizes));
    sb.append("}\n}\n");
    Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
  }

  private static void appendMap(StringBuilder sb, Map<String, Long> m) {
    int i = 0;
    for (var e : new java.util.TreeMap<>(m).entrySet()) {
      sb.append(i++ == 0 ? "" : ", ").append(json(e.getKey())).append(": ").append(e.getValue());
    }
  }

  /** {@code java ... DemoGenerator OUT_DIR [ROWS] [SEED]}: generate without Spark. */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: DemoGenerator OUT_DIR [ROWS] [SEED]");
      System.exit(2);
    }
    Options opt = Options.demo();
    if (args.length > 1) {
      opt = opt.withRows(Integer.parseInt(args[1]));
    }
    if (args.length > 2) {
      opt = opt.withSeed(Long.parseLong(args[2]));
    }
    Result r = generate(opt, Path.of(args[0]));
    System.out.println("wrote " + r.complaints() + " complaints (" + r.repeats() + " resent) to " + r.dir());
  }
}
