package org.minqing.jobs.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WorkCalendarTest {
  static final WorkCalendar CN = WorkCalendar.load(null);

  static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void nationalDayWeekAndItsMakeUpSaturdays() {
    // 2019 国庆: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 are working days
    assertTrue(CN.isWorkday(d("2019-09-29")), "调休 Sunday");
    for (int day = 1; day <= 7; day++) {
      assertFalse(CN.isWorkday(LocalDate.of(2019, 10, day)), "10-0" + day);
    }
    assertTrue(CN.isWorkday(d("2019-10-12")), "调休 Saturday");
    assertFalse(CN.isWorkday(d("2019-10-13")), "an ordinary Sunday");
    // Friday 09-27 → working days after it up to Monday 10-14: 09-29, 09-30, 10-08..10-12, 10-14 = 8
    assertEquals(8, CN.workdaysBetween(d("2019-09-27"), d("2019-10-14")));
    // 7 working days after 09-30 (Mon): 10-08, 09, 10, 11, 12 (Sat, make-up), 14, 15
    assertEquals(d("2019-10-15"), CN.nthWorkdayAfter(d("2019-09-30"), 7));
  }

  @Test
  void springFestivalWithMakeUpWeekendBeforeIt() {
    // 2019 春节: 02-04..02-10 off; Saturday 02-02 and Sunday 02-03 work
    assertTrue(CN.isWorkday(d("2019-02-02")) && CN.isWorkday(d("2019-02-03")));
    assertFalse(CN.isWorkday(d("2019-02-04")) || CN.isWorkday(d("2019-02-08")) || CN.isWorkday(d("2019-02-10")));
    // from Friday 02-01: 02-02, 02-03, then 02-11.. → the 3rd working day is Monday 02-11
    assertEquals(d("2019-02-11"), CN.nthWorkdayAfter(d("2019-02-01"), 3));
    // 2020: the extension to 02-02 cancelled the 02-01 make-up Saturday
    assertFalse(CN.isWorkday(d("2020-02-01")));
    assertTrue(CN.isWorkday(d("2020-02-03")));
  }

  @Test
  void yearEndIsCountedAcrossYears() {
    // 2018-12-29 (Sat) is a make-up day for 元旦 2019 (12-30..01-01 off)
    assertTrue(CN.isWorkday(d("2018-12-29")));
    assertFalse(CN.isWorkday(d("2018-12-31")));
    assertFalse(CN.isWorkday(d("2019-01-01")));
    // Friday 2018-12-28 → Wednesday 2019-01-02: working days 12-29, 01-02
    assertEquals(2, CN.workdaysBetween(d("2018-12-28"), d("2019-01-02")));
  }

  @Test
  void outsideTheCalendarIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> CN.isWorkday(d("2009-05-04")));
    assertTrue(e.getMessage().contains("outside the working-day calendar") && e.getMessage().contains("2011–2026") && e.getMessage().contains("cases.calendar"), e.getMessage());
  }

  @Test
  void badCalendarFilesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> WorkCalendar.parse("years:\n  2020:\n    holidays: [\"2020-01-01\"]\n    workdays: [\"2020-01-01\"]\n", "x"));
    var e = assertThrows(IllegalArgumentException.class, () -> WorkCalendar.parse("years:\n  2020: {}\n  2022: {}\n", "x"));
    assertTrue(e.getMessage().contains("skips a year"));
    e = assertThrows(IllegalArgumentException.class, () -> WorkCalendar.parse("years:\n  2020:\n    holidays: [\"2020-13-01\"]\n", "x"));
    assertTrue(e.getMessage().contains("is not a date"));
  }
}
