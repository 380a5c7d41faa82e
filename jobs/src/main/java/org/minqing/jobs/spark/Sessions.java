package org.minqing.jobs.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.minqing.jobs.config.MinqingConfig;

/** Builds the one SparkSession of a run from the config (local mode by default). */
public final class Sessions {
  private Sessions() {}

  public static SparkSession create(MinqingConfig cfg) {
    SparkSession.Builder b = SparkSession.builder().appName("minqing");
    // On spark-submit the master comes from the command line; only set it when none is given.
    if (System.getProperty("spark.master") == null) {
      b.master(cfg.sparkMaster());
    }
    for (var e : defaults(cfg).entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    for (var e : cfg.sparkConf().entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    SparkSession s = b.getOrCreate();
    s.sparkContext().setLogLevel("WARN");
    return s;
  }

  /** Settings every Minqing session uses; {@code spark.conf} in the config can override them. */
  public static Map<String, String> defaults(MinqingConfig cfg) {
    var m = new java.util.LinkedHashMap<String, String>();
    m.put("spark.ui.enabled", "false");
    m.put("spark.ui.showConsoleProgress", "false");
    m.put("spark.local.dir", cfg.sparkLocalDir().toString());
    m.put("spark.sql.warehouse.dir", cfg.lake().resolve("_tmp").resolve("warehouse").toUri().toString());
    m.put("spark.sql.shuffle.partitions", Integer.toString(cfg.shufflePartitions()));
    m.put("spark.sql.session.timeZone", cfg.zone().getId());
    // dt=2026-11-01 stays a string column; 'undated' partitions would break date inference anyway.
    m.put("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    m.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    m.put("spark.sql.parquet.compression.codec", "snappy");
    // Cached tables (ingest's parsed rows, the issues window) stay uncompressed in memory: building
    // the compressed column batches (per-column dictionary and run-length statistics over boxed
    // values) cost more than it saved; MEMORY_AND_DISK still spills what does not fit.
    m.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
    m.put("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
    m.put("spark.hadoop.parquet.enable.summary-metadata", "false");
    if (cfg.sparkMaster().startsWith("local")) {
      m.put("spark.driver.host", "127.0.0.1");
      m.put("spark.driver.bindAddress", "127.0.0.1");
    }
    return m;
  }
}
