package org.minqing.datasets.schema;

import static org.minqing.datasets.schema.ColumnType.BOOLEAN;
import static org.minqing.datasets.schema.ColumnType.DOUBLE;
import static org.minqing.datasets.schema.ColumnType.INT_ARRAY;
import static org.minqing.datasets.schema.ColumnType.INT;
import static org.minqing.datasets.schema.ColumnType.LONG;
import static org.minqing.datasets.schema.ColumnType.STRING;
import static org.minqing.datasets.schema.ColumnType.STRING_ARRAY;
import static org.minqing.datasets.schema.ColumnType.TIMESTAMP;

import java.util.List;

/**
 * Every table of the lake, as code. Column names are the constants in the nested classes; jobs use
 * these constants, never string literals, so a rename is a compile error and not a silent null.
 *
 * <p>{@link #SCHEMA_VERSION} follows semver for researchers: a new table or a new nullable column bumps the minor
 * version; a rename, a removal, a type change or a change of meaning bumps the major version.
 */
public final class Tables {
  /** Version of the lake schema as a whole. See the class doc for what bumps it. */
  public static final String SCHEMA_VERSION = "1.1"; // 1.1: classified, case_events, cases, cards, unit_scores

  private Tables() {}

  /** Column names of {@code complaints}. */
  public static final class Complaints {
    public static final String COMPLAINT_ID = "complaint_id";
    public static final String SOURCE = "source";
    public static final String SOURCE_ID = "source_id";
    public static final String CHANNEL = "channel";
    public static final String RECEIVED_AT = "received_at";
    public static final String TITLE = "title";
    public static final String TEXT = "text";
    public static final String DISTRICT = "district";
    public static final String TOWNSHIP = "township";
    public static final String COMMUNITY = "community";
    public static final String GRID = "grid";
    public static final String ESTATE = "estate";
    public static final String COMPLAINANT_KEY = "complainant_key";
    public static final String CO_SIGNERS = "co_signers";
    public static final String LIKES = "likes";
    public static final String DISLIKES = "dislikes";
    public static final String CATEGORY_GIVEN = "category_given";
    public static final String REPLY_TEXT = "reply_text";
    public static final String REPLIED_AT = "replied_at";
    public static final String TEXT_HASH = "text_hash";
    public static final String IS_REPEAT = "is_repeat";
    public static final String REPEAT_OF = "repeat_of";
    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private Complaints() {}
  }

  /** Column names of {@code quarantine}. */
  public static final class Quarantine {
    public static final String RUN_ID = "run_id";
    public static final String SOURCE = "source";
    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";
    public static final String SOURCE_COLUMN = "source_column";
    public static final String REASON = "reason";
    public static final String MESSAGE = "message";
    public static final String RAW = "raw";
    public static final String DT = "dt";

    private Quarantine() {}
  }

  /** Column names of {@code tokens}. */
  public static final class Tokens {
    public static final String COMPLAINT_ID = "complaint_id";
    public static final String WORDS = "words";
    public static final String POS = "pos";
    public static final String TITLE_FEATURES = "title_features";
    public static final String FEATURES = "features";
    public static final String MASKED_FEATURES = "masked_features";
    public static final String PLACES = "places";
    public static final String KEYWORDS = "keywords";
    public static final String SIMHASH = "simhash";
    public static final String TEXT_CHARS = "text_chars";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private Tokens() {}
  }

  /** Column names of {@code issues}. */
  public static final class Issues {
    public static final String ISSUE_ID = "issue_id";
    public static final String RANK = "rank";
    public static final String LABEL = "label";
    public static final String KEYWORDS = "keywords";
    public static final String PLACES = "places";
    public static final String REPRESENTATIVE_ID = "representative_id";
    public static final String REPRESENTATIVE_TITLE = "representative_title";
    public static final String COMPLAINTS = "complaints";
    public static final String DISTINCT_TEXTS = "distinct_texts";
    public static final String COMPLAINANTS = "complainants";
    public static final String LIKES = "likes";
    public static final String CO_SIGNERS = "co_signers";
    public static final String FIRST_SEEN = "first_seen";
    public static final String LAST_SEEN = "last_seen";
    public static final String WEEKLY_COUNTS = "weekly_counts";
    public static final String GROWTH = "growth";
    public static final String BURST = "burst";
    public static final String HEAT = "heat";
    public static final String STATUS = "status";
    public static final String PATTERN_ID = "pattern_id";
    public static final String MERGED_IDS = "merged_ids";
    public static final String SPLIT_FROM = "split_from";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private Issues() {}
  }

