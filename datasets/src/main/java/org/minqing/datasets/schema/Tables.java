package org.minqing.datasets.schema;

import static org.minqing.datasets.schema.ColumnType.BOOLEAN;
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
 * <p>{@link #SCHEMA_VERSION} follows semver for researchers: a new nullable column bumps the minor
 * version; a rename, a removal, a type change or a change of meaning bumps the major version.
 */
public final class Tables {
  /** Version of the lake schema as a whole. See the class doc for what bumps it. */
  public static final String SCHEMA_VERSION = "1.0";

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
              Column.required(Tokens.KEYWORDS, STRING_ARRAY, "Up to 8 keywords: the features with the highest TF-IDF against the document frequencies of the whole lake at the time of the run."),
              Column.required(Tokens.SIMHASH, LONG, "64-bit SimHash of the title and body (character 4-grams); reposts differ in ≤ 3 bits."),
              Column.required(Tokens.TEXT_CHARS, INT, "Characters of title + body."),
              Column.required(Tokens.RUN_ID, STRING, "Run that computed the row."),
              Column.required(Tokens.DT, STRING, "Partition: the complaint's `dt`.")),
          List.of(Tokens.DT));

  /** All tables, in pipeline order. */
  public static List<Table> all() {
    return List.of(COMPLAINTS, QUARANTINE, TOKENS);
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
