package org.minqing.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.minqing.datasets.schema.QuarantineReason;
import org.minqing.datasets.schema.Tables;
import org.minqing.nlp.ComplainantKeys;
import org.minqing.nlp.PiiMasker;
import org.minqing.nlp.TextNormalizer;

/**
 * Maps the raw records of one file to canonical complaints or quarantine entries, following the
 * file's {@link SourceProfile}: normalise text, mask PII, hash the complainant, parse times and
 * numbers, derive the partition date. Pure: no I/O; one instance per file (not thread-safe, since
 * it holds a {@link ComplainantKeys} MAC).
 */
public final class RowMapper {
  private static final int RAW_LIMIT = 2000;

  private final SourceProfile p;
  private final String file;
  private final ZoneId lakeZone;
  private final ComplainantKeys keys;
  private final TimeParser times;
  private final Map<Field, int[]> idx = new EnumMap<>(Field.class);
  private final List<String> header;
  private final MessageDigest sha;
  private final long[] piiCounts = new long[PiiMasker.Kind.values().length];

  /**
   * @param header the file's header; must contain every column the profile maps (see {@link #checkHeader})
   */
  public RowMapper(SourceProfile profile, String fileName, List<String> header, ZoneId lakeZone, ComplainantKeys keys) {
    checkHeader(profile, fileName, header);
    this.p = profile;
    this.file = fileName;
    this.header = List.copyOf(header);
    this.lakeZone = lakeZone;
    this.keys = keys;
    this.times = new TimeParser(profile.timeFormats(), profile.zone());
    for (var e : profile.columns().entrySet()) {
      int[] ix = new int[e.getValue().size()];
      for (int i = 0; i < ix.length; i++) {
        ix[i] = header.indexOf(e.getValue().get(i));
      }
      idx.put(e.getKey(), ix);
    }
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fails fast, naming the expected and the found columns, when a header lacks a mapped column. */
  public static void checkHeader(SourceProfile profile, String fileName, List<String> header) {
    List<String> missing = new ArrayList<>();
    for (String c : profile.requiredColumns()) {
      if (!header.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "File " + fileName + " does not fit profile " + p(profile) + ": missing column(s) " + missing
              + "; the profile expects " + profile.requiredColumns() + " and the file has " + header
              + ". Use the profile written for this export, or edit its columns: mapping.");
    }
  }

  private static String p(SourceProfile profile) {
    return "'" + profile.name() + "'";
  }

  /** PII replacements so far, indexed by {@link PiiMasker.Kind#ordinal()}. */
  public long[] piiCounts() {
    return piiCounts.clone();
  }

  public IngestRecord map(RawRecord r) {
    if (r.isBroken()) {
      return reject(r, QuarantineReason.UNPARSEABLE_ROW, null, r.error());
    }
    String[] v = r.values();
    for (int i = 0; i < v.length; i++) {
      if (v[i] != null && v[i].indexOf('\uFFFD') >= 0) {
        return reject(r, QuarantineReason.ENCODING_ERROR, header.get(i),
            "Column " + header.get(i) + " holds bytes that are not valid in the file's encoding (shown as \uFFFD)"
                + "; declare the right one with 'encoding:' in profile " + p(p) + " (utf-8, gbk, gb18030)");
      }
    }
    IngestRecord out = IngestRecord.accepted(p.name(), file, r.line());

    String text = TextNormalizer.INSTANCE.normalize(get(v, Field.TEXT));
    if (text.isEmpty()) {
      return reject(r, QuarantineReason.EMPTY_TEXT, col(Field.TEXT), "The complaint text (" + col(Field.TEXT) + ") is empty after removing whitespace; nothing to analyse");
    }
    String title = TextNormalizer.INSTANCE.normalize(get(v, Field.TITLE));

    String sourceId;
    if (p.idFromContent()) {
      sourceId = hash(title + "\n" + text);
    } else {
      sourceId = get(v, Field.SOURCE_ID).strip();
      if (sourceId.isEmpty() || sourceId.replace("-", "").isEmpty()) {
        return reject(r, QuarantineReason.MISSING_FIELD, col(Field.SOURCE_ID), "The id column " + col(Field.SOURCE_ID) + " is empty; every row needs the id its system gave it");
      }
      if (sourceId.endsWith(".0") && sourceId.substring(0, sourceId.length() - 2).chars().allMatch(Character::isDigit)) {
        sourceId = sourceId.substring(0, sourceId.length() - 2); // numeric ids read from spreadsheets
      }
    }
    out.sourceId = sourceId;
    out.complaintId = p.name() + ":" + sourceId;

    if (!p.undated()) {
      String t = get(v, Field.RECEIVED_AT);
      if (t.isBlank()) {
        return reject(r, QuarantineReason.MISSING_FIELD, col(Field.RECEIVED_AT), "The time column " + col(Field.RECEIVED_AT) + " is empty; every complaint needs the time it was received");
      }
      try {
        out.receivedAt = times.parse(t);
      } catch (DateTimeParseException e) {
        return reject(r, QuarantineReason.BAD_TIMESTAMP, col(Field.RECEIVED_AT), "Column " + col(Field.RECEIVED_AT) + ": " + e.getMessage() + "; fix the value or add its pattern to time_formats in profile " + p(p));
      }
      out.dt = out.receivedAt.atZone(lakeZone).toLocalDate().toString();
    } else {
      out.dt = Tables.UNDATED_PARTITION;
    }
    if (p.columns().containsKey(Field.REPLIED_AT)) {
      String t = get(v, Field.REPLIED_AT);
      if (!t.isBlank()) {
        try {
          out.repliedAt = times.parse(t);
        } catch (DateTimeParseException e) {
          return reject(r, QuarantineReason.BAD_TIMESTAMP, col(Field.REPLIED_AT), "Column " + col(Field.REPLIED_AT) + ": " + e.getMessage() + "; fix the value or add its pattern to time_formats in profile " + p(p));
        }
        if (out.receivedAt != null && out.repliedAt.isBefore(out.receivedAt)) {
          return reject(r, QuarantineReason.BAD_VALUE, col(Field.REPLIED_AT), "Reply time " + t.strip() + " is before the complaint was received (" + get(v, Field.RECEIVED_AT).strip() + "); one of the two is wrong");
        }
      }
    }
    for (Field f : new Field[] {Field.LIKES, Field.DISLIKES, Field.CO_SIGNERS}) {
      if (!p.columns().containsKey(f)) {
        continue;
      }
      String s = get(v, f).strip();
      if (s.isEmpty()) {
        continue;
      }
      Integer n = parseCount(s);
      if (n == null) {
        return reject(r, QuarantineReason.BAD_NUMBER, col(f), "Column " + col(f) + " must be a whole number ≥ 0, found '" + s + "'");
      }
      switch (f) {
        case LIKES -> out.likes = n;
        case DISLIKES -> out.dislikes = n;
        default -> out.coSigners = n;
      }
    }

    out.channel = channel(get(v, Field.CHANNEL));
    out.text = PiiMasker.INSTANCE.mask(text, piiCounts);
    out.title = title.isEmpty() ? null : PiiMasker.INSTANCE.mask(title, piiCounts);
    String reply = TextNormalizer.INSTANCE.normalize(get(v, Field.REPLY_TEXT));
    out.replyText = reply.isEmpty() ? null : PiiMasker.INSTANCE.mask(reply, piiCounts);
    out.district = place(v, Field.DISTRICT);
    out.township = place(v, Field.TOWNSHIP);
    out.community = place(v, Field.COMMUNITY);
    out.grid = place(v, Field.GRID);
    out.estate = place(v, Field.ESTATE);
    String cat = get(v, Field.CATEGORY_GIVEN).strip();
    out.categoryGiven = cat.isEmpty() ? null : cat;
    out.complainantKey = keys.keyOf(get(v, Field.COMPLAINANT));
    out.textHash = hash((out.title == null ? "" : out.title) + "\n" + out.text);
    return out;
  }

  private String place(String[] v, Field f) {
    String s = TextNormalizer.INSTANCE.normalize(get(v, f));
    return s.isEmpty() ? null : s;
  }

  private String channel(String raw) {
    String s = raw.strip();
    if (s.isEmpty()) {
      return p.channel() != null ? p.channel() : "other";
    }
    if (SourceProfile.CHANNELS.contains(s)) {
      return s;
    }
    return p.channelValues().getOrDefault(s, "other");
  }

  private static Integer parseCount(String s) {
    try {
      long n;
      if (s.endsWith(".0")) {
        s = s.substring(0, s.length() - 2);
      }
      n = Long.parseLong(s);
      return n < 0 || n > Integer.MAX_VALUE ? null : (int) n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The value of a canonical field: its column(s) joined with '-', or "" when unmapped. */
  private String get(String[] v, Field f) {
    int[] ix = idx.get(f);
    if (ix == null) {
      return "";
    }
    if (ix.length == 1) {
      String s = ix[0] < v.length ? v[ix[0]] : null;
      return s == null ? "" : s;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ix.length; i++) {
      String s = ix[i] < v.length ? v[ix[i]] : null;
      if (i > 0) {
        sb.append('-');
      }
      sb.append(s == null ? "" : s.strip());
    }
    return sb.toString();
  }

  private String col(Field f) {
    List<String> c = p.columns().get(f);
    return c == null ? f.key() : String.join("+", c);
  }

  private IngestRecord reject(RawRecord r, QuarantineReason reason, String column, String message) {
    return IngestRecord.rejected(p.name(), file, r.line(), reason, column, message, raw(r));
  }

  private String raw(RawRecord r) {
    String[] v = r.values();
    if (v == null || v.length == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length && sb.length() < RAW_LIMIT; i++) {
      if (i > 0) {
        sb.append(" | ");
      }
      sb.append(i < header.size() ? header.get(i) : "#" + i).append('=').append(v[i] == null ? "" : v[i]);
    }
    String s = sb.length() > RAW_LIMIT ? sb.substring(0, RAW_LIMIT) + "…" : sb.toString();
    return PiiMasker.INSTANCE.mask(s);
  }

  private String hash(String s) {
    byte[] d = sha.digest(s.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d, 0, 8);
  }
}