  /** Column names of {@code classified}. */
  public static final class Classified {
    public static final String COMPLAINT_ID = "complaint_id";
    public static final String CATEGORY = "category";
    public static final String CONFIDENCE = "confidence";
    public static final String SECOND_CATEGORY = "second_category";
    public static final String SECOND_CONFIDENCE = "second_confidence";
    public static final String NEEDS_REVIEW = "needs_review";
    public static final String CATEGORY_GIVEN = "category_given";
    public static final String DEPARTMENT = "department";
    public static final String ROUTING_RULE = "routing_rule";
    public static final String MODEL_VERSION = "model_version";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private Classified() {}
  }

  /** Column names of {@code case_events}. */
  public static final class CaseEvents {
    public static final String CASE_ID = "case_id";
    public static final String EVENT = "event";
    public static final String EVENT_AT = "event_at";
    public static final String LEVEL = "level";
    public static final String UNIT = "unit";
    public static final String SATISFACTION = "satisfaction";
    public static final String ORIGIN = "origin";
    public static final String SOURCE = "source";
    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private CaseEvents() {}
  }

  /** Column names of {@code cases}. */
  public static final class Cases {
    public static final String CASE_ID = "case_id";
    public static final String RECEIVED_AT = "received_at";
    public static final String CLOSED_AT = "closed_at";
    public static final String STATUS = "status";
    public static final String LEVEL = "level";
    public static final String MAX_LEVEL = "max_level";
    public static final String UNIT = "unit";
    public static final String ESCALATIONS = "escalations";
    public static final String TRANSFERS = "transfers";
    public static final String DAYS_OPEN = "days_open";
    public static final String WORKING_DAYS_OPEN = "working_days_open";
    public static final String ON_TIME = "on_time";
    public static final String SATISFACTION = "satisfaction";
    public static final String YELLOW = "yellow";
    public static final String RED = "red";
    public static final String EVENTS = "events";
    public static final String ORIGIN = "origin";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private Cases() {}
  }

  /** Column names of {@code cards}. */
  public static final class Cards {
    public static final String CARD_ID = "card_id";
    public static final String CASE_ID = "case_id";
    public static final String COLOUR = "colour";
    public static final String THRESHOLD_DAYS = "threshold_days";
    public static final String DAY_BASIS = "day_basis";
    public static final String RECEIVED_AT = "received_at";
    public static final String ISSUED_AT = "issued_at";
    public static final String UNIT = "unit";
    public static final String LEVEL = "level";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private Cards() {}
  }

  /** Column names of {@code unit_scores}. */
  public static final class UnitScores {
    public static final String UNIT = "unit";
    public static final String PERIOD = "period";
    public static final String RECEIVED = "received";
    public static final String CLOSED = "closed";
    public static final String CLOSE_RATE = "close_rate";
    public static final String ON_TIME_RATE = "on_time_rate";
    public static final String MEDIAN_DAYS = "median_days";
    public static final String P90_DAYS = "p90_days";
    public static final String YELLOW_CARDS = "yellow_cards";
    public static final String RED_CARDS = "red_cards";
    public static final String VISITED = "visited";
    public static final String SATISFIED = "satisfied";
    public static final String SATISFACTION_RATE = "satisfaction_rate";
    public static final String ESCALATIONS = "escalations";
    public static final String OPEN_NOW = "open_now";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private UnitScores() {}
  }

  /** Column names of {@code issue_members}. */
  public static final class IssueMembers {
    public static final String COMPLAINT_ID = "complaint_id";
    public static final String RECEIVED_DATE = "received_date";
    public static final String ISSUE_ID = "issue_id";
    public static final String PATTERN_ID = "pattern_id";
    public static final String SIMILARITY = "similarity";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private IssueMembers() {}
  }

  /** Column names of {@code patterns}. */
  public static final class Patterns {
    public static final String PATTERN_ID = "pattern_id";
    public static final String RANK = "rank";
    public static final String LABEL = "label";
    public static final String KEYWORDS = "keywords";
    public static final String ISSUE_IDS = "issue_ids";
    public static final String PLACES = "places";
    public static final String PLACE_COUNT = "place_count";
    public static final String COMPLAINTS = "complaints";
    public static final String HOUSEHOLDS = "households";
    public static final String LIKES = "likes";
    public static final String FIRST_SEEN = "first_seen";
    public static final String LAST_SEEN = "last_seen";
    public static final String WEEKLY_COUNTS = "weekly_counts";
    public static final String HEAT = "heat";
    public static final String REPRESENTATIVE_TITLES = "representative_titles";
    public static final String MERGED_IDS = "merged_ids";
    public static final String RUN_ID = "run_id";
    public static final String DT = "dt";

