package org.minqing.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One SparkSession per test JVM ({@code local[2]}, UI off, loopback), shared by every Spark test so
 * that CI time grows with the tests, not with the classes. Also locates the shared real data.
 */
public abstract class SparkTestBase {
  private static SparkSession session;

  protected static synchronized SparkSession spark() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("minqing-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.session.timeZone", "Asia/Shanghai")
          .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
          .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
          .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
          .config("spark.local.dir", Path.of("target", "spark-tmp").toAbsolutePath().toString())
          .config("spark.sql.warehouse.dir", Path.of("target", "spark-warehouse").toAbsolutePath().toUri().toString())
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The shared real data folder ({@code ../shared/datasets/tipdm2020c}); CI always has it. */
  public static Path shared() {
    Path p = Path.of(System.getProperty("minqing.shared", "../../shared")).resolve("datasets/tipdm2020c").toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("The shared real data is missing at " + p + ": clone the project next to shared/ (see README)");
    }
    return p;
  }

  /** The repository root (tests run in jobs/). */
  /** Config overrides that point a lake at the committed demo exports (hotline, web, WeChat). */
  public static java.util.Map<String, String> demoOverrides(Path lakeDir, String runDate) {
    Path demo = repo().resolve("datasets/demo");
    java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
    o.put("lake", lakeDir.toString());
    o.put("run_date", runDate);
    o.put("sources", "[{profile: demo_hotline, paths: [\"" + demo.resolve("hotline/*.csv") + "\"]}, {profile: demo_web, paths: [\"" + demo.resolve("web/*.csv")
        + "\"]}, {profile: demo_wechat, paths: [\"" + demo.resolve("wechat/*.jsonl") + "\"]}]");
    return o;
  }

  public static Path repo() {
    return Path.of("..").toAbsolutePath().normalize();
  }
}
