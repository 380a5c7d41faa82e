package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {
  private static final LocalDate D = LocalDate.of(2026, 11, 1);

  @Test
  void weeksEndOnTheRunDate() {
    int[] w = Trend.weekly(List.of(D, D.minusDays(6), D.minusDays(7), D.minusDays(83), D.minusDays(84), D.plusDays(1)), D, 12);
    assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2}, w);
  }

  @Test
  void burstIsARiseAgainstTheIssuesOwnBaseline() {
    assertTrue(Trend.burst(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8}), "a new issue with 8 complaints this week");
    assertFalse(Trend.burst(new int[] {5, 6, 4, 5, 6, 5, 4, 6, 5, 5, 6, 7}), "a steady issue");
    assertTrue(Trend.burst(new int[] {2, 1, 2, 2, 1, 2, 2, 1, 2, 2, 1, 12}));
    assertFalse(Trend.burst(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}), "two complaints are not a burst");
  }

  @Test
  void heatWeighsPeopleAboveRepeatsAndLikesWithDiminishingReturns() {
    assertEquals(10.0, Trend.heat(10, 10, 0));
    assertEquals(3.0 + 0.25 * 7, Trend.heat(10, 3, 0));
    assertTrue(Trend.heat(30, 30, 0) > Trend.heat(1, 1, 2000), "thirty households outrank one viral post");
  }

  @Test
  void statusAndGrowth() {
    List<LocalDate> days = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      days.add(D.minusDays(i));
    }
    days.add(D.minusDays(20));
    days.add(D.minusDays(40));
    assertEquals(5.0, Trend.growth(days, D));
    assertEquals("growing", Trend.status(D.minusDays(40), D, 5.0, 6, D));
    assertEquals("new", Trend.status(D.minusDays(3), D, 5.0, 6, D));
    assertEquals("dormant", Trend.status(D.minusDays(90), D.minusDays(45), 0, 0, D));
  }
}
