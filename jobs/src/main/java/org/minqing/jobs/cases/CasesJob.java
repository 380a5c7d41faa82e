package org.minqing.jobs.cases;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.minqing.datasets.schema.QuarantineReason;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.Cards;
import org.minqing.datasets.schema.Tables.CaseEvents;
import org.minqing.datasets.schema.Tables.Cases;
import org.minqing.datasets.schema.Tables.Complaints;
import org.minqing.datasets.schema.Tables.Quarantine;
import org.minqing.datasets.schema.Tables.UnitScores;
import org.minqing.jobs.ingest.RawRecord;
import org.minqing.jobs.ingest.RecordSource;
import org.minqing.jobs.ingest.TimeParser;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.lake.LakeWriter;
import org.minqing.jobs.spark.SparkSchemas;
import org.minqing.nlp.PiiMasker;

/**
 * The {@code cases} stage: handling events → {@code case_events}, {@code cases} (as of the run
 * date), {@code cards} (append-only) and {@code unit_scores}.
 *
 * <ol>
 *   <li>Event exports are read in a few tasks of about equal size ({@link #readTasks}); every row is an event or a quarantine row
 *       with the file, line, column and the fix (read = accepted + quarantined, per file).
 *   <li>Sources that export no events (the real 附件4) get events derived from their complaints:
 *       受理 at {@code received_at}, 办结 at {@code replied_at}.
 *   <li>Exact repeats of an event are quarantined as {@code DUPLICATE_EVENT}; a close dated before the
 *       case's receipt as {@code CLOSE_BEFORE_OPEN}. Events arriving out of order are sorted by time.
 *   <li>Per case ({@link CaseRules}, inside Spark): status, level, unit, days open, cards earned as of
 *       the end of the run date.
 *   <li>Cards: only cards not already in the table are added; existing ones are never removed.
 * </ol>
 */
public final class CasesJob {
  private CasesJob() {}

  /** A configured event source: profile and file globs. */
  public record Source(EventProfile profile, List<String> paths) implements java.io.Serializable {}

  public record FileCounts(String source, String file, long read, long accepted, long quarantined) {}

  public record Result(long eventsRead, long eventsAccepted, long eventsQuarantined, long derivedEvents, Map<String, Long> quarantinedBy, List<FileCounts> files,
      long cases, long open, long newYellow, long newRed, long yellowTotal, long redTotal, long unitScoreRows, double seconds, String mode, long casesEvaluated) {}

  static final StructType PARSED =
      new StructType()
          .add("ok", DataTypes.BooleanType, false)
          .add(CaseEvents.CASE_ID, DataTypes.StringType)
          .add(CaseEvents.EVENT, DataTypes.StringType)
          .add(CaseEvents.EVENT_AT, DataTypes.TimestampType)
          .add(CaseEvents.LEVEL, DataTypes.IntegerType)
          .add(CaseEvents.UNIT, DataTypes.StringType)
          .add(CaseEvents.SATISFACTION, DataTypes.StringType)
          .add(CaseEvents.SOURCE, DataTypes.StringType, false)
          .add(CaseEvents.SOURCE_FILE, DataTypes.StringType)
          .add(CaseEvents.SOURCE_LINE, DataTypes.LongType)
          .add(Quarantine.SOURCE_COLUMN, DataTypes.StringType)
          .add(Quarantine.REASON, DataTypes.StringType)
          .add(Quarantine.MESSAGE, DataTypes.StringType)
          .add(Quarantine.RAW, DataTypes.StringType);

  // ------------------------------------------------------------------ reading event exports

  /** Reads one event file into parsed rows (events and rejects). */
  static final class ReadFile implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Map<String, EventProfile> profiles;

    ReadFile(Map<String, EventProfile> profiles) {
      this.profiles = profiles;
    }