    private Patterns() {}
  }

  /** Partition value for rows whose source has no time at all (declared in its profile). */
  public static final String UNDATED_PARTITION = "undated";

  public static final Table COMPLAINTS =
      new Table(
          "complaints",
          "complaint (诉求 / 留言 / 工单), after normalisation, PII masking and de-duplication by id",
          "The canonical complaint table every later stage reads. Partitioned by the date the complaint"
              + " was received (Asia/Shanghai). A complaint re-exported under the same id replaces the"
              + " earlier row (the last export wins: later run, then later file in the configured"
              + " order, then later line).",
          List.of(
              Column.required(Complaints.COMPLAINT_ID, STRING, "Unique id: `<source>:<source_id>`."),
              Column.required(Complaints.SOURCE, STRING, "Source profile name (e.g. `tipdm_fj3`, `demo_hotline`)."),
              Column.required(Complaints.SOURCE_ID, STRING, "The id the source system gave the complaint (留言编号 / 工单号); for sources without ids, a hash of the content."),
              Column.required(Complaints.CHANNEL, STRING, "Intake channel: hotline, web, wechat, in_person, market_day, appointment, contact_point, letter_visit."),
              Column.optional(Complaints.RECEIVED_AT, TIMESTAMP, "When the complaint was received (留言时间), an instant; displayed in Asia/Shanghai. Null only for sources whose profile declares they have no time (partition `dt=undated`)."),
              Column.optional(Complaints.TITLE, STRING, "Title / subject (留言主题), normalised and masked.").withPrivacy(Privacy.MASKED),
              Column.required(Complaints.TEXT, STRING, "Body (留言详情), normalised (whitespace runs, full-width letters and digits, zero-width characters) and PII-masked: phones → [电话], ID numbers → [身份证号], bank cards → [银行卡号], e-mail → [邮箱], self-introduced names → [姓名], door numbers → [门牌].").withPrivacy(Privacy.MASKED),
              Column.optional(Complaints.DISTRICT, STRING, "区县, when the source records it."),
              Column.optional(Complaints.TOWNSHIP, STRING, "乡镇 / 街道, when the source records it."),
              Column.optional(Complaints.COMMUNITY, STRING, "村 / 社区, when the source records it."),
              Column.optional(Complaints.GRID, STRING, "网格, when the source records it."),
              Column.optional(Complaints.ESTATE, STRING, "小区 / 花园 / 苑 (housing estate), when the source records it."),
              Column.optional(Complaints.COMPLAINANT_KEY, STRING, "Keyed hash (HMAC-SHA256, 16 hex chars) of the complainant's id (留言用户 / phone): counts distinct people without identifying them. Same key → same person across sources.").withPrivacy(Privacy.KEYED_HASH),
              Column.optional(Complaints.CO_SIGNERS, INT, "Number of residents co-signing (联名); 约谈 requests need ≥ 10."),
              Column.optional(Complaints.LIKES, INT, "点赞数 on web boards."),
              Column.optional(Complaints.DISLIKES, INT, "反对数 on web boards."),
              Column.optional(Complaints.CATEGORY_GIVEN, STRING, "First-level category (一级分类) as given by the source, if any; the classifier's is in `classified`."),
              Column.optional(Complaints.REPLY_TEXT, STRING, "Official reply (答复意见), normalised and masked.").withPrivacy(Privacy.MASKED),
              Column.optional(Complaints.REPLIED_AT, TIMESTAMP, "When the reply was given (答复时间)."),
              Column.required(Complaints.TEXT_HASH, STRING, "SHA-256 (first 16 hex chars) of the normalised title + text; equal hashes = identical wording."),
              Column.required(Complaints.IS_REPEAT, BOOLEAN, "True when the same complainant sent the identical text within the repeat window (default 30 days) of an earlier complaint. Repeats are kept (they count for heat) but flagged."),
              Column.optional(Complaints.REPEAT_OF, STRING, "For a repeat: the complaint_id of the first complaint of its chain."),
              Column.required(Complaints.SOURCE_FILE, STRING, "Input file name the row came from (for operators tracing a row)."),
              Column.required(Complaints.SOURCE_LINE, LONG, "1-based record number in that file (CSV: the line the record starts on; XLSX: the sheet row; JSONL: the line)."),
              Column.required(Complaints.RUN_ID, STRING, "Run that ingested this version of the row (see `_runs/<run_id>.json`)."),
              Column.required(Complaints.DT, STRING, "Partition: received date `yyyy-MM-dd` in Asia/Shanghai, or `undated`.")),
          List.of(Complaints.DT));

