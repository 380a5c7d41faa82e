package org.minqing.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.minqing.datasets.schema.QuarantineReason;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.Complaints;
import org.minqing.datasets.schema.Tables.Quarantine;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.lake.LakeWriter;
import org.minqing.jobs.spark.SparkSchemas;
import org.minqing.nlp.ComplainantKeys;
import org.minqing.nlp.PiiMasker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ingest} stage: exports → {@code complaints} + {@code quarantine}.
 *
 * <ol>
 *   <li>{@link #plan}: expand each source's globs (sorted), checksum the files, read each header on
 *       the driver and fail fast if it does not fit the profile.
 *   <li>Parse: one Spark task per file streams its records through {@link RowMapper}; nothing is
 *       collected to the driver.
 *   <li>{@link #dedupe}: one row per complaint id, the last export winning (later file in the
 *       configured order, then later line); the others are quarantined as superseded.
 *   <li>{@link #flagRepeats}: identical text from the same complainant within the repeat window
 *       of the previous one is flagged {@code is_repeat} with {@code repeat_of} the chain's first
 *       complaint (also against complaints already in the lake).
 *   <li>Merge into the lake: each touched date partition is rewritten as (its rows not replaced by
 *       this run) ∪ (this run's rows), staged and committed atomically ({@link Lake#commit}).
 *       Quarantine partition {@code dt=<run date>} keeps other runs' rows for other files.
 * </ol>
 *
 * Counts add up per file: read = accepted + quarantined, checked before anything is committed.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /** One input file of the run. {@code order} decides which export wins for a repeated id. */
  public record FileInput(int order, String source, String path, String name, long bytes, String sha256) implements Serializable {}

  /** Rows of one file: read = accepted + quarantined. */
  public record FileCounts(String file, String source, String sha256, long bytes, long read, long accepted, long quarantined, Map<String, Long> quarantinedBy) {}

  /**
   * @param replaced rows already in the lake that this run's rows replaced (same complaint id, a later export)
   */
  public record Result(String runId, List<FileCounts> files, long read, long accepted, long quarantined, long repeats, long replaced, List<String> partitions, Map<String, Long> piiMasked, double seconds) {}

  private static final String ACCEPTED = "_accepted";
  private static final String EXPORT_SEQ = "_export_seq";

  /** Internal schema of parsed rows: complaint columns (without repeat flags and run id), then quarantine columns. */
  static final StructType PARSED =
      new StructType()
          .add(ACCEPTED, DataTypes.BooleanType, false)
          .add(EXPORT_SEQ, DataTypes.IntegerType, false)
          .add(Complaints.COMPLAINT_ID, DataTypes.StringType)
          .add(Complaints.SOURCE, DataTypes.StringType, false)
          .add(Complaints.SOURCE_ID, DataTypes.StringType)
          .add(Complaints.CHANNEL, DataTypes.StringType)
          .add(Complaints.RECEIVED_AT, DataTypes.TimestampType)
          .add(Complaints.TITLE, DataTypes.StringType)
          .add(Complaints.TEXT, DataTypes.StringType)
          .add(Complaints.DISTRICT, DataTypes.StringType)
          .add(Complaints.TOWNSHIP, DataTypes.StringType)
          .add(Complaints.COMMUNITY, DataTypes.StringType)
          .add(Complaints.GRID, DataTypes.StringType)
          .add(Complaints.ESTATE, DataTypes.StringType)
          .add(Complaints.COMPLAINANT_KEY, DataTypes.StringType)
          .add(Complaints.CO_SIGNERS, DataTypes.IntegerType)
          .add(Complaints.LIKES, DataTypes.IntegerType)
          .add(Complaints.DISLIKES, DataTypes.IntegerType)
          .add(Complaints.CATEGORY_GIVEN, DataTypes.StringType)
          .add(Complaints.REPLY_TEXT, DataTypes.StringType)
          .add(Complaints.REPLIED_AT, DataTypes.TimestampType)
          .add(Complaints.TEXT_HASH, DataTypes.StringType)
          .add(Complaints.SOURCE_FILE, DataTypes.StringType, false)
          .add(Complaints.SOURCE_LINE, DataTypes.LongType, false)
          .add(Complaints.DT, DataTypes.StringType)
          .add(Quarantine.REASON, DataTypes.StringType)
          .add(Quarantine.SOURCE_COLUMN, DataTypes.StringType)
          .add(Quarantine.MESSAGE, DataTypes.StringType)
          .add(Quarantine.RAW, DataTypes.StringType);

  private IngestJob() {}

  private static long mark(String phase, long since) {
    long now = System.nanoTime();
    LOG.info("ingest phase {}: {} s", phase, String.format("%.2f", (now - since) / 1e9));
    return now;
  }

  // ------------------------------------------------------------------ plan (driver)

  /** Resolves the configured sources to files, checks every header, and checksums the files. */
  public static List<FileInput> plan(MinqingConfig cfg, Map<String, SourceProfile> profiles, Configuration hadoop) {
    List<FileInput> out = new ArrayList<>();
    int order = 0;
    for (MinqingConfig.Source s : cfg.sources()) {
      SourceProfile p = profiles.get(s.profile());
      List<FileStatus> files = new ArrayList<>();
      for (String glob : s.paths()) {
        try {
          Path g = new Path(glob);
          FileSystem fs = g.getFileSystem(hadoop);
          FileStatus[] found = fs.globStatus(g);
          if (found == null || found.length == 0) {
            throw new IllegalArgumentException("Source " + p.name() + ": no file matches " + glob + "; check the paths: entry of the config");
          }
          for (FileStatus f : found) {
            if (f.isFile()) {
              files.add(f);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot list " + glob, e);
        }
      }
      files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
      for (FileStatus f : files) {
        String name = displayName(f.getPath());
        String sha = checkHeaderAndHash(p, f.getPath(), name, hadoop);
        out.add(new FileInput(order++, p.name(), f.getPath().toString(), name, f.getLen(), sha));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("No sources configured: add a sources: list (profile + paths) to the config");
    }
    return out;
  }

  /** The file's folder and name, e.g. {@code hotline/12345_export_part0001.csv}: enough to find it, no machine paths. */
  static String displayName(Path p) {
    Path parent = p.getParent();
    return parent == null || parent.getName().isEmpty() ? p.getName() : parent.getName() + "/" + p.getName();
  }

  private static String checkHeaderAndHash(SourceProfile p, Path file, String name, Configuration hadoop) {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if ("jsonl".equals(p.formatFor(file.getName()))) {
        try (InputStream in = fs.open(file)) {
          List<String> keys = JsonlRecordSource.firstObjectKeys(in, p.encoding());
          List<String> missing = keys == null ? p.essentialColumns() : p.essentialColumns().stream().filter(k -> !keys.contains(k)).toList();
          if (!missing.isEmpty()) {
            throw new IllegalArgumentException("File " + name + " does not fit profile '" + p.name() + "': missing key(s) " + missing
                + "; the profile needs " + p.essentialColumns() + " and the first JSON object has " + (keys == null ? "none (no line is a JSON object)" : keys)
                + ". Use the profile written for this export, or edit its columns: mapping.");
          }
        }
      } else {
        try (InputStream in = fs.open(file);
            RecordSource src = RecordSource.open(p.formatFor(file.getName()), in, name, p)) {
          RowMapper.checkHeader(p, name, src.header());
        }
      }
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(fs.open(file), md)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Run id: the run date and a hash of the inputs and settings, so the same inputs give the same id. */
  public static String runId(MinqingConfig cfg, List<FileInput> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(cfg.hash().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (FileInput f : files) {
        md.update((f.source() + "|" + f.name() + "|" + f.sha256() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return cfg.runDate() + "-" + HexFormat.of().formatHex(md.digest(), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ run

  public static Result run(SparkSession spark, MinqingConfig cfg, Lake lake, String runId, List<FileInput> files, Map<String, SourceProfile> profiles) {
    return run(spark, cfg, lake, runId, files, profiles, null);
  }

  public static Result run(SparkSession spark, MinqingConfig cfg, Lake lake, String runId, List<FileInput> files, Map<String, SourceProfile> profiles, org.minqing.jobs.spark.Progress progress) {
    long t0 = System.nanoTime();
    LongAccumulator rowsParsed = spark.sparkContext().longAccumulator("ingest_rows_parsed");
    if (progress != null) {
      progress.begin("ingest", rowsParsed);
    }
    spark.sparkContext().setJobGroup("ingest", "minqing ingest " + runId, false);
    LongAccumulator[] pii = new LongAccumulator[PiiMasker.Kind.values().length];
    for (PiiMasker.Kind k : PiiMasker.Kind.values()) {
      pii[k.ordinal()] = spark.sparkContext().longAccumulator("pii_" + k.name().toLowerCase());
    }
    long tp = System.nanoTime(); // dedupe() cuts the duplicate ids at once, so the first phase includes parsing
    Dataset<Row> parsed = parse(spark, files, profiles, cfg.zone(), cfg.complainantKey(), pii, rowsParsed).persist(StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> accepted = parsed.filter(col(ACCEPTED));
    Dataset<Row>[] dd = dedupe(accepted);
    Dataset<Row> winners = dd[0];
    Dataset<Row> superseded = dd[1];

    Dataset<Row> existing = lake.hasTable(Tables.COMPLAINTS.name())
        ? spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString())
        : spark.createDataFrame(List.of(), SparkSchemas.of(Tables.COMPLAINTS));

    Dataset<Row> fresh = flagRepeats(winners, existing, cfg.repeatWindowDays())
        .withColumn(Complaints.RUN_ID, lit(runId))
        .select(SparkSchemas.columns(Tables.COMPLAINTS))
        .persist(StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> quarantine = parsed.filter(col(ACCEPTED).equalTo(false))
        .select(col(Complaints.SOURCE), col(Complaints.SOURCE_FILE), col(Complaints.SOURCE_LINE), col(Quarantine.SOURCE_COLUMN), col(Quarantine.REASON), col(Quarantine.MESSAGE), col(Quarantine.RAW))
        .unionByName(superseded)
        .withColumn(Quarantine.RUN_ID, lit(runId))
        .withColumn(Quarantine.DT, lit(cfg.runDate().toString()))
        .select(SparkSchemas.columns(Tables.QUARANTINE))
        .persist(StorageLevel.MEMORY_AND_DISK());

    // ---- counts per file, checked before anything is committed
    Map<String, long[]> perFile = new TreeMap<>();
    for (Row r : parsed.groupBy(Complaints.SOURCE_FILE).agg(count(lit(1))).collectAsList()) {
      perFile.computeIfAbsent(r.getString(0), k -> new long[3])[0] = r.getLong(1);
    }
    tp = mark("parse+duplicate ids+count", tp);
    for (Row r : fresh.groupBy(Complaints.SOURCE_FILE).agg(count(lit(1))).collectAsList()) {
      perFile.computeIfAbsent(r.getString(0), k -> new long[3])[1] = r.getLong(1);
    }
    tp = mark("dedupe+repeats+count", tp);
    Map<String, Map<String, Long>> reasons = new TreeMap<>();
    for (Row r : quarantine.groupBy(Quarantine.SOURCE_FILE, Quarantine.REASON).agg(count(lit(1))).collectAsList()) {
      perFile.computeIfAbsent(r.getString(0), k -> new long[3])[2] += r.getLong(2);
      reasons.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
    }
    List<FileCounts> counts = new ArrayList<>();
    long read = 0;
    long acc = 0;
    long q = 0;
    for (FileInput f : files) {
      long[] c = perFile.getOrDefault(f.name(), new long[3]);
      if (c[0] != c[1] + c[2]) {
        throw new IllegalStateException("Row accounting broken for " + f.name() + ": read " + c[0] + " != accepted " + c[1] + " + quarantined " + c[2]);
      }
      counts.add(new FileCounts(f.name(), f.source(), f.sha256(), f.bytes(), c[0], c[1], c[2], reasons.getOrDefault(f.name(), Map.of())));
      read += c[0];
      acc += c[1];
      q += c[2];
    }
    tp = mark("quarantine count", tp);
    long repeats = fresh.filter(col(Complaints.IS_REPEAT)).count();
    long replaced = existing.select(Complaints.COMPLAINT_ID)
        .join(fresh.select(Complaints.COMPLAINT_ID), scala.jdk.javaapi.CollectionConverters.asScala(List.of(Complaints.COMPLAINT_ID)).toSeq(), "left_semi").count();

    tp = mark("repeats+replaced counts", tp);
    // ---- merge into the lake
    List<String> partitions = writeComplaints(spark, lake, runId, fresh, existing);
    tp = mark("write complaints", tp);
    writeQuarantine(spark, lake, runId, quarantine, cfg.runDate().toString(), files);
    tp = mark("write quarantine", tp);
    parsed.unpersist();
    fresh.unpersist();
    quarantine.unpersist();

    Map<String, Long> piiMasked = new LinkedHashMap<>();
    for (PiiMasker.Kind k : PiiMasker.Kind.values()) {
      piiMasked.put(k.name().toLowerCase(), pii[k.ordinal()].value());
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return new Result(runId, counts, read, acc, q, repeats, replaced, partitions, piiMasked, secs);
  }

  /** One Spark task per file; each streams its records through a {@link RowMapper}. */
  static Dataset<Row> parse(SparkSession spark, List<FileInput> files, Map<String, SourceProfile> profiles, ZoneId zone, byte[] key, LongAccumulator[] pii, LongAccumulator rows) {
    List<Row> inputs = new ArrayList<>();
    int cores = spark.sparkContext().defaultParallelism();
    for (FileInput f : files) {
      int slices = slices(f.bytes(), cores);
      for (int k = 0; k < slices; k++) {
        inputs.add(RowFactory.create(f.order(), f.source(), f.path(), f.name(), k, slices));
      }
    }
    StructType inSchema = new StructType().add("order", DataTypes.IntegerType).add("source", DataTypes.StringType).add("path", DataTypes.StringType)
        .add("name", DataTypes.StringType).add("slice", DataTypes.IntegerType).add("slices", DataTypes.IntegerType);
    Dataset<Row> in = spark.createDataFrame(inputs, inSchema).repartition(Math.max(1, inputs.size()), col("order"), col("slice")); // no inputs: a night with nothing new
    Map<String, SourceProfile> byName = new TreeMap<>();
    for (FileInput f : files) {
      byName.put(f.source(), profiles.get(f.source()));
    }
    String zoneId = zone.getId();
    return in.flatMap(new ParseFile(byName, zoneId, key, pii, rows), Encoders.row(PARSED));
  }

  /** Bytes of input per parse task before a file is split into slices. */
  static final long SLICE_BYTES = 24L << 20;

  /**
   * How many tasks read one file. A CSV record can span lines, so a file cannot be cut at byte
   * offsets; instead each of K tasks reads the whole file (fast: ~0.4 M records/s) and maps only
   * the records whose index is its own modulo K (mapping is the costly part, ~10x slower). Every
   * record is owned by exactly one slice, so the counts still add up. K is capped at twice the
   * cores, which keeps the repeated reading under about a fifth of the work.
   */
  static int slices(long bytes, int cores) {
    long k = (bytes + SLICE_BYTES - 1) / SLICE_BYTES;
    return (int) Math.max(1, Math.min(k, 2L * Math.max(1, cores)));
  }

  /** Reads one file (or one slice of it) in a task. Serializable: profiles, zone id and key bytes only. */
  static final class ParseFile implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Map<String, SourceProfile> profiles;
    private final String zone;
    private final byte[] key;
    private final LongAccumulator[] pii;
    private final LongAccumulator rows;

    ParseFile(Map<String, SourceProfile> profiles, String zone, byte[] key, LongAccumulator[] pii, LongAccumulator rows) {
      this.profiles = profiles;
      this.zone = zone;
      this.key = key;
      this.pii = pii;
      this.rows = rows;
    }

    @Override
    public Iterator<Row> call(Row in) throws Exception {
      int order = in.getInt(0);
      SourceProfile p = profiles.get(in.getString(1));
      Path path = new Path(in.getString(2));
      String name = in.getString(3);
      int slice = in.getInt(4);
      int slices = in.getInt(5);
      FileSystem fs = path.getFileSystem(new Configuration());
      InputStream stream = fs.open(path);
      RecordSource src = RecordSource.open(p.formatFor(path.getName()), stream, name, p);
      RowMapper mapper = new RowMapper(p, name, src.header(), ZoneId.of(zone), new ComplainantKeys(key));
      TaskContext tc = TaskContext.get();
      if (tc != null) {
        tc.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> closeQuietly(src));
      }
      return new Iterator<>() {
        boolean finished;
        long index = -1; // index of the record src.next() returns next, minus one
        RawRecord ahead;

        /** Skips to the next record this slice owns. */
        private boolean advance() {
          while (ahead == null && src.hasNext()) {
            RawRecord r = src.next();
            index++;
            if (slices == 1 || index % slices == slice) {
              ahead = r;
            }
          }
          return ahead != null;
        }

        @Override
        public boolean hasNext() {
          boolean h = advance();
          if (!h && !finished) {
            finished = true;
            long[] c = mapper.piiCounts();
            for (int i = 0; i < c.length; i++) {
              pii[i].add(c[i]);
            }
            closeQuietly(src);
          }
          return h;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          RawRecord r = ahead;
          ahead = null;
          rows.add(1);
          return toRow(mapper.map(r), order);
        }
      };
    }
  }

  private static void closeQuietly(RecordSource s) {
    try {
      s.close();
    } catch (IOException e) {
      LOG.warn("Closing an input failed: {}", e.getMessage());
    }
  }

  static Row toRow(IngestRecord r, int order) {
    if (!r.accepted) {
      return RowFactory.create(false, order, null, r.source, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          r.sourceFile, r.sourceLine, null, r.reason.name(), r.column, r.message, r.raw);
    }
    return RowFactory.create(true, order, r.complaintId, r.source, r.sourceId, r.channel, ts(r.receivedAt), r.title, r.text, r.district, r.township, r.community, r.grid, r.estate,
        r.complainantKey, r.coSigners, r.likes, r.dislikes, r.categoryGiven, r.replyText, ts(r.repliedAt), r.textHash, r.sourceFile, r.sourceLine, r.dt, null, null, null, null);
  }

  private static Timestamp ts(java.time.Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  // ------------------------------------------------------------------ transforms (pure)

  /**
   * One row per complaint id: the last export wins (highest export order, then highest line).
   * Returns {winners, superseded-as-quarantine-rows (source, source_file, source_line,
   * source_column, reason, message, raw)}.
   */
  @SuppressWarnings("unchecked")
  public static Dataset<Row>[] dedupe(Dataset<Row> accepted) {
    // Only ids seen more than once need ranking; finding them shuffles the id column alone, and
    // the (usually tiny) set of such ids is joined back by broadcast, so wide rows never move.
    scala.collection.immutable.Seq<String> byId = scala.jdk.javaapi.CollectionConverters.asScala(List.of(Complaints.COMPLAINT_ID)).toSeq();
    // cut (materialised once): both results use these ids and the ranked rows, and each would
    // otherwise count the ids of every accepted row again
    Dataset<Row> dupIds = accepted.groupBy(Complaints.COMPLAINT_ID).count().filter(col("count").gt(1)).select(Complaints.COMPLAINT_ID)
        .transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> unique = accepted.join(org.apache.spark.sql.functions.broadcast(dupIds), byId, "left_anti");
    Dataset<Row> repeated = accepted.join(org.apache.spark.sql.functions.broadcast(dupIds), byId, "left_semi");
    WindowSpec w = Window.partitionBy(Complaints.COMPLAINT_ID).orderBy(col(EXPORT_SEQ).desc(), col(Complaints.SOURCE_LINE).desc());
    Dataset<Row> ranked = repeated
        .withColumn("_rank", row_number().over(w))
        .withColumn("_winner_file", first(col(Complaints.SOURCE_FILE)).over(w))
        .withColumn("_winner_line", first(col(Complaints.SOURCE_LINE)).over(w))
        .transform(org.minqing.jobs.spark.Plans::cut);
    Dataset<Row> winners = unique.unionByName(ranked.filter(col("_rank").equalTo(1)).drop("_rank", "_winner_file", "_winner_line"));
    Dataset<Row> superseded = ranked.filter(col("_rank").gt(1))
        .select(
            col(Complaints.SOURCE),
            col(Complaints.SOURCE_FILE),
            col(Complaints.SOURCE_LINE),
            lit(null).cast(DataTypes.StringType).as(Quarantine.SOURCE_COLUMN),
            lit(QuarantineReason.SUPERSEDED_DUPLICATE.name()).as(Quarantine.REASON),
            org.apache.spark.sql.functions.concat(
                lit("Complaint id "), col(Complaints.COMPLAINT_ID), lit(" is exported again at "), col("_winner_file"), lit(" line "), col("_winner_line").cast("string"),
                lit("; the last export wins, so this row was replaced (nothing to fix unless the ids are wrong)")).as(Quarantine.MESSAGE),
            org.apache.spark.sql.functions.concat(lit("complaint_id="), col(Complaints.COMPLAINT_ID), lit(" | title="), org.apache.spark.sql.functions.coalesce(col(Complaints.TITLE), lit(""))).as(Quarantine.RAW));
    return new Dataset[] {winners, superseded};
  }

  /**
   * Flags repeats among {@code fresh} (deduplicated rows of this run), using {@code existing} lake
   * rows with the same complainant and text as context. A repeat is identical text (same
   * {@code text_hash}) from the same complainant within {@code windowDays} of the previous one;
   * a chain of such repeats points to its first complaint. Anonymous or undated rows are never
   * repeats. Returns {@code fresh} with {@code is_repeat} and {@code repeat_of}.
   */
  public static Dataset<Row> flagRepeats(Dataset<Row> fresh, Dataset<Row> existing, int windowDays) {
    String id = Complaints.COMPLAINT_ID;
    String who = Complaints.COMPLAINANT_KEY;
    String h = Complaints.TEXT_HASH;
    String at = Complaints.RECEIVED_AT;
    Dataset<Row> keys = fresh.filter(col(who).isNotNull().and(col(at).isNotNull())).select(col(id), col(who), col(h), col(at), lit(true).as("_new"));
    Dataset<Row> context = existing.select(col(id), col(who), col(h), col(at))
        .filter(col(who).isNotNull().and(col(at).isNotNull()))
        .join(keys.select(who, h).distinct(), scala.jdk.javaapi.CollectionConverters.asScala(List.of(who, h)).toSeq(), "left_semi")
        .join(keys.select(id), scala.jdk.javaapi.CollectionConverters.asScala(List.of(id)).toSeq(), "left_anti")
        .withColumn("_new", lit(false));
    WindowSpec byText = Window.partitionBy(who, h).orderBy(col(at), col(id));
    Column gap = col(at).cast("long").minus(lag(col(at), 1).over(byText).cast("long"));
    Dataset<Row> chained = keys.unionByName(context)
        .withColumn("_start", when(gap.isNull().or(gap.gt((long) windowDays * 86400L)), 1).otherwise(0))
        .withColumn("_chain", sum(col("_start")).over(byText.rowsBetween(Window.unboundedPreceding(), Window.currentRow())));
    WindowSpec byChain = Window.partitionBy(col(who), col(h), col("_chain")).orderBy(col(at), col(id));
    Dataset<Row> flags = chained
        .withColumn("_first", first(col(id)).over(byChain))
        .filter(col("_new").and(col("_first").notEqual(col(id))))
        .select(col(id), col("_first").as(Complaints.REPEAT_OF));
    // Repeats are a small share of complaints: joining back only them avoids shuffling every wide row.
    return fresh.join(flags.hint("broadcast"), scala.jdk.javaapi.CollectionConverters.asScala(List.of(id)).toSeq(), "left")
        .withColumn(Complaints.IS_REPEAT, col(Complaints.REPEAT_OF).isNotNull());
  }

  // ------------------------------------------------------------------ writing

  private static List<String> writeComplaints(SparkSession spark, Lake lake, String runId, Dataset<Row> fresh, Dataset<Row> existing) {
    String id = Complaints.COMPLAINT_ID;
    String dt = Complaints.DT;
    Dataset<Row> freshIds = fresh.select(id, dt);
    // Partitions touched: where new rows land, and where rows they replace live.
    Dataset<Row> replacedDts = existing.select(id, dt).join(freshIds.select(id), scala.jdk.javaapi.CollectionConverters.asScala(List.of(id)).toSeq(), "left_semi").select(dt);
    List<String> touched = new ArrayList<>();
    for (Row r : freshIds.select(dt).union(replacedDts).distinct().orderBy(dt).collectAsList()) {
      touched.add(r.getString(0));
    }
    if (touched.isEmpty()) {
      return touched;
    }
    Dataset<Row> kept = existing.filter(col(dt).isin(touched.toArray()))
        .join(freshIds.select(id), scala.jdk.javaapi.CollectionConverters.asScala(List.of(id)).toSeq(), "left_anti");
    long tc = System.nanoTime();
    List<String> committed = LakeWriter.replacePartitions(spark, lake, runId, Tables.COMPLAINTS, kept.unionByName(fresh), touched, id);
    mark("write+commit complaints (" + committed.size() + " partitions)", tc);
    return committed;
  }

  private static void writeQuarantine(SparkSession spark, Lake lake, String runId, Dataset<Row> quarantine, String runDate, List<FileInput> files) {
    String table = Tables.QUARANTINE.name();
    Dataset<Row> merged = quarantine;
    if (lake.hasTable(table)) {
      List<String> names = files.stream().map(FileInput::name).toList();
      Dataset<Row> old = spark.read().schema(SparkSchemas.of(Tables.QUARANTINE)).parquet(lake.table(table).toString())
          .filter(col(Quarantine.DT).equalTo(runDate).and(col(Quarantine.SOURCE_FILE).isin(names.toArray()).unary_$bang()));
      merged = old.unionByName(quarantine);
    }
    LakeWriter.replacePartitions(spark, lake, runId, Tables.QUARANTINE, merged, List.of(runDate), Quarantine.SOURCE_FILE, Quarantine.SOURCE_LINE, Quarantine.REASON);
  }
}
