package org.minqing.jobs.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses times with a profile's patterns (tried in order), then the ISO forms every reader may emit
 * ({@code yyyy-MM-dd HH:mm:ss}, {@code yyyy-MM-ddTHH:mm:ss[offset]}). Strict: 2019/2/30 is an
 * error, not 2019/2/28. Times without an offset are in the profile's zone. Not thread-safe-relevant:
 * immutable.
 */
public final class TimeParser {
  private static final List<String> FALLBACKS = List.of("uuuu-MM-dd HH:mm:ss", "uuuu-MM-dd'T'HH:mm[:ss][XXX]", "uuuu-MM-dd");

  private final List<DateTimeFormatter> formatters = new ArrayList<>();
  private final List<String> patterns;
  private final ZoneId zone;

  public TimeParser(List<String> patterns, ZoneId zone) {
    this.patterns = List.copyOf(patterns);
    this.zone = zone;
    for (String p : patterns) {
      formatters.add(DateTimeFormatter.ofPattern(strictYears(p)).withResolverStyle(ResolverStyle.STRICT));
    }
    for (String p : FALLBACKS) {
      formatters.add(DateTimeFormatter.ofPattern(p).withResolverStyle(ResolverStyle.STRICT));
    }
  }

  /** 'y' (year-of-era) needs an era under STRICT; 'u' (proleptic year) does not. Quoted text is kept. */
  static String strictYears(String p) {
    StringBuilder sb = new StringBuilder(p.length());
    boolean quoted = false;
    for (char c : p.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      }
      sb.append(!quoted && c == 'y' ? 'u' : c);
    }
    return sb.toString();
  }

  /** The instant, or an exception whose message names the value and the accepted patterns. */
  public Instant parse(String value) {
    String v = value.strip();
    for (DateTimeFormatter f : formatters) {
      try {
        TemporalAccessor t = f.parseBest(v, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        if (t instanceof ZonedDateTime z) {
          return z.toInstant();
        } else if (t instanceof OffsetDateTime o) {
          return o.toInstant();
        } else if (t instanceof LocalDateTime l) {
          return l.atZone(zone).toInstant();
        } else if (t instanceof LocalDate d) {
          return d.atStartOfDay(zone).toInstant();
        }
      } catch (DateTimeParseException e) {
        // try the next pattern
      }
    }
    throw new DateTimeParseException("'" + v + "' matches none of the time formats " + patterns + " (nor ISO yyyy-MM-dd HH:mm:ss)", v, 0);
  }
}