  public static final Table QUARANTINE =
      new Table(
          "quarantine",
          "input row that could not be used",
          "Rows rejected by ingest, with the reason and where they came from, so nothing disappears:"
              + " for every file, rows read = rows accepted + rows quarantined (see the run manifest)."
              + " Partitioned by the run date. Operators only: never part of a research export.",
          List.of(
              Column.required(Quarantine.RUN_ID, STRING, "Run that rejected the row."),
              Column.required(Quarantine.SOURCE, STRING, "Source profile name."),
              Column.required(Quarantine.SOURCE_FILE, STRING, "Input file name."),
              Column.required(Quarantine.SOURCE_LINE, LONG, "1-based line / record / sheet row of the rejected row."),
              Column.optional(Quarantine.SOURCE_COLUMN, STRING, "The source column at fault, if one is."),
              Column.required(Quarantine.REASON, STRING, "Reason code, one of " + QuarantineReason.codes() + "."),
              Column.required(Quarantine.MESSAGE, STRING, "What failed, the offending value and how to fix it."),
              Column.optional(Quarantine.RAW, STRING, "The raw row as `column=value` pairs, PII-masked (the original stays in the input file at source_line).").withPrivacy(Privacy.OPERATORS_ONLY),
              Column.required(Quarantine.DT, STRING, "Partition: the run date `yyyy-MM-dd`.")),
          List.of(Quarantine.DT));

  public static final Table TOKENS =
      new Table(
          "tokens",
          "complaint, as the NLP stage sees it",
          "Title and body segmented by HanLP with Minqing's domain dictionary, clustering features,"
              + " places and a near-duplicate fingerprint. Partitioned like `complaints`; a partition is"
              + " recomputed whenever its complaints partition changes. Join on `complaint_id`.",
          List.of(
              Column.required(Tokens.COMPLAINT_ID, STRING, "The complaint (`complaints.complaint_id`)."),
              Column.required(Tokens.WORDS, STRING_ARRAY, "Every word of title then body, in order, as segmented (masked text, so masks like [电话] appear as words).").withPrivacy(Privacy.MASKED),
              Column.required(Tokens.POS, STRING_ARRAY, "Part-of-speech tag of each word (HanLP / PKU tag set: n noun, v verb, ns place, vn verbal noun, w punctuation, ...)."),
              Column.required(Tokens.TITLE_FEATURES, STRING_ARRAY, "Content words of the title: nouns, verbs, adjectives and domain terms, without stop words or people's names, variants mapped to one concept (不动产权证 / 产权证 / 房本 → 房产证)."),
              Column.required(Tokens.FEATURES, STRING_ARRAY, "Content words of title then body, as `title_features` (the input of clustering: the *what* and the *where*)."),
              Column.required(Tokens.MASKED_FEATURES, STRING_ARRAY, "`features` without any word that is, or is part of, a place in `places`: the *what* alone, for cross-location patterns."),
              Column.required(Tokens.PLACES, STRING_ARRAY, "Places mentioned, in order of first mention: anonymised codes (A市A2区, K9县), words tagged as places, and names with a place ending (…小区, …花园, …苑, …路, …街道, …社区, …村)."),
              Column.required(Tokens.KEYWORDS, STRING_ARRAY, "Up to 8 keywords: the features with the highest TF-IDF against the document frequencies of the lake's complaints at the time of the run, from `nlp.keywords_window_days` (default 365) before the earliest partition tokenized in that run up to the latest (0: the whole lake)."),
              Column.required(Tokens.SIMHASH, LONG, "64-bit SimHash of the title and body (character 4-grams); reposts differ in ≤ 3 bits."),
              Column.required(Tokens.TEXT_CHARS, INT, "Characters of title + body."),
              Column.required(Tokens.RUN_ID, STRING, "Run that computed the row."),
              Column.required(Tokens.DT, STRING, "Partition: the complaint's `dt`.")),
          List.of(Tokens.DT));

