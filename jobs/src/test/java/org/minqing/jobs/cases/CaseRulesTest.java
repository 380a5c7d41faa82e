package org.minqing.jobs.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseRulesTest {
  static final ZoneId Z = ZoneId.of("Asia/Shanghai");
  static final CaseRules CAL = new CaseRules(CaseRules.Params.defaults(), WorkCalendar.load(null), Z);
  static final CaseRules WORK = new CaseRules(new CaseRules.Params(true, 7, 15), WorkCalendar.load(null), Z);

  static Instant t(String s) {
    return LocalDateTime.parse(s).atZone(Z).toInstant();
  }

  static CaseRules.Event e(String type, String at, Integer level, String unit) {
    return new CaseRules.Event(type, t(at), level, unit, null, 0);
  }

  static List<String> colours(CaseRules.State s) {
    return s.cards().stream().map(CaseRules.Card::colour).toList();
  }

  @Test
  void closedAtExactlySevenDaysEarnsNoCardOneMinuteLaterAYellowOne() {
    var in = e("received", "2026-08-03T09:00", 1, "村委会");
    var exactly = CAL.evaluate(List.of(in, e("closed", "2026-08-10T09:00", 2, "街道")), t("2026-09-01T00:00"));
    assertEquals(List.of(), colours(exactly));
    assertEquals(Boolean.TRUE, exactly.onTime());
    assertEquals(7.0, exactly.daysOpen());
    var late = CAL.evaluate(List.of(in, e("closed", "2026-08-10T09:01", 2, "街道")), t("2026-09-01T00:00"));
    assertEquals(List.of("yellow"), colours(late));
    assertEquals(Boolean.FALSE, late.onTime());
    assertEquals(t("2026-08-10T09:00"), late.cards().get(0).issuedAt());
  }

  @Test
  void fifteenDaysIsTheRedBoundary() {
    var in = e("received", "2026-08-03T09:00", 1, "村委会");
    assertEquals(List.of("yellow"), colours(CAL.evaluate(List.of(in, e("closed", "2026-08-18T09:00", 2, "街道")), t("2026-09-01T00:00"))));
    assertEquals(List.of("yellow", "red"), colours(CAL.evaluate(List.of(in, e("closed", "2026-08-18T09:01", 2, "街道")), t("2026-09-01T00:00"))));
  }

  @Test
  void openCasesEarnCardsOnlyOnceTheMomentHasPassed() {
    var in = e("received", "2026-08-03T09:00", 1, "村委会");
    assertEquals(List.of(), colours(CAL.evaluate(List.of(in), t("2026-08-10T09:00"))), "exactly 7 days open is not more than 7");
    var s = CAL.evaluate(List.of(in), t("2026-08-20T00:00"));
    assertEquals(List.of("yellow", "red"), colours(s));
    assertTrue(s.open());
    assertNull(s.onTime());
    assertEquals(16.63, s.daysOpen());
  }

  @Test
  void eventsOutOfOrderAreSortedAndLaterEventsIgnoredAsOfTheRunDate() {
    var s = CAL.evaluate(List.of(e("visited", "2026-08-06T10:00", 2, "街道"), e("closed", "2026-08-05T10:00", 2, "街道"), e("received", "2026-08-01T10:00", 1, "村委会"),
        e("assigned", "2026-08-01T12:00", 2, "街道")), t("2026-08-30T00:00"));
    assertFalse(s.open());
    assertEquals(t("2026-08-05T10:00"), s.closedAt());
    assertEquals(t("2026-08-01T10:00"), s.receivedAt());
    assertEquals("街道", s.unit());
    var before = CAL.evaluate(List.of(e("received", "2026-08-01T10:00", 1, "村委会"), e("closed", "2026-08-20T10:00", 2, "街道")), t("2026-08-15T00:00"));
    assertTrue(before.open(), "a close after the as-of moment has not happened yet");
  }

  @Test
  void escalationCountsLevelsAndTheUnitACardCountsAgainst() {
    var s = CAL.evaluate(List.of(e("received", "2026-08-01T10:00", 1, "太平村村委会"), e("assigned", "2026-08-02T10:00", 2, "石桥镇人民政府"),
        e("escalated", "2026-08-07T10:00", 3, "指挥中心"), e("transferred", "2026-08-12T10:00", 4, "县卫健委"), e("closed", "2026-08-20T10:00", 4, "县卫健委")),
        t("2026-09-01T00:00"));
    assertEquals(1, s.escalations());
    assertEquals(1, s.transfers());
    assertEquals(4, s.level());
    assertEquals(4, s.maxLevel());
    assertEquals("指挥中心", s.cards().get(0).unit(), "yellow at 08-08 10:00: the centre held it");
    assertEquals(3, s.cards().get(0).level());
    assertEquals("县卫健委", s.cards().get(1).unit(), "red at 08-16 10:00: the department held it");
  }

  @Test
  void aReassignmentAfterACloseReopensTheCase() {
    var s = CAL.evaluate(List.of(e("received", "2026-08-01T10:00", 1, "村"), e("closed", "2026-08-03T10:00", 1, "村"), e("assigned", "2026-08-04T10:00", 2, "街道")),
        t("2026-08-20T00:00"));
    assertTrue(s.open());
    assertEquals(List.of("yellow", "red"), colours(s));
  }

  @Test
  void workingDaysSkipTheNationalDayWeek() {
    // received Monday 2026-09-28; working days after: 09-29, 09-30, (10-01..07 off), 10-08, 10-09, 10-10 (Sat, make-up), 10-12, 10-13 → 7th = 10-13
    Instant due = WORK.due(t("2026-09-28T10:00"), 7);
    assertEquals(t("2026-10-14T00:00"), due);
    var closedOn13th = WORK.evaluate(List.of(e("received", "2026-09-28T10:00", 1, "村"), e("closed", "2026-10-13T17:00", 2, "街道")), t("2026-11-01T00:00"));
    assertEquals(List.of(), colours(closedOn13th), "closed within 7 working days although 15 calendar days passed");
    assertEquals(7, closedOn13th.workingDaysOpen());
    var calendar = CAL.evaluate(List.of(e("received", "2026-09-28T10:00", 1, "村"), e("closed", "2026-10-13T17:00", 2, "街道")), t("2026-11-01T00:00"));
    assertEquals(List.of("yellow", "red"), colours(calendar), "in calendar days the same case is 15.3 days: red");
  }
}
