package org.minqing.jobs.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Working days of mainland China as data: the public holidays and the make-up working days (调休)
 * of each year from the State Council's notices, in a YAML file users can update
 * ({@code cn-workdays.yaml} next to this class is the default). A date outside the years the file
 * covers is an error, never a silent guess.
 */
public final class WorkCalendar implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String DEFAULT_RESOURCE = "/org/minqing/jobs/cases/cn-workdays.yaml";

  private final Set<LocalDate> holidays;
  private final Set<LocalDate> workdays;
  private final int firstYear;
  private final int lastYear;
  private final String origin;

  private WorkCalendar(Set<LocalDate> holidays, Set<LocalDate> workdays, int firstYear, int lastYear, String origin) {
    this.holidays = holidays;
    this.workdays = workdays;
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.origin = origin;
  }

  /** Identifies the calendar's content (holidays, make-up working days, years covered): an incremental night needs the same as its base. */
  public String fingerprint() {
    return Integer.toHexString(java.util.Objects.hash(new java.util.TreeSet<>(holidays).toString(), new java.util.TreeSet<>(workdays).toString(), firstYear, lastYear));
  }

  public int firstYear() {
    return firstYear;
  }

  public int lastYear() {
    return lastYear;
  }

  public boolean covers(LocalDate d) {
    return d.getYear() >= firstYear && d.getYear() <= lastYear;
  }

  private void check(LocalDate d) {
    if (!covers(d)) {
      throw new IllegalArgumentException("Date " + d + " is outside the working-day calendar " + origin + " (years " + firstYear + "–" + lastYear
          + "): add the year's holidays and 调休 days from the State Council notice to a copy of it and set cases.calendar, or set cases.day_basis: calendar");
    }
  }

  public boolean isWorkday(LocalDate d) {
    check(d);
    if (workdays.contains(d)) {
      return true;
    }
    if (holidays.contains(d)) {
      return false;
    }
    DayOfWeek w = d.getDayOfWeek();
    return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY;
  }

  /** Working days in (from, to]: after {@code from}, up to and including {@code to}; 0 when to ≤ from. */
  public int workdaysBetween(LocalDate from, LocalDate to) {
    int n = 0;
    for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
      if (isWorkday(d)) {
        n++;
      }
    }
    return n;
  }

  /** The n-th working day after {@code d} (n ≥ 1). */
  public LocalDate nthWorkdayAfter(LocalDate d, int n) {
    LocalDate x = d;
    int k = 0;
    while (k < n) {
      x = x.plusDays(1);
      if (isWorkday(x)) {
        k++;
      }
    }
    return x;
  }

  public static WorkCalendar load(Path file) {
    if (file == null) {
      try (InputStream in = WorkCalendar.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "cn-workdays.yaml (built in)");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the working-day calendar " + file + " (cases.calendar)", e);
    }
  }

  public static WorkCalendar parse(String yaml, String where) {
    JsonNode years;
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
      years = root == null ? null : root.get("years");
    } catch (IOException e) {
      throw new IllegalArgumentException("Calendar " + where + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (years == null || !years.isObject() || years.isEmpty()) {
      throw new IllegalArgumentException("Calendar " + where + " needs a 'years:' map (year → holidays, workdays)");
    }
    Set<LocalDate> hol = new HashSet<>();
    Set<LocalDate> work = new HashSet<>();
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    for (Iterator<Map.Entry<String, JsonNode>> it = years.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> y = it.next();
      int year;
      try {
        year = Integer.parseInt(y.getKey());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Calendar " + where + ": '" + y.getKey() + "' is not a year");
      }
      first = Math.min(first, year);
      last = Math.max(last, year);
      for (JsonNode h : y.getValue().path("holidays")) {
        String s = h.asText();
        String[] ab = s.split("\\.\\.");
        LocalDate a = date(ab[0], where, year);
        LocalDate b = ab.length > 1 ? date(ab[1], where, year) : a;
        if (b.isBefore(a)) {
          throw new IllegalArgumentException("Calendar " + where + " year " + year + ": range " + s + " ends before it starts");
        }
        for (LocalDate d = a; !d.isAfter(b); d = d.plusDays(1)) {
          hol.add(d);
        }
      }
      for (JsonNode w : y.getValue().path("workdays")) {
        work.add(date(w.asText(), where, year));
      }
    }
    for (LocalDate w : work) {
      if (hol.contains(w)) {
        throw new IllegalArgumentException("Calendar " + where + ": " + w + " is listed both as a holiday and as a make-up working day");
      }
    }
    if (last - first + 1 != years.size()) {
      throw new IllegalArgumentException("Calendar " + where + " skips a year between " + first + " and " + last + "; every year in the range must be listed");
    }
    return new WorkCalendar(Set.copyOf(hol), Set.copyOf(work), first, last, where);
  }

  private static LocalDate date(String s, String where, int year) {
    try {
      return LocalDate.parse(s.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Calendar " + where + " year " + year + ": '" + s + "' is not a date yyyy-MM-dd");
    }
  }
}
