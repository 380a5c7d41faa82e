package org.minqing.jobs.cases;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a case's events mean as of a moment: status, level, responsible unit, days open and the
 * cards it has earned. Pure and deterministic; the cases stage runs it per case inside Spark.
 *
 * <p>Rules (the seed systems' 黄牌/红牌 practice): a case still open more than {@code yellowDays}
 * after receipt earns a yellow card, more than {@code redDays} a red one. "More than N days" is
 * exact: in calendar days the card is due at receipt + N×24 h and a close at exactly that moment is
 * in time; in working days it is due at the start of the day after the N-th working day following
 * the receipt date (holidays and 调休 from the {@link WorkCalendar}). A case is open at a moment
 * unless its latest close before that moment is not followed by a reassignment (reopening).
 */
public final class CaseRules implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Day basis and thresholds ({@code cases.*}). */
  public record Params(boolean workingDays, int yellowDays, int redDays) implements Serializable {
    public static Params defaults() {
      return new Params(false, 7, 15);
    }

    public String basis() {
      return workingDays ? "working" : "calendar";
    }
  }

  /** One event; {@code type} is one of {@link EventProfile#EVENTS}; {@code order} breaks ties (file order). */
  public record Event(String type, Instant at, Integer level, String unit, String satisfaction, long order) implements Serializable {}

  /** A card the case earned. */
  public record Card(String colour, int thresholdDays, Instant issuedAt, String unit, Integer level) implements Serializable {}

  /** The case as of the moment. */
  public record State(Instant receivedAt, Instant closedAt, boolean open, Integer level, Integer maxLevel, String unit, int escalations, int transfers,
      double daysOpen, Integer workingDaysOpen, Boolean onTime, String satisfaction, List<Card> cards, int events) implements Serializable {}

  private static final List<String> ORDER = EventProfile.EVENTS;

  private final Params params;
  private final WorkCalendar calendar;
  private final ZoneId zone;

  public CaseRules(Params params, WorkCalendar calendar, ZoneId zone) {
    this.params = params;
    this.calendar = calendar;
    this.zone = zone;
  }

  static List<Event> sorted(List<Event> events) {
    List<Event> s = new ArrayList<>(events);
    s.sort(Comparator.comparing(Event::at).thenComparingInt(e -> ORDER.indexOf(e.type())).thenComparingLong(Event::order));
    return s;
  }

  /** Events up to and including {@code asOf}, sorted; null when none (the case did not exist yet). */
  public State evaluate(List<Event> all, Instant asOf) {
    List<Event> ev = new ArrayList<>();
    for (Event e : sorted(all)) {
      if (!e.at().isAfter(asOf)) {
        ev.add(e);
      }
    }
    if (ev.isEmpty()) {
      return null;
    }
    Instant received = ev.stream().filter(e -> e.type().equals("received")).map(Event::at).findFirst().orElse(ev.get(0).at());
    Integer level = null;
    Integer maxLevel = null;
    String unit = null;
    String satisfaction = null;
    int escalations = 0;
    int transfers = 0;
    for (Event e : ev) {
      if (e.level() != null) {
        level = e.level();
        maxLevel = maxLevel == null ? e.level() : Math.max(maxLevel, e.level());
      }
      if (e.unit() != null && !e.unit().isBlank()) {
        unit = e.unit();
      }
      if (e.type().equals("visited") && e.satisfaction() != null) {
        satisfaction = e.satisfaction();
      }
      escalations += e.type().equals("escalated") ? 1 : 0;
      transfers += e.type().equals("transferred") ? 1 : 0;
    }
    Instant closed = closedAt(ev, asOf);
    boolean open = closed == null;
    Instant end = open ? asOf : closed;
    double days = Math.round(Duration.between(received, end).toMinutes() / 1440.0 * 100) / 100.0;
    LocalDate rd = received.atZone(zone).toLocalDate();
    LocalDate ed = end.atZone(zone).toLocalDate();
    Integer working = calendar != null && calendar.covers(rd) && calendar.covers(ed) ? calendar.workdaysBetween(rd, ed) : null;

    List<Card> cards = new ArrayList<>();
    card("yellow", params.yellowDays(), received, ev, asOf, cards);
    card("red", params.redDays(), received, ev, asOf, cards);
    Boolean onTime = open ? null : cards.stream().noneMatch(c -> c.colour().equals("yellow"));
    return new State(received, closed, open, level, maxLevel, unit, escalations, transfers, days, working, onTime, satisfaction, List.copyOf(cards), ev.size());
  }

  /** When the case counts as closed at {@code t}: its latest close at or before t not followed by a reassignment up to t; else null. */
  static Instant closedAt(List<Event> sorted, Instant t) {
    Instant closed = null;
    for (Event e : sorted) {
      if (e.at().isAfter(t)) {
        break;
      }
      switch (e.type()) {
        case "closed" -> closed = e.at();
        case "assigned", "escalated", "transferred" -> closed = null; // reopened, or still being handled
        default -> {
          // received, visited: no change
        }
      }
    }
    return closed;
  }

  /** The moment a case received at {@code received} crosses "more than n days". */
  public Instant due(Instant received, int n) {
    if (!params.workingDays()) {
      return received.plus(Duration.ofDays(n));
    }
    LocalDate d = calendar.nthWorkdayAfter(received.atZone(zone).toLocalDate(), n);
    return d.plusDays(1).atStartOfDay(zone).toInstant();
  }

  private void card(String colour, int n, Instant received, List<Event> ev, Instant asOf, List<Card> out) {
    Instant due = due(received, n);
    if (!due.isBefore(asOf)) {
      return; // not yet more than n days
    }
    if (closedAt(ev, due) != null) {
      return; // closed in time (a close exactly at the due moment is in time)
    }
    Integer level = null;
    String unit = null;
    for (Event e : ev) {
      if (e.at().isAfter(due)) {
        break;
      }
      if (e.level() != null) {
        level = e.level();
      }
      if (e.unit() != null && !e.unit().isBlank()) {
        unit = e.unit();
      }
    }
    out.add(new Card(colour, n, due, unit, level));
  }
}
