package org.minqing.jobs.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress line for long Spark work: tasks done of the running stage, rows read so far, rate and
 * an ETA from the task completion rate. At most one line every {@code intervalMillis}; silent for
 * work that finishes sooner.
 */
public final class Progress extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger("org.minqing.progress");

  private final long intervalMillis;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong tasksDone = new AtomicLong();
  private volatile int stageTasks;
  private volatile long stageStart = System.currentTimeMillis();
  private volatile long lastPrint = System.currentTimeMillis();
  private volatile String label = "";

  public Progress(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /** Names the work now running (e.g. "ingest") and restarts the counters. */
  public void begin(String what) {
    label = what;
    rows.set(0);
    tasksDone.set(0);
    stageStart = System.currentTimeMillis();
    lastPrint = stageStart;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    stageTasks = e.stageInfo().numTasks();
    tasksDone.set(0);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    long done = tasksDone.incrementAndGet();
    if (e.taskMetrics() != null) {
      rows.addAndGet(e.taskMetrics().inputMetrics().recordsRead() + e.taskMetrics().shuffleReadMetrics().recordsRead());
    }
    long now = System.currentTimeMillis();
    if (now - lastPrint >= intervalMillis) {
      lastPrint = now;
      double secs = Math.max(0.001, (now - stageStart) / 1000.0);
      long r = rows.get();
      int total = stageTasks;
      String eta = done > 0 && total > done ? String.format("%.0f s", secs / done * (total - done)) : "-";
      LOG.info(String.format("%s: %d/%d tasks, %,d rows, %,.0f rows/s, ETA %s", label, done, total, r, r / secs, eta));
    }
  }
}
