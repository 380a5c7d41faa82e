package org.minqing.jobs.ingest;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to read one kind of export: which of its columns hold which canonical field, its time format
 * and zone, its encoding and its channel. One small YAML file per source (see
 * {@code datasets/src/main/resources/org/minqing/datasets/profiles/README.md}).
 *
 * <p>Immutable and serialisable (it travels to Spark executors).
 *
 * @param name profile name; becomes {@code complaints.source} and the prefix of {@code complaint_id}
 * @param description one line for humans
 * @param channel channel code of every row, unless {@link Field#CHANNEL} is mapped
 * @param format {@code csv}, {@code xlsx}, {@code jsonl} or {@code auto} (by file extension)
 * @param encoding {@code auto} (BOM, else strict UTF-8, else GB18030) or a charset name
 * @param zone time zone of times without an offset
 * @param timeFormats {@link java.time.format.DateTimeFormatter} patterns, tried in order
 * @param columns canonical field → source column(s); several columns are joined with '-'
 * @param channelValues values of the channel column → channel code
 * @param idFromContent the source has no ids: use a hash of the text
 * @param undated the source has no times: rows go to partition {@code dt=undated}
 */
public record SourceProfile(
    String name,
    String description,
    String channel,
    String format,
    String encoding,
    ZoneId zone,
    List<String> timeFormats,
    Map<Field, List<String>> columns,
    Map<String, String> channelValues,
    boolean idFromContent,
    boolean undated)
    implements Serializable {

  /** The channel codes of the glossary, plus {@code other} for values a profile does not map. */
  public static final Set<String> CHANNELS =
      Set.of("hotline", "web", "wechat", "in_person", "market_day", "appointment", "contact_point", "letter_visit", "other");

  /** Chinese channel names understood without a {@code channel_values} entry. */
  public static final Map<String, String> DEFAULT_CHANNEL_VALUES =
      Map.ofEntries(
          Map.entry("热线", "hotline"), Map.entry("12345", "hotline"), Map.entry("电话", "hotline"),
          Map.entry("网站", "web"), Map.entry("网络平台", "web"), Map.entry("留言板", "web"), Map.entry("网络", "web"),
          Map.entry("微信", "wechat"), Map.entry("微信群", "wechat"),
          Map.entry("面对面", "in_person"), Map.entry("来访", "in_person"),
          Map.entry("赶场", "market_day"), Map.entry("约谈", "appointment"),
          Map.entry("联系点", "contact_point"), Map.entry("来信", "letter_visit"), Map.entry("来信来访", "letter_visit"));

  private static final long serialVersionUID = 1L;

  public SourceProfile {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("Profile name must be snake_case ASCII (it prefixes complaint ids), got '" + name + "'");
    }
    format = format == null ? "auto" : format.toLowerCase(Locale.ROOT);
    if (!Set.of("auto", "csv", "xlsx", "jsonl").contains(format)) {
      throw new IllegalArgumentException("Profile " + name + ": format must be one of auto, csv, xlsx, jsonl, got '" + format + "'");
    }
    encoding = encoding == null ? "auto" : encoding.toLowerCase(Locale.ROOT);
    columns = new EnumMap<>(columns);
    if (!columns.containsKey(Field.TEXT)) {
      throw new IllegalArgumentException("Profile " + name + " must map 'text' (the complaint body) under columns:");
    }
    if (!idFromContent && !columns.containsKey(Field.SOURCE_ID)) {
      throw new IllegalArgumentException("Profile " + name + " must map 'source_id' under columns:, or say 'id: content_hash' if the source has no ids");
    }
    if (!undated && !columns.containsKey(Field.RECEIVED_AT)) {
      throw new IllegalArgumentException("Profile " + name + " must map 'received_at' under columns:, or say 'undated: true' if the source has no times");
    }
    if (!columns.containsKey(Field.CHANNEL)) {
      if (channel == null || !CHANNELS.contains(channel)) {
        throw new IllegalArgumentException("Profile " + name + ": channel must be one of " + CHANNELS + " (or map a 'channel' column), got '" + channel + "'");
      }
    }
    if ((columns.containsKey(Field.RECEIVED_AT) || columns.containsKey(Field.REPLIED_AT)) && (timeFormats == null || timeFormats.isEmpty())) {
      throw new IllegalArgumentException("Profile " + name + " maps a time column but gives no time_formats, e.g. [\"yyyy/M/d H:mm:ss\"]");
    }
    timeFormats = timeFormats == null ? List.of() : List.copyOf(timeFormats);
    zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
    var cv = new LinkedHashMap<>(DEFAULT_CHANNEL_VALUES);
    if (channelValues != null) {
      for (var e : channelValues.entrySet()) {
        if (!CHANNELS.contains(e.getValue())) {
          throw new IllegalArgumentException("Profile " + name + ": channel_values maps '" + e.getKey() + "' to '" + e.getValue() + "', expected one of " + CHANNELS);
        }
        cv.put(e.getKey(), e.getValue());
      }
    }
    channelValues = Map.copyOf(cv);
  }

  /** Every source column the profile reads, in field order, without repeats. */
  public List<String> sourceColumns() {
    Set<String> out = new LinkedHashSet<>();
    for (List<String> cols : columns.values()) {
      out.addAll(cols);
    }
    return new ArrayList<>(out);
  }

  /** The columns that must be present in a file's header for this profile to read it. */
  public List<String> requiredColumns() {
    return sourceColumns();
  }

  /**
   * The columns no row can do without (text, and id and time unless the profile says the source
   * has none). JSON Lines objects may omit optional keys, so only these are checked there.
   */
  public List<String> essentialColumns() {
    Set<String> out = new LinkedHashSet<>(columns.get(Field.TEXT));
    if (!idFromContent) {
      out.addAll(columns.get(Field.SOURCE_ID));
    }
    if (!undated) {
      out.addAll(columns.get(Field.RECEIVED_AT));
    }
    return new ArrayList<>(out);
  }

  /** The format to use for a file: the profile's, or guessed from the extension. */
  public String formatFor(String fileName) {
    return formatFor(format, fileName, "profile " + name);
  }

  /** {@code format} unless it is {@code auto}; then the format the file's extension says, or an error naming {@code owner}. */
  public static String formatFor(String format, String fileName, String owner) {
    if (!"auto".equals(format)) {
      return format;
    }
    String f = fileName.toLowerCase(Locale.ROOT);
    if (f.endsWith(".xlsx") || f.endsWith(".xlsm")) {
      return "xlsx";
    }
    if (f.endsWith(".jsonl") || f.endsWith(".ndjson") || f.endsWith(".json")) {
      return "jsonl";
    }
    if (f.endsWith(".csv") || f.endsWith(".txt") || f.endsWith(".tsv")) {
      return "csv";
    }
    throw new IllegalArgumentException(
        "Cannot tell the format of " + fileName + " from its extension; set 'format: csv|xlsx|jsonl' in " + owner);
  }
}