    @Override
    public Iterator<Row> call(Row in) throws Exception {
      EventProfile p = profiles.get(in.getString(0));
      Path path = new Path(in.getString(1));
      String name = in.getString(2);
      List<Row> out = new ArrayList<>();
      FileSystem fs = path.getFileSystem(new Configuration());
      TimeParser times = new TimeParser(p.timeFormats(), p.zone());
      try (InputStream stream = fs.open(path);
          RecordSource src = RecordSource.open(p.formatFor(name), stream, name, p.encoding(), List.copyOf(p.columns().values()))) {
        List<String> header = src.header();
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (var e : p.columns().entrySet()) {
          int i = header.indexOf(e.getValue());
          if (i < 0) {
            throw new IllegalArgumentException("Event file " + name + " does not fit profile '" + p.name() + "': no column " + e.getValue() + " (for " + e.getKey()
                + "); the file has " + header + ". Fix the profile's columns: mapping.");
          }
          idx.put(e.getKey(), i);
        }
        while (src.hasNext()) {
          out.add(parse(p, name, header, idx, times, src.next()));
        }
      }
      return out.iterator();
    }
  }

  /**
   * The event files read in a few tasks of about equal size (largest first into the lightest task),
   * not one task per file: a county's daily exports are small, and thousands of one-file tasks cost
   * more in scheduling than in reading.
   */
  static org.apache.spark.api.java.JavaRDD<Row> readTasks(SparkSession spark, List<Row> files, Configuration hadoop, Map<String, EventProfile> profiles) {
    long[] size = new long[files.size()];
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      try {
        Path p = new Path(files.get(i).getString(1));
        size[i] = p.getFileSystem(hadoop).getFileStatus(p).getLen();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + files.get(i).getString(1), e);
      }
      total += size[i];
    }
    int n = (int) Math.max(1, Math.min(files.size(), Math.max(4L * spark.sparkContext().defaultParallelism(), total / (64L << 20))));
    List<List<Row>> tasks = new ArrayList<>();
    long[] load = new long[n];
    for (int i = 0; i < n; i++) {
      tasks.add(new ArrayList<>());
    }
    Integer[] order = new Integer[files.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> size[a] != size[b] ? Long.compare(size[b], size[a]) : Integer.compare(a, b));
    for (int i : order) {
      int lightest = 0;
      for (int t = 1; t < n; t++) {
        if (load[t] < load[lightest]) {
          lightest = t;
        }
      }
      tasks.get(lightest).add(files.get(i));
      load[lightest] += size[i];
    }
    ReadFile read = new ReadFile(profiles);
    return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(tasks, n).flatMap(task -> new Iterator<Row>() {
      private int next;
      private Iterator<Row> rows = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!rows.hasNext() && next < task.size()) {
          try {
            rows = read.call(task.get(next++));
          } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
          }
        }
        return rows.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return rows.next();
      }
    });
  }

  static Row parse(EventProfile p, String file, List<String> header, Map<String, Integer> idx, TimeParser times, RawRecord r) {
    if (r.isBroken()) {
      return reject(p, file, r, header, null, QuarantineReason.UNPARSEABLE_ROW, r.error());
    }
    String id = value(r, idx.get("case_id"));
    if (id == null) {
      return reject(p, file, r, header, p.columns().get("case_id"), QuarantineReason.MISSING_FIELD, "The case id (" + p.columns().get("case_id") + ") is empty; every event needs its case");
    }
    String rawEvent = value(r, idx.get("event"));
    String event = p.event(rawEvent);
    if (event == null) {
      return reject(p, file, r, header, p.columns().get("event"), rawEvent == null ? QuarantineReason.MISSING_FIELD : QuarantineReason.BAD_VALUE,
          "Event '" + rawEvent + "' is not one of 受理/交办/上报/转办/办结/回访; map it under event_values: in profile '" + p.name() + "'");
    }
    String t = value(r, idx.get("time"));
    Instant at;
    try {
      at = t == null ? null : times.parse(t);
    } catch (RuntimeException e) {
      at = null;
    }
    if (at == null) {
      return reject(p, file, r, header, p.columns().get("time"), t == null ? QuarantineReason.MISSING_FIELD : QuarantineReason.BAD_TIMESTAMP,
          "Time '" + (t == null ? "" : t) + "' matches none of the profile's time_formats " + p.timeFormats() + "; add the format to profile '" + p.name() + "'");
    }
    Integer level = null;
    String lv = idx.containsKey("level") ? value(r, idx.get("level")) : null;
    if (lv != null) {
      try {
        level = Integer.parseInt(lv);
      } catch (NumberFormatException e) {
        level = -1;
      }
      if (level < 1 || level > 5) {
        return reject(p, file, r, header, p.columns().get("level"), QuarantineReason.BAD_VALUE, "Level '" + lv + "' is not 1–5 (1 村/社区 … 5 区县领导)");
      }
    }
    String unit = idx.containsKey("unit") ? value(r, idx.get("unit")) : null;
    String sat = null;
    String sv = idx.containsKey("satisfaction") ? value(r, idx.get("satisfaction")) : null;
    if (sv != null) {
      sat = EventProfile.SATISFACTION_VALUES.get(sv);
      if (sat == null) {
        return reject(p, file, r, header, p.columns().get("satisfaction"), QuarantineReason.BAD_VALUE, "Satisfaction '" + sv + "' is not 满意/基本满意/不满意 (or empty when not asked)");
      }
    }
    return RowFactory.create(true, p.caseIdPrefix() + id, event, Timestamp.from(at), level, unit, sat, p.name(), file, r.line(), null, null, null, null);
  }

  private static String value(RawRecord r, int i) {
    String[] v = r.values();
    if (v == null || i >= v.length || v[i] == null) {
      return null;
    }
    String s = v[i].strip();
    return s.isEmpty() ? null : s;
  }

  private static Row reject(EventProfile p, String file, RawRecord r, List<String> header, String column, QuarantineReason reason, String message) {
    StringBuilder raw = new StringBuilder();
    String[] v = r.values();
    for (int i = 0; v != null && i < v.length; i++) {
      if (i > 0) {
        raw.append("; ");
      }
      raw.append(i < header.size() ? header.get(i) : "col" + i).append('=').append(v[i] == null ? "" : v[i]);
    }
    return RowFactory.create(false, null, null, null, null, null, null, p.name(), file, r.line(), column, reason.name(),
        file + " line " + r.line() + (column == null ? "" : ", column " + column) + ": " + message, PiiMasker.INSTANCE.mask(raw.toString()));
  }

  // ------------------------------------------------------------------ the stage

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CasesJob.class);

  /** Logs how far the stage has come (seconds since it began). */
  private static void step(long t0, String what) {
    LOG.info("cases: {} at {} s", what, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }

  public static Result run(SparkSession spark, Lake lake, String runId, LocalDate runDate, ZoneId zone, List<Source> sources, List<String> deriveFrom,
      CaseRules.Params params, WorkCalendar calendar) {
    return run(spark, lake, runId, runDate, zone, sources, deriveFrom, params, calendar, true);
  }

  /** As above; {@code allowIncremental} false rebuilds everything from all event files ({@code cases.incremental: false}). */
  public static Result run(SparkSession spark, Lake lake, String runId, LocalDate runDate, ZoneId zone, List<Source> sources, List<String> deriveFrom,
      CaseRules.Params params, WorkCalendar calendar, boolean allowIncremental) {
    long t0 = System.nanoTime();
    spark.sparkContext().setJobGroup("cases", "minqing cases " + runId, false);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<Row> files = new ArrayList<>();
    Map<String, EventProfile> profiles = new LinkedHashMap<>();
    for (Source s : sources) {
      profiles.put(s.profile().name(), s.profile());
      for (String glob : s.paths()) {
        try {
          Path g = new Path(glob);
          FileStatus[] found = g.getFileSystem(hadoop).globStatus(g);
          if (found == null || found.length == 0) {
            throw new IllegalArgumentException("Event source " + s.profile().name() + ": no file matches " + glob + "; check cases.events paths in the config");
          }
          List<String> names = new ArrayList<>();
          for (FileStatus f : found) {
            if (f.isFile()) {
              names.add(f.getPath().toString());
            }
          }
          names.sort(null);
          for (String n : names) {
            Path fp = new Path(n);
            files.add(RowFactory.create(s.profile().name(), n, fp.getParent().getName() + "/" + fp.getName()));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot list " + glob, e);
        }
      }
    }
    // an incremental night reads only the event files its base night had not read (docs/cases.md)
    Map<String, String> shas = new java.util.TreeMap<>();
    for (Row f : files) {
      shas.put(f.getString(0) + "|" + f.getString(1), sha256(new Path(f.getString(1)), hadoop));
    }
    String fingerprint = fingerprint(params, zone, calendar);
    String prevDt = previousSnapshot(lake, runDate.toString());
    String fullReason = allowIncremental ? fullReason(lake, prevDt, fingerprint, shas, deriveFrom) : "cases.incremental is false";
    boolean incremental = fullReason == null;
    Set<String> newNames = new TreeSet<>();
    if (incremental) {
      Map<String, String> before = readState(lake, prevDt).files();
      files.removeIf(f -> before.containsKey(f.getString(0) + "|" + f.getString(1)));
      files.forEach(f -> newNames.add(f.getString(2)));
    }
    org.slf4j.LoggerFactory.getLogger(CasesJob.class).info("cases: {} night{}", incremental ? "incremental" : "full",
        incremental ? " (" + files.size() + " new event files since " + prevDt + ")" : ": " + fullReason);
    step(t0, "event files hashed, " + files.size() + " to read");
    Dataset<Row> parsed = spark.createDataFrame(readTasks(spark, files, hadoop, profiles), PARSED).transform(org.minqing.jobs.spark.Plans::cut);
    step(t0, "event files parsed");

    // derived events (received / closed) from complaints of sources without event exports
    Dataset<Row> derived = spark.createDataFrame(List.of(), PARSED);
    if (!deriveFrom.isEmpty() && lake.hasTable(Tables.COMPLAINTS.name())) {
      Dataset<Row> c = spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString())
          .filter(col(Complaints.SOURCE).isin(deriveFrom.toArray()).and(col(Complaints.RECEIVED_AT).isNotNull()));
      Dataset<Row> rec = c.select(lit(true).as("ok"), col(Complaints.COMPLAINT_ID).as(CaseEvents.CASE_ID), lit("received").as(CaseEvents.EVENT),
          col(Complaints.RECEIVED_AT).as(CaseEvents.EVENT_AT), col(Complaints.SOURCE).as(CaseEvents.SOURCE));
      Dataset<Row> clo = c.filter(col(Complaints.REPLIED_AT).isNotNull()).select(lit(true).as("ok"), col(Complaints.COMPLAINT_ID).as(CaseEvents.CASE_ID),
          lit("closed").as(CaseEvents.EVENT), col(Complaints.REPLIED_AT).as(CaseEvents.EVENT_AT), col(Complaints.SOURCE).as(CaseEvents.SOURCE));
      derived = rec.unionByName(clo).withColumn(CaseEvents.LEVEL, lit(null).cast("int")).withColumn(CaseEvents.UNIT, lit(null).cast("string"))
          .withColumn(CaseEvents.SATISFACTION, lit(null).cast("string"))
          .withColumn(CaseEvents.SOURCE_FILE, lit(null).cast("string")).withColumn(CaseEvents.SOURCE_LINE, lit(null).cast("long"))
          .withColumn(Quarantine.SOURCE_COLUMN, lit(null).cast("string")).withColumn(Quarantine.REASON, lit(null).cast("string"))
          .withColumn(Quarantine.MESSAGE, lit(null).cast("string")).withColumn(Quarantine.RAW, lit(null).cast("string"));
      derived = spark.createDataFrame(derived.select(PARSED.fieldNames()[0], java.util.Arrays.copyOfRange(PARSED.fieldNames(), 1, PARSED.fieldNames().length)).javaRDD(), PARSED);
    }
    Dataset<Row> all = parsed.withColumn(CaseEvents.ORIGIN, lit("export")).unionByName(derived.withColumn(CaseEvents.ORIGIN, lit("derived"))).withColumn("_prior", lit(false));
    Dataset<Row> touched = null;
    if (incremental) {
      // the accepted events the lake already holds for the cases tonight's files touch (not those an
      // earlier attempt of this night took from the same files), so repeats and order are checked
      // against them; they come first and stay
      touched = parsed.filter(col("ok")).select(CaseEvents.CASE_ID).distinct().transform(org.minqing.jobs.spark.Plans::cut);
      Dataset<Row> prior = priorEvents(spark, lake, newNames).join(touched, CaseEvents.CASE_ID)
          .select(lit(true).as("ok"), col(CaseEvents.CASE_ID), col(CaseEvents.EVENT), col(CaseEvents.EVENT_AT), col(CaseEvents.LEVEL), col(CaseEvents.UNIT), col(CaseEvents.SATISFACTION),
              col(CaseEvents.SOURCE), col(CaseEvents.SOURCE_FILE), col(CaseEvents.SOURCE_LINE), lit(null).cast("string").as(Quarantine.SOURCE_COLUMN),
              lit(null).cast("string").as(Quarantine.REASON), lit(null).cast("string").as(Quarantine.MESSAGE), lit(null).cast("string").as(Quarantine.RAW),
              col(CaseEvents.ORIGIN), lit(true).as("_prior"));
      all = all.unionByName(prior);
    }

    // exact repeats: the first by file and line stays (on an incremental night, the one already held)
    var sameEvent = Window.partitionBy(col(CaseEvents.CASE_ID), col(CaseEvents.EVENT), col(CaseEvents.EVENT_AT), expr("coalesce(level, -1)"), expr("coalesce(unit, '')"),
        expr("coalesce(satisfaction, '')")).orderBy(col("_prior").desc(), col(CaseEvents.SOURCE_FILE).asc_nulls_first(), col(CaseEvents.SOURCE_LINE).asc_nulls_first(), col(CaseEvents.ORIGIN));
    // close before open: a close earlier than the case's first receipt (computed first: the rows are
    // then spread by case, which the repeats' window can use without spreading them again)
    var perCase = Window.partitionBy(col(CaseEvents.CASE_ID));
    Dataset<Row> ok = all.filter(col("ok")).withColumn("_opened", expr("min(CASE WHEN event = 'received' THEN event_at END)").over(perCase));
    ok = ok.withColumn("_n", row_number().over(sameEvent));
    Dataset<Row> checked = ok.withColumn(Quarantine.REASON,
            when(col("_n").gt(1), lit(QuarantineReason.DUPLICATE_EVENT.name()))
                .when(col(CaseEvents.EVENT).equalTo("closed").and(col(CaseEvents.EVENT_AT).lt(col("_opened"))), lit(QuarantineReason.CLOSE_BEFORE_OPEN.name())))
        .filter(col("_prior").unary_$bang()).drop("_prior")
        .transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> events = checked.filter(col(Quarantine.REASON).isNull());
    Dataset<Row> lateRejects = checked.filter(col(Quarantine.REASON).isNotNull()).withColumn(Quarantine.MESSAGE,
        expr("concat(coalesce(source_file, source), coalesce(concat(' line ', cast(source_line as string)), ''), ': ', "
            + "CASE WHEN reason = 'DUPLICATE_EVENT' THEN concat('event ', event, ' of case ', case_id, ' at ', cast(event_at as string), ' repeats an earlier row exactly; the repeat is ignored') "
            + "ELSE concat('case ', case_id, ' is closed at ', cast(event_at as string), ', before its receipt at ', cast(_opened as string), '; correct one of the two times') END)"))
        .withColumn(Quarantine.SOURCE_COLUMN, lit(null).cast("string"))
        .withColumn(Quarantine.RAW, expr("concat('case_id=', case_id, '; event=', event, '; time=', cast(event_at as string), '; level=', coalesce(cast(level as string), ''), '; unit=', coalesce(unit, ''))"));
    Dataset<Row> rejects = all.filter(col("ok").unary_$bang().and(col("_prior").unary_$bang())).select(col(CaseEvents.SOURCE), col(CaseEvents.SOURCE_FILE), col(CaseEvents.SOURCE_LINE), col(Quarantine.SOURCE_COLUMN),
            col(Quarantine.REASON), col(Quarantine.MESSAGE), col(Quarantine.RAW))
        .unionByName(lateRejects.select(col(CaseEvents.SOURCE), col(CaseEvents.SOURCE_FILE), col(CaseEvents.SOURCE_LINE), col(Quarantine.SOURCE_COLUMN),
            col(Quarantine.REASON), col(Quarantine.MESSAGE), col(Quarantine.RAW)))
        .transform(org.minqing.jobs.spark.Plans::cut);
    step(t0, "repeats and order checked");

    // counts per file (exports) and reasons
    List<FileCounts> perFile = new ArrayList<>();
    Map<String, long[]> fc = new java.util.TreeMap<>();
    for (Row r : parsed.groupBy(CaseEvents.SOURCE, CaseEvents.SOURCE_FILE).agg(count("*")).collectAsList()) {
      fc.computeIfAbsent(r.getString(0) + "\u0001" + r.getString(1), k -> new long[2])[0] = r.getLong(2);
    }
    for (Row r : rejects.filter(col(CaseEvents.SOURCE_FILE).isNotNull()).groupBy(CaseEvents.SOURCE, CaseEvents.SOURCE_FILE).agg(count("*")).collectAsList()) {
      fc.computeIfAbsent(r.getString(0) + "\u0001" + r.getString(1), k -> new long[2])[1] = r.getLong(2);
    }
    long read = 0;
    long quarantined = 0;
    for (var e : fc.entrySet()) {
      String[] k = e.getKey().split("\u0001");
      perFile.add(new FileCounts(k[0], k[1], e.getValue()[0], e.getValue()[0] - e.getValue()[1], e.getValue()[1]));
      read += e.getValue()[0];
      quarantined += e.getValue()[1];
    }
    Map<String, Long> by = new java.util.TreeMap<>();
    for (Row r : rejects.groupBy(Quarantine.REASON).agg(count("*")).collectAsList()) {
      by.put(r.getString(0), r.getLong(1));
    }
    long derivedCount = events.filter(col(CaseEvents.ORIGIN).equalTo("derived")).count();
    step(t0, "counted");

    // case_events: rebuilt whole on a full night; on an incremental one the days of the new events
    Dataset<Row> eventRows = events.withColumn(CaseEvents.RUN_ID, lit(runId))
        .withColumn(CaseEvents.DT, date_format(expr("from_utc_timestamp(event_at, '" + zone.getId() + "')"), "yyyy-MM-dd"));
    Set<String> eventDts = new TreeSet<>();
    for (Row r : eventRows.select(CaseEvents.DT).distinct().collectAsList()) {
      eventDts.add(r.getString(0));
    }
    if (incremental) {
      if (!eventDts.isEmpty()) {
        Dataset<Row> keep = priorEvents(spark, lake, newNames).filter(col(CaseEvents.DT).isin(eventDts.toArray()));
        eventRows = keep.unionByName(eventRows.select(SparkSchemas.columns(Tables.CASE_EVENTS))).transform(org.minqing.jobs.spark.Plans::cut);
        LakeWriter.replacePartitions(spark, lake, runId, Tables.CASE_EVENTS, eventRows, eventDts, CaseEvents.CASE_ID, CaseEvents.EVENT_AT, CaseEvents.EVENT);
      }
    } else {
      eventDts.addAll(lake.partitions(Tables.CASE_EVENTS.name()));
      LakeWriter.replacePartitions(spark, lake, runId, Tables.CASE_EVENTS, eventRows, eventDts, CaseEvents.CASE_ID, CaseEvents.EVENT_AT, CaseEvents.EVENT);
    }

    // quarantine: this run's partition keeps the other stages' rows
    writeQuarantine(spark, lake, runId, runDate, rejects, profiles.keySet(), deriveFrom);
    step(t0, "case_events and quarantine written");

    // per case, as of the end of the run date
    Instant asOf = runDate.plusDays(1).atStartOfDay(zone).toInstant();
    Dataset<Row> ev = spark.read().schema(SparkSchemas.of(Tables.CASE_EVENTS)).parquet(lake.table(Tables.CASE_EVENTS.name()).toString());
    // an incremental night evaluates the cases with new events, those still open, and those with
    // events dated after the base night (not yet in effect then: a 回访 recorded ahead); any other
    // closed case is final (its days, cards and satisfaction cannot change) and is carried over
    Dataset<Row> carried = null;
    if (incremental) {
      Dataset<Row> before = spark.read().schema(SparkSchemas.of(Tables.CASES)).parquet(lake.table(Tables.CASES.name()).toString()).filter(col(Cases.DT).equalTo(prevDt));
      Dataset<Row> later = ev.filter(col(CaseEvents.DT).gt(prevDt)).select(CaseEvents.CASE_ID);
      Dataset<Row> evaluate = touched.unionByName(before.filter(col(Cases.STATUS).equalTo("open")).select(Cases.CASE_ID)).unionByName(later).distinct()
          .transform(org.minqing.jobs.spark.Plans::cut);
      ev = ev.join(evaluate, CaseEvents.CASE_ID);
      carried = before.join(evaluate, Cases.CASE_ID, "left_anti").withColumn(Cases.RUN_ID, lit(runId)).withColumn(Cases.DT, lit(runDate.toString()));
    }
    StructType caseOut = SparkSchemas.of(Tables.CASES).add("_cards", DataTypes.createArrayType(SparkSchemas.of(Tables.CARDS)));
    CaseRules rules = new CaseRules(params, calendar, zone);
    Dataset<Row> cases = ev.groupByKey((org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(r.fieldIndex(CaseEvents.CASE_ID)), Encoders.STRING())
        .flatMapGroups(new Evaluate(rules, asOf, runId, runDate.toString(), zone.getId(), params), Encoders.row(caseOut))
        .transform(org.minqing.jobs.spark.Plans::cut);
    step(t0, "cases evaluated");

    // cards: add the ones not yet issued; never remove
    Dataset<Row> earned = cases.select(org.apache.spark.sql.functions.explode(col("_cards")).as("c")).select("c.*");
    Dataset<Row> existing = lake.hasTable(Tables.CARDS.name())
        ? spark.read().schema(SparkSchemas.of(Tables.CARDS)).parquet(lake.table(Tables.CARDS.name()).toString())
        : spark.createDataFrame(List.of(), SparkSchemas.of(Tables.CARDS));
    existing = existing.transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> fresh = earned.join(existing.select(col(Cards.CARD_ID).as("_have")), col(Cards.CARD_ID).equalTo(col("_have")), "left_anti").transform(org.minqing.jobs.spark.Plans::cut);
    List<String> freshDts = fresh.select(Cards.DT).distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    long newYellow = fresh.filter(col(Cards.COLOUR).equalTo("yellow")).count();
    long newRed = fresh.filter(col(Cards.COLOUR).equalTo("red")).count();
    if (!freshDts.isEmpty()) {
      Dataset<Row> keep = existing.filter(col(Cards.DT).isin(freshDts.toArray()));
      LakeWriter.replacePartitions(spark, lake, runId, Tables.CARDS, keep.unionByName(fresh), freshDts, Cards.CARD_ID);
    }
    Dataset<Row> allCards = lake.hasTable(Tables.CARDS.name())
        ? spark.read().schema(SparkSchemas.of(Tables.CARDS)).parquet(lake.table(Tables.CARDS.name()).toString())
        : spark.createDataFrame(List.of(), SparkSchemas.of(Tables.CARDS));
    long yellowTotal = allCards.filter(col(Cards.COLOUR).equalTo("yellow")).count();
    long redTotal = allCards.filter(col(Cards.COLOUR).equalTo("red")).count();
    step(t0, "cards written");

    // the snapshot shows every card a case holds, also those a later correction would not earn again
    Dataset<Row> held = allCards.groupBy(col(Cards.CASE_ID).as("_cid")).agg(
        expr("max(CASE WHEN colour = 'yellow' THEN 1 ELSE 0 END) = 1").as("_y"), expr("max(CASE WHEN colour = 'red' THEN 1 ELSE 0 END) = 1").as("_r"));
    Dataset<Row> caseRows = cases.drop("_cards").join(held, col(Cases.CASE_ID).equalTo(col("_cid")), "left")
        .withColumn(Cases.YELLOW, expr("yellow OR coalesce(_y, false)"))
        .withColumn(Cases.RED, expr("red OR coalesce(_r, false)"))
        .drop("_cid", "_y", "_r");
    if (carried != null) {
      caseRows = caseRows.unionByName(carried.select(SparkSchemas.columns(Tables.CASES)));
    }
    caseRows = caseRows.transform(org.minqing.jobs.spark.Plans::cut);
    LakeWriter.replacePartitions(spark, lake, runId, Tables.CASES, caseRows, List.of(runDate.toString()), Cases.CASE_ID);
    step(t0, "cases written");

    // unit scores per month of receipt
    Dataset<Row> snapshot = caseRows.withColumn(UnitScores.PERIOD, date_format(expr("from_utc_timestamp(received_at, '" + zone.getId() + "')"), "yyyy-MM"))
        .withColumn(UnitScores.UNIT, expr("coalesce(unit, '(no unit)')"));
    Dataset<Row> caseAgg = snapshot.groupBy(UnitScores.UNIT, UnitScores.PERIOD).agg(
        count("*").as(UnitScores.RECEIVED),
        sum(when(col(Cases.STATUS).equalTo("closed"), 1).otherwise(0)).cast("long").as(UnitScores.CLOSED),
        sum(when(col(Cases.ON_TIME), 1).otherwise(0)).cast("long").as("_on_time"),
        expr("percentile(CASE WHEN status = 'closed' THEN days_open END, 0.5)").as(UnitScores.MEDIAN_DAYS),
        expr("percentile(CASE WHEN status = 'closed' THEN days_open END, 0.9)").as(UnitScores.P90_DAYS),
        sum(when(col(Cases.SATISFACTION).isNotNull(), 1).otherwise(0)).cast("long").as(UnitScores.VISITED),
        sum(when(col(Cases.SATISFACTION).isin("satisfied", "basically_satisfied"), 1).otherwise(0)).cast("long").as(UnitScores.SATISFIED),
        sum(col(Cases.ESCALATIONS)).cast("long").as(UnitScores.ESCALATIONS),
        sum(when(col(Cases.STATUS).equalTo("open"), 1).otherwise(0)).cast("long").as(UnitScores.OPEN_NOW));
    Dataset<Row> cardAgg = allCards.join(snapshot.select(col(Cases.CASE_ID).as("_cid"), col(UnitScores.PERIOD)), col(Cards.CASE_ID).equalTo(col("_cid")))
        .withColumn("_unit", expr("coalesce(" + Cards.UNIT + ", '(no unit)')"))
        .groupBy(col("_unit"), col(UnitScores.PERIOD).as("_period")).agg(
            sum(when(col(Cards.COLOUR).equalTo("yellow"), 1).otherwise(0)).cast("long").as(UnitScores.YELLOW_CARDS),
            sum(when(col(Cards.COLOUR).equalTo("red"), 1).otherwise(0)).cast("long").as(UnitScores.RED_CARDS));
    Dataset<Row> scores = caseAgg.join(cardAgg, caseAgg.col(UnitScores.UNIT).equalTo(cardAgg.col("_unit")).and(caseAgg.col(UnitScores.PERIOD).equalTo(cardAgg.col("_period"))), "left")
        .withColumn(UnitScores.YELLOW_CARDS, expr("coalesce(yellow_cards, 0L)"))
        .withColumn(UnitScores.RED_CARDS, expr("coalesce(red_cards, 0L)"))
        .withColumn(UnitScores.CLOSE_RATE, expr("round(closed / received, 4)"))
        .withColumn(UnitScores.ON_TIME_RATE, expr("CASE WHEN closed > 0 THEN round(_on_time / closed, 4) END"))
        .withColumn(UnitScores.SATISFACTION_RATE, expr("CASE WHEN visited > 0 THEN round(satisfied / visited, 4) END"))
        .withColumn(UnitScores.MEDIAN_DAYS, expr("round(median_days, 2)"))
        .withColumn(UnitScores.P90_DAYS, expr("round(p90_days, 2)"))
        .withColumn(UnitScores.RUN_ID, lit(runId)).withColumn(UnitScores.DT, lit(runDate.toString()));
    LakeWriter.replacePartitions(spark, lake, runId, Tables.UNIT_SCORES, scores, List.of(runDate.toString()), UnitScores.UNIT, UnitScores.PERIOD);
    long unitRows = spark.read().parquet(lake.table(Tables.UNIT_SCORES.name()).toString()).filter(col(UnitScores.DT).equalTo(runDate.toString())).count();
    step(t0, "unit scores written");

    List<Row> cs = caseRows.agg(count("*"), sum(when(col(Cases.STATUS).equalTo("open"), 1).otherwise(0))).collectAsList();
    long nCases = cs.get(0).getLong(0);
    long open = cs.get(0).isNullAt(1) ? 0 : cs.get(0).getLong(1);
    long evaluated = cases.count();
    Map<String, String> known = new java.util.TreeMap<>(shas);
    writeState(lake, runDate.toString(), new State(incremental ? "incremental" : "full", fingerprint, known));
    return new Result(read, read - quarantined, quarantined, derivedCount, by, perFile, nCases, open, newYellow, newRed, yellowTotal, redTotal, unitRows,
        (System.nanoTime() - t0) / 1e9, incremental ? "incremental" : "full", evaluated);
  }

  // ------------------------------------------------------------------ incremental nights

  /** What a night's cases stage knew: its mode, the settings' fingerprint, every event file read so far (profile|path → SHA-256). */
  record State(String mode, String params, Map<String, String> files) {}

  static State readState(Lake lake, String dt) {
    com.fasterxml.jackson.databind.JsonNode n = lake.readState("cases", dt);
    if (n == null) {
      return null;
    }
    Map<String, String> files = new java.util.TreeMap<>();
    n.path("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
    return new State(n.path("mode").asText(), n.path("params").asText(), files);
  }

  static void writeState(Lake lake, String dt, State s) {
    com.fasterxml.jackson.databind.node.ObjectNode n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    n.put("mode", s.mode()).put("params", s.params());
    com.fasterxml.jackson.databind.node.ObjectNode files = n.putObject("files");
    s.files().forEach(files::put);
    lake.writeState("cases", dt, n);
  }

  static String fingerprint(CaseRules.Params params, ZoneId zone, WorkCalendar calendar) {
    return params + "|" + zone.getId() + "|" + calendar.fingerprint();
  }

  /** The latest {@code cases} snapshot strictly before {@code dt}, or null. */
  static String previousSnapshot(Lake lake, String dt) {
    String best = null;
    for (String v : lake.partitions(Tables.CASES.name())) {
      if (v.compareTo(dt) < 0 && (best == null || v.compareTo(best) > 0)) {
        best = v;
      }
    }
    return best;
  }

  /**
   * Why tonight must rebuild everything, or null when it can extend the night before: that night
   * left its state, with the same rules, and every event file it read is still there unchanged
   * (a changed or vanished export would have to take its old events back out).
   */
  static String fullReason(Lake lake, String prevDt, String fingerprint, Map<String, String> shas, List<String> deriveFrom) {
    if (!deriveFrom.isEmpty()) {
      return "cases.derive_from reads the complaints, which are re-read every night";
    }
    if (prevDt == null) {
      return "no earlier night";
    }
    State s = readState(lake, prevDt);
    if (s == null) {
      return "the night of " + prevDt + " left no cases state";
    }
    if (!s.params().equals(fingerprint)) {
      return "the card rules, time zone or calendar changed since " + prevDt;
    }
    for (var e : s.files().entrySet()) {
      String now = shas.get(e.getKey());
      if (now == null) {
        return "event file " + e.getKey().substring(e.getKey().indexOf('|') + 1) + " read on " + prevDt + " is gone";
      }
      if (!now.equals(e.getValue())) {
        return "event file " + e.getKey().substring(e.getKey().indexOf('|') + 1) + " changed since " + prevDt;
      }
    }
    return null;
  }

  /** The lake's accepted events, without those taken from {@code exclude} (file names as in source_file) by an earlier attempt of this night. */
  static Dataset<Row> priorEvents(SparkSession spark, Lake lake, Set<String> exclude) {
    Dataset<Row> ev = spark.read().schema(SparkSchemas.of(Tables.CASE_EVENTS)).parquet(lake.table(Tables.CASE_EVENTS.name()).toString());
    return exclude.isEmpty() ? ev : ev.filter(col(CaseEvents.SOURCE_FILE).isNull().or(col(CaseEvents.SOURCE_FILE).isin(exclude.toArray()).unary_$bang()));
  }

  static String sha256(Path file, Configuration hadoop) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      try (InputStream in = new java.security.DigestInputStream(file.getFileSystem(hadoop).open(file), md)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeQuarantine(SparkSession spark, Lake lake, String runId, LocalDate runDate, Dataset<Row> rejects, Set<String> eventSources, List<String> derived) {
    Dataset<Row> mine = rejects.withColumn(Quarantine.RUN_ID, lit(runId)).withColumn(Quarantine.DT, lit(runDate.toString()));
    Dataset<Row> others = spark.createDataFrame(List.of(), SparkSchemas.of(Tables.QUARANTINE));
    if (lake.hasTable(Tables.QUARANTINE.name())) {
      List<String> mineSources = new ArrayList<>(eventSources);
      others = spark.read().schema(SparkSchemas.of(Tables.QUARANTINE)).parquet(lake.table(Tables.QUARANTINE.name()).toString())
          .filter(col(Quarantine.DT).equalTo(runDate.toString()))
          .filter(col(Quarantine.SOURCE).isin(mineSources.toArray()).unary_$bang())
          .filter(col(Quarantine.REASON).isin(QuarantineReason.DUPLICATE_EVENT.name(), QuarantineReason.CLOSE_BEFORE_OPEN.name()).unary_$bang())
          .transform(org.minqing.jobs.spark.Plans::cut);
    }
    Dataset<Row> rows = others.unionByName(mine.select(SparkSchemas.columns(Tables.QUARANTINE)));
    LakeWriter.replacePartitions(spark, lake, runId, Tables.QUARANTINE, rows, List.of(runDate.toString()), Quarantine.SOURCE, Quarantine.SOURCE_FILE, Quarantine.SOURCE_LINE);
  }

  /** Per case: the {@code cases} row plus the cards earned (nested, split off by the caller). */
  static final class Evaluate implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final CaseRules rules;
    private final long asOfMillis;
    private final String runId;
    private final String dt;
    private final String zone;
    private final CaseRules.Params params;

    Evaluate(CaseRules rules, Instant asOf, String runId, String dt, String zone, CaseRules.Params params) {
      this.rules = rules;
      this.asOfMillis = asOf.toEpochMilli();
      this.runId = runId;
      this.dt = dt;
      this.zone = zone;
      this.params = params;
    }

    @Override
    public Iterator<Row> call(String caseId, Iterator<Row> rows) {
      List<CaseRules.Event> ev = new ArrayList<>();
      String origin = "derived";
      long i = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        long line = r.isNullAt(r.fieldIndex(CaseEvents.SOURCE_LINE)) ? i : r.getLong(r.fieldIndex(CaseEvents.SOURCE_LINE));
        ev.add(new CaseRules.Event(r.getString(r.fieldIndex(CaseEvents.EVENT)), r.getTimestamp(r.fieldIndex(CaseEvents.EVENT_AT)).toInstant(),
            r.isNullAt(r.fieldIndex(CaseEvents.LEVEL)) ? null : r.getInt(r.fieldIndex(CaseEvents.LEVEL)), r.getString(r.fieldIndex(CaseEvents.UNIT)),
            r.getString(r.fieldIndex(CaseEvents.SATISFACTION)), line));
        if ("export".equals(r.getString(r.fieldIndex(CaseEvents.ORIGIN)))) {
          origin = "export";
        }
        i++;
      }
      CaseRules.State s = rules.evaluate(ev, Instant.ofEpochMilli(asOfMillis));
      if (s == null) {
        return java.util.Collections.emptyIterator();
      }
      List<Row> cards = new ArrayList<>();
      ZoneId z = ZoneId.of(zone);
      for (CaseRules.Card c : s.cards()) {
        cards.add(RowFactory.create(caseId + ":" + c.colour(), caseId, c.colour(), c.thresholdDays(), params.basis(), Timestamp.from(s.receivedAt()),
            Timestamp.from(c.issuedAt()), c.unit(), c.level(), runId, c.issuedAt().atZone(z).toLocalDate().toString()));
      }
      boolean yellow = s.cards().stream().anyMatch(c -> c.colour().equals("yellow"));
      boolean red = s.cards().stream().anyMatch(c -> c.colour().equals("red"));
      Row out = RowFactory.create(caseId, Timestamp.from(s.receivedAt()), s.closedAt() == null ? null : Timestamp.from(s.closedAt()), s.open() ? "open" : "closed",
          s.level(), s.maxLevel(), s.unit(), s.escalations(), s.transfers(), s.daysOpen(), s.workingDaysOpen(), s.onTime(), s.satisfaction(), yellow, red, s.events(),
          origin, runId, dt, cards.toArray());
      return List.of(out).iterator();
    }
  }
}
