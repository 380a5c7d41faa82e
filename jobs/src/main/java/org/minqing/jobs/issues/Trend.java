package org.minqing.jobs.issues;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Heat, trend, burst and status of one issue, from the days its complaints arrived. Pure
 * arithmetic, documented here because briefs quote these numbers.
 *
 * <h2>Weeks</h2>
 * Week {@code w} holds days {@code D − 7(w+1) + 1 … D − 7w} for the run date D: weeks end on the
 * run date, so "this week" is always the last 7 days. {@code weekly} is oldest first.
 *
 * <h2>Burst (EWMA control chart)</h2>
 * The baseline is an exponentially weighted moving average of the issue's own weekly counts over
 * the 12-week window up to the week before last (λ = 0.3; weeks before the issue existed count as
 * 0), with an EWMA of the squared deviations as its variance. The previous week is left out of the
 * baseline so a rise that began last week is still a burst this week. This week is a burst when its
 * count is at least {@link #BURST_MIN} and exceeds
 * {@code baseline + 3·sqrt(variance + max(baseline, 1))}: the Poisson term keeps a quiet issue
 * (baseline 0, variance 0) from bursting on two complaints.
 *
 * <h2>Growth</h2>
 * {@code (last 14 days − previous 14 days) / max(previous 14 days, 1)}.
 *
 * <h2>Heat</h2>
 * Over the heat window (default the last 90 days before D):
 * {@code heat = people + 0.25·(complaints − people) + ln(1 + likes + co_signers)}, where
 * people are distinct complainants (complaints without a complainant count one person each).
 * People weigh most (many people with one problem is the signal); repeated complaints by the
 * same people add a little (urgency, not breadth); likes and co-signatures add support with
 * diminishing returns so one viral post does not outrank thirty households.
 *
 * <h2>Status</h2>
 * new: first seen in the last 14 days; dormant: nothing in the last 30 days; growing: growth ≥ 0.5
 * and ≥ 3 complaints in the last 14 days; declining: growth ≤ −0.5; stable otherwise.
 */
public final class Trend {
  private Trend() {}

  public static final int WEEKS = 12;
  public static final int BURST_MIN = 3;
  public static final double LAMBDA = 0.3;
  public static final double SIGMAS = 3;

  /** Weekly counts (oldest first) of {@code days}, the received dates of the issue's complaints. */
  public static int[] weekly(List<LocalDate> days, LocalDate runDate, int weeks) {
    int[] w = new int[weeks];
    for (LocalDate d : days) {
      long back = ChronoUnit.DAYS.between(d, runDate);
      if (back < 0) {
        continue;
      }
      long week = back / 7;
      if (week < weeks) {
        w[weeks - 1 - (int) week]++;
      }
    }
    return w;
  }

  /** True when the last week of {@code weekly} bursts against the EWMA of the weeks before the previous one. */
  public static boolean burst(int[] weekly) {
    int n = weekly.length;
    if (n < 3) {
      return false;
    }
    double mean = weekly[0];
    double var = 0;
    for (int i = 1; i < n - 2; i++) {
      double dev = weekly[i] - mean;
      mean += LAMBDA * dev;
      var = (1 - LAMBDA) * (var + LAMBDA * dev * dev);
    }
    int now = weekly[n - 1];
    return now >= BURST_MIN && now > mean + SIGMAS * Math.sqrt(var + Math.max(mean, 1));
  }

  public static double growth(List<LocalDate> days, LocalDate runDate) {
    int last = 0;
    int prev = 0;
    for (LocalDate d : days) {
      long back = ChronoUnit.DAYS.between(d, runDate);
      if (back >= 0 && back < 14) {
        last++;
      } else if (back >= 14 && back < 28) {
        prev++;
      }
    }
    return Math.round((last - prev) / (double) Math.max(prev, 1) * 1000) / 1000.0;
  }

  public static double heat(long complaints, long people, long support) {
    double h = people + 0.25 * (complaints - people) + Math.log1p(Math.max(0, support));
    return Math.round(h * 1000) / 1000.0;
  }

  public static String status(LocalDate firstSeen, LocalDate lastSeen, double growth, int last14, LocalDate runDate) {
    if (ChronoUnit.DAYS.between(firstSeen, runDate) < 14) {
      return "new";
    }
    if (ChronoUnit.DAYS.between(lastSeen, runDate) >= 30) {
      return "dormant";
    }
    if (growth >= 0.5 && last14 >= 3) {
      return "growing";
    }
    if (growth <= -0.5) {
      return "declining";
    }
    return "stable";
  }
}