  public static final Table ISSUES =
      new Table(
          "issues",
          "recurring issue (one problem at one place or for one group), per run",
          "Complaints clustered into issues by the `issues` stage: a snapshot per run, partitioned by the"
              + " run date, so `dt = (SELECT max(dt) FROM issues)` is the current list and older partitions"
              + " show how issues evolved. `issue_id` is stable across runs: an issue that continues keeps"
              + " its id; merges and splits are recorded. Only issues with at least two distinct texts, one"
              + " text sent by at least two known complainants, or that belong to a cross-location pattern, are listed. Heat, trend and burst are defined in"
              + " docs/issues.md.",
          List.of(
              Column.required(Issues.ISSUE_ID, STRING, "Stable id (`I` + 10 hex). Kept while the issue continues; a new id only for a new problem."),
              Column.required(Issues.RANK, INT, "Rank by heat in this run (1 = hottest)."),
              Column.required(Issues.LABEL, STRING, "Readable label: main place and the top keywords of the *what*, e.g. `泰岸花园：房产证、验收、开发商`.").withPrivacy(Privacy.MASKED),
              Column.required(Issues.KEYWORDS, STRING_ARRAY, "Up to 8 keywords by class-based TF-IDF of the issue's place-masked features against all clusters of the run."),
              Column.required(Issues.PLACES, STRING_ARRAY, "Up to 5 fine places (estates, roads, villages, shops) most mentioned by the members, most frequent first."),
              Column.required(Issues.REPRESENTATIVE_ID, STRING, "The medoid: the member closest to the issue's centroid."),
              Column.optional(Issues.REPRESENTATIVE_TITLE, STRING, "Title of the representative complaint (masked).").withPrivacy(Privacy.MASKED),
              Column.required(Issues.COMPLAINTS, LONG, "Member complaints in the clustering window (reposts included: they count for heat)."),
              Column.required(Issues.DISTINCT_TEXTS, INT, "Members after collapsing near-duplicates (reposts, copies)."),
              Column.required(Issues.COMPLAINANTS, LONG, "Distinct complainants (by `complainant_key`; a complaint without one counts as one person)."),
              Column.required(Issues.LIKES, LONG, "Sum of likes (点赞数)."),
              Column.required(Issues.CO_SIGNERS, LONG, "Sum of co-signers (联名)."),
              Column.required(Issues.FIRST_SEEN, STRING, "Date (`yyyy-MM-dd`) of the first member."),
              Column.required(Issues.LAST_SEEN, STRING, "Date of the latest member."),
              Column.required(Issues.WEEKLY_COUNTS, INT_ARRAY, "Complaints per week for the 12 weeks ending on the run date, oldest first."),
              Column.required(Issues.GROWTH, DOUBLE, "(last 14 days − previous 14 days) / max(previous 14 days, 1)."),
              Column.required(Issues.BURST, BOOLEAN, "This week's count rises above the issue's own EWMA baseline (docs/issues.md)."),
              Column.required(Issues.HEAT, DOUBLE, "people + 0.25·(complaints − people) + ln(1 + likes + co-signers) over the heat window (docs/issues.md)."),
              Column.required(Issues.STATUS, STRING, "new / growing / stable / declining / dormant."),
              Column.optional(Issues.PATTERN_ID, STRING, "The cross-location pattern the issue belongs to, if any."),
              Column.required(Issues.MERGED_IDS, STRING_ARRAY, "Ids of earlier issues merged into this one in this run (empty when none)."),
              Column.optional(Issues.SPLIT_FROM, STRING, "When this issue split off an earlier one in this run: that issue's id."),
              Column.required(Issues.RUN_ID, STRING, "Run that computed the row."),
              Column.required(Issues.DT, STRING, "Partition: the run date `yyyy-MM-dd`.")),
          List.of(Issues.DT));

