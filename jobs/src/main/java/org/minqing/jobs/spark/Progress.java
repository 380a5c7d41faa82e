package org.minqing.jobs.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
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
  private volatile org.apache.spark.util.LongAccumulator rows;
  private final AtomicLong tasksDone = new AtomicLong();
  private volatile int stageTasks;
  private volatile long stageStart = System.currentTimeMillis();
  private volatile long workStart = System.currentTimeMillis();
  private volatile long lastPrint = System.currentTimeMillis();
  private volatile String label = "";

  public Progress(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /**
   * Names the work now running (e.g. "ingest") and the accumulator its tasks add their rows to
   * (Spark reports task-side counts when tasks end, so the line moves in task-sized steps).
   */
  public void begin(String what, org.apache.spark.util.LongAccumulator rowsDone) {
    label = what;
    rows = rowsDone;
    tasksDone.set(0);
    workStart = System.currentTimeMillis();
    lastPrint = workStart;
  }

  /** The registered work is over: no more progress lines until the next {@link #begin}. */
  public void end() {
    label = "";
    rows = null;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    stageTasks = e.stageInfo().numTasks();
    tasksDone.set(0);
    stageStart = System.currentTimeMillis();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    var i = e.stageInfo();
    if (LOG.isDebugEnabled() && i.submissionTime().isDefined() && i.completionTime().isDefined()) {
      long wall = (Long) i.completionTime().get() - (Long) i.submissionTime().get();
      var m = i.taskMetrics();
      LOG.debug(String.format("stage %d %-40.40s %3d tasks %6d ms wall %7d ms run %7d ms cpu %6d ms gc %,d in %,d out",
          i.stageId(), i.name(), i.numTasks(), wall, m.executorRunTime(), m.executorCpuTime() / 1_000_000, m.jvmGCTime(),
          m.inputMetrics().recordsRead() + m.shuffleReadMetrics().recordsRead(), m.outputMetrics().recordsWritten() + m.shuffleWriteMetrics().recordsWritten()));
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    long done = tasksDone.incrementAndGet();
    long now = System.currentTimeMillis();
    if (!label.isEmpty() && now - lastPrint >= intervalMillis) {
      lastPrint = now;
      double secs = Math.max(0.001, (now - workStart) / 1000.0);
      long r = rows == null ? 0 : rows.value();
      int total = stageTasks;
      String eta = done > 0 && total > done ? String.format("%.0f s", (now - stageStart) / 1000.0 / done * (total - done)) : "-";
      LOG.info(String.format("%s: %,d rows in %.0f s (%,.0f rows/s); current step %d/%d tasks, ETA of step %s", label, r, secs, r / secs, done, total, eta));
    }
  }
}