  public static final Table CLASSIFIED =
      new Table(
          "classified",
          "complaint, with its first-level category (一级分类) and suggested department",
          "The classifier's category for every complaint, its confidence (a calibrated probability),"
              + " the runner-up, and the department the routing rules suggest. Partitioned like"
              + " `complaints`; a partition is recomputed when its complaints change or the model"
              + " changes. Join on `complaint_id`.",
          List.of(
              Column.required(Classified.COMPLAINT_ID, STRING, "The complaint (`complaints.complaint_id`)."),
              Column.required(Classified.CATEGORY, STRING, "Predicted 一级分类 (城乡建设, 环境保护, 交通运输, 教育文体, 劳动和社会保障, 商贸旅游, 卫生计生, or the categories of the model's training data)."),
              Column.required(Classified.CONFIDENCE, DOUBLE, "Probability of `category` (SVM scores through a softmax whose temperature was fitted on cross-validation)."),
              Column.required(Classified.SECOND_CATEGORY, STRING, "The runner-up category."),
              Column.required(Classified.SECOND_CONFIDENCE, DOUBLE, "Probability of `second_category`."),
              Column.required(Classified.NEEDS_REVIEW, BOOLEAN, "True when `confidence` is below `classify.review_below`: a person should confirm the category."),
              Column.optional(Classified.CATEGORY_GIVEN, STRING, "The category the source gave (`complaints.category_given`), for comparison; null when none."),
              Column.optional(Classified.DEPARTMENT, STRING, "Suggested responsible department (责任单位) from the routing rules; null when no rule matched."),
              Column.optional(Classified.ROUTING_RULE, STRING, "Name of the routing rule that fired."),
              Column.required(Classified.MODEL_VERSION, STRING, "Version of the model (`cls-` + hash of its training data and settings); its `model.json` holds the training data hash and cross-validated metrics."),
              Column.required(Classified.RUN_ID, STRING, "Run that computed the row."),
              Column.required(Classified.DT, STRING, "Partition: the complaint's `dt`.")),
          List.of(Classified.DT));

  public static final Table CASE_EVENTS =
      new Table(
          "case_events",
          "handling event of a case (受理 / 交办 / 上报 / 转办 / 办结 / 回访)",
          "Every event of the configured event exports (`cases.events`), checked and de-duplicated,"
              + " plus events derived from complaints of the sources in `cases.derive_from` (受理 at"
              + " `received_at`, 办结 at `replied_at`), for systems that export no events. Rebuilt each run;"
              + " partitioned by the event's date (Asia/Shanghai). A case id is the complaint id"
              + " (`complaints.complaint_id`) when the export uses it.",
          List.of(
              Column.required(CaseEvents.CASE_ID, STRING, "Case id (工单编号 / 诉求编号); the complaint's id when the case is a complaint of the lake."),
              Column.required(CaseEvents.EVENT, STRING, "received (受理), assigned (交办), escalated (上报), transferred (转办), closed (办结), visited (回访)."),
              Column.required(CaseEvents.EVENT_AT, TIMESTAMP, "When it happened."),
              Column.optional(CaseEvents.LEVEL, INT, "Handling level 1–5: 1 村/社区, 2 乡镇/街道, 3 指挥中心 (群众工作办公室), 4 区县部门, 5 区县领导."),
              Column.optional(CaseEvents.UNIT, STRING, "Unit handling the case after this event (责任单位)."),
              Column.optional(CaseEvents.SATISFACTION, STRING, "On a visit (回访): satisfied, basically_satisfied, dissatisfied, or null when not asked."),
              Column.required(CaseEvents.ORIGIN, STRING, "export (from an event file) or derived (from a complaint's times)."),
              Column.required(CaseEvents.SOURCE, STRING, "Event profile or complaint source."),
              Column.optional(CaseEvents.SOURCE_FILE, STRING, "Input file (exports only)."),
              Column.optional(CaseEvents.SOURCE_LINE, LONG, "1-based line in the input file (exports only)."),
              Column.required(CaseEvents.RUN_ID, STRING, "Run that wrote the row."),
              Column.required(CaseEvents.DT, STRING, "Partition: the event's date `yyyy-MM-dd`.")),
          List.of(CaseEvents.DT));

  public static final Table CASES =
      new Table(
          "cases",
          "case, as of a run date",
          "Per case: status, level, responsible unit, days open (calendar and working days) and whether"
              + " it earned cards, as of the end of the run date. Snapshot per run, partitioned by the run"
              + " date: `WHERE dt = (SELECT max(dt) FROM cases)` is today's state.",
          List.of(
              Column.required(Cases.CASE_ID, STRING, "Case id."),
              Column.required(Cases.RECEIVED_AT, TIMESTAMP, "受理: the first receipt event."),
              Column.optional(Cases.CLOSED_AT, TIMESTAMP, "办结: the last close event, if closed."),
              Column.required(Cases.STATUS, STRING, "open or closed (as of the run date)."),
              Column.optional(Cases.LEVEL, INT, "Level of the latest event with a level."),
              Column.optional(Cases.MAX_LEVEL, INT, "Highest level reached."),
              Column.optional(Cases.UNIT, STRING, "Responsible unit: the unit of the latest event naming one."),
              Column.required(Cases.ESCALATIONS, INT, "上报 events: times the case went up a level."),
              Column.required(Cases.TRANSFERS, INT, "转办 events."),
              Column.required(Cases.DAYS_OPEN, DOUBLE, "Calendar days from receipt to close (or to the end of the run date when open)."),
              Column.optional(Cases.WORKING_DAYS_OPEN, INT, "Working days after the receipt date up to the close date (or the run date), by the working-day calendar (holidays and 调休 make-up days); null outside the calendar's years."),
              Column.optional(Cases.ON_TIME, BOOLEAN, "Closed without crossing the yellow threshold; null while open."),
              Column.optional(Cases.SATISFACTION, STRING, "Answer of the latest visit (回访) with one."),
              Column.required(Cases.YELLOW, BOOLEAN, "A yellow card was issued (it stays issued)."),
              Column.required(Cases.RED, BOOLEAN, "A red card was issued."),
              Column.required(Cases.EVENTS, INT, "Events of the case."),
              Column.required(Cases.ORIGIN, STRING, "export or derived (see `case_events.origin`)."),
              Column.required(Cases.RUN_ID, STRING, "Run that computed the row."),
              Column.required(Cases.DT, STRING, "Partition: the run date.")),
          List.of(Cases.DT));

  public static final Table CARDS =
      new Table(
          "cards",
          "yellow or red card issued to a case (黄牌 / 红牌); append-only",
          "A yellow card when a case is still open more than `cases.yellow_days` days after receipt, a red"
              + " card after `cases.red_days` (7 and 15 by default; calendar or working days per"
              + " `cases.day_basis`). A card is issued once per case and colour, and never revoked: a later"
              + " close, a rerun or a corrected export does not remove it. Partitioned by the date issued.",
          List.of(
              Column.required(Cards.CARD_ID, STRING, "`<case_id>:yellow` or `<case_id>:red`."),
              Column.required(Cards.CASE_ID, STRING, "The case."),
              Column.required(Cards.COLOUR, STRING, "yellow or red."),
              Column.required(Cards.THRESHOLD_DAYS, INT, "The threshold crossed (days)."),
              Column.required(Cards.DAY_BASIS, STRING, "calendar or working."),
              Column.required(Cards.RECEIVED_AT, TIMESTAMP, "Receipt of the case."),
              Column.required(Cards.ISSUED_AT, TIMESTAMP, "The moment the threshold was crossed: receipt + N×24 h (calendar), or the start of the day after the N-th working day (working)."),
              Column.optional(Cards.UNIT, STRING, "Unit responsible when the card was issued (the unit it counts against)."),
              Column.optional(Cards.LEVEL, INT, "Level of the case when the card was issued."),
              Column.required(Cards.RUN_ID, STRING, "Run that issued the card."),
              Column.required(Cards.DT, STRING, "Partition: the date issued `yyyy-MM-dd`.")),
          List.of(Cards.DT));

  public static final Table UNIT_SCORES =
      new Table(
          "unit_scores",
          "unit × month scorecard",
          "Per responsible unit and month of receipt: cases received and closed, 办结率, on-time rate,"
              + " days to close, cards, 回访 satisfaction and escalations, as of the run date. Snapshot per"
              + " run, partitioned by the run date.",
          List.of(
              Column.required(UnitScores.UNIT, STRING, "Responsible unit (the unit a case ended with, or holds now)."),
              Column.required(UnitScores.PERIOD, STRING, "Month of receipt `yyyy-MM`."),
              Column.required(UnitScores.RECEIVED, LONG, "Cases received in the month."),
              Column.required(UnitScores.CLOSED, LONG, "Of those, closed by the run date."),
              Column.required(UnitScores.CLOSE_RATE, DOUBLE, "办结率 = closed / received."),
              Column.optional(UnitScores.ON_TIME_RATE, DOUBLE, "Closed on time / closed; null when none closed."),
              Column.optional(UnitScores.MEDIAN_DAYS, DOUBLE, "Median calendar days from receipt to close (closed cases)."),
              Column.optional(UnitScores.P90_DAYS, DOUBLE, "90th percentile of the same."),
              Column.required(UnitScores.YELLOW_CARDS, LONG, "Yellow cards of these cases that count against the unit."),
              Column.required(UnitScores.RED_CARDS, LONG, "Red cards of the same."),
              Column.required(UnitScores.VISITED, LONG, "Cases with a 回访 answer."),
              Column.required(UnitScores.SATISFIED, LONG, "Of those, satisfied or basically satisfied."),
              Column.optional(UnitScores.SATISFACTION_RATE, DOUBLE, "satisfied / visited; null when none visited."),
              Column.required(UnitScores.ESCALATIONS, LONG, "上报 events of these cases."),
              Column.required(UnitScores.OPEN_NOW, LONG, "Still open at the run date."),
              Column.required(UnitScores.RUN_ID, STRING, "Run that computed the row."),
              Column.required(UnitScores.DT, STRING, "Partition: the run date.")),
          List.of(UnitScores.DT));

  public static final Table ISSUE_MEMBERS =
      new Table(
          "issue_members",
          "complaint in the clustering window, per run",
          "Which issue and pattern each complaint of the window belongs to in this run. A complaint with"
              + " a null `issue_id` is unassigned (a one-off: no other complaint about the same problem at the"
              + " same place, and no cross-location pattern); the run manifest reports their share. Snapshot"
              + " per run, partitioned by the run date.",
          List.of(
              Column.required(IssueMembers.COMPLAINT_ID, STRING, "The complaint (`complaints.complaint_id`)."),
              Column.required(IssueMembers.RECEIVED_DATE, STRING, "The complaint's `dt` (received date)."),
              Column.optional(IssueMembers.ISSUE_ID, STRING, "Its issue, or null when unassigned."),
              Column.optional(IssueMembers.PATTERN_ID, STRING, "Its cross-location pattern, if any."),
              Column.required(IssueMembers.SIMILARITY, DOUBLE, "Cosine similarity of the complaint to its cluster's centroid (1 for a cluster of one)."),
              Column.required(IssueMembers.RUN_ID, STRING, "Run that computed the row."),
              Column.required(IssueMembers.DT, STRING, "Partition: the run date `yyyy-MM-dd`.")),
          List.of(IssueMembers.DT));

  public static final Table PATTERNS =
      new Table(
          "patterns",
          "cross-location pattern (the same problem at many places), per run",
          "Issues whose place-masked text (the *what*) is alike, at at least `issues.min_places` distinct"
              + " places (default 3): candidates for one policy instead of many case-by-case fixes. Snapshot"
              + " per run, partitioned by the run date; `pattern_id` is stable like `issue_id`.",
          List.of(
              Column.required(Patterns.PATTERN_ID, STRING, "Stable id (`P` + 10 hex)."),
              Column.required(Patterns.RANK, INT, "Rank by number of places, then complaints (1 = widest)."),
              Column.required(Patterns.LABEL, STRING, "Readable label: top keywords and the number of places, e.g. `房产证、验收、开发商（15 处）`."),
              Column.required(Patterns.KEYWORDS, STRING_ARRAY, "Up to 8 keywords by class-based TF-IDF of the members' place-masked features."),
              Column.required(Patterns.ISSUE_IDS, STRING_ARRAY, "Member issues, largest first."),
              Column.required(Patterns.PLACES, STRING_ARRAY, "The main place of each member issue that has one (distinct, largest issue first)."),
              Column.required(Patterns.PLACE_COUNT, INT, "Distinct places."),
              Column.required(Patterns.COMPLAINTS, LONG, "Member complaints."),
              Column.required(Patterns.HOUSEHOLDS, LONG, "Distinct complainants (households or people affected, as far as the sources tell)."),
              Column.required(Patterns.LIKES, LONG, "Sum of likes."),
              Column.required(Patterns.FIRST_SEEN, STRING, "Date of the first member complaint."),
              Column.required(Patterns.LAST_SEEN, STRING, "Date of the latest member complaint."),
              Column.required(Patterns.WEEKLY_COUNTS, INT_ARRAY, "Complaints per week for the 12 weeks ending on the run date, oldest first."),
              Column.required(Patterns.HEAT, DOUBLE, "Sum of the member issues' heat."),
              Column.required(Patterns.REPRESENTATIVE_TITLES, STRING_ARRAY, "Titles of the representative complaints of the three largest member issues.").withPrivacy(Privacy.MASKED),
              Column.required(Patterns.MERGED_IDS, STRING_ARRAY, "Ids of earlier patterns merged into this one in this run."),
              Column.required(Patterns.RUN_ID, STRING, "Run that computed the row."),
              Column.required(Patterns.DT, STRING, "Partition: the run date `yyyy-MM-dd`.")),
          List.of(Patterns.DT));

  /** All tables, in pipeline order. */
  public static List<Table> all() {
    return List.of(COMPLAINTS, QUARANTINE, TOKENS, CLASSIFIED, ISSUES, ISSUE_MEMBERS, PATTERNS, CASE_EVENTS, CASES, CARDS, UNIT_SCORES);
  }

  public static Table byName(String name) {
    return all().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown table '" + name + "', expected one of " + all().stream().map(Table::name).toList()));
  }
}
