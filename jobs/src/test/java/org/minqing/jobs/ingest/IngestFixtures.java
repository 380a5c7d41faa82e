package org.minqing.jobs.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minqing.datasets.schema.Tables;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.pipeline.Nightly;

/** Helpers to run ingest into a temporary lake from tests. */
final class IngestFixtures {
  /** What no masked text may contain: mobiles, 18-digit IDs, e-mail. */
  static final Pattern PII =
      Pattern.compile("(?<!\\d)1[3-9]\\d{9}(?!\\d)|(?<!\\d)[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx](?!\\d)|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

  private IngestFixtures() {}

  /** sources: profile → list of path globs. */
  static Nightly.Summary ingest(SparkSession spark, Path lake, String runDate, Map<String, List<String>> sources) {
    StringBuilder y = new StringBuilder("[");
    for (var e : sources.entrySet()) {
      if (y.length() > 1) {
        y.append(", ");
      }
      y.append("{profile: ").append(e.getKey()).append(", paths: [");
      y.append(String.join(", ", e.getValue().stream().map(p -> "\"" + p + "\"").toList())).append("]}");
    }
    y.append("]");
    Map<String, String> o = new LinkedHashMap<>();
    o.put("lake", lake.toString());
    o.put("run_date", runDate);
    o.put("sources", y.toString());
    MinqingConfig cfg = MinqingConfig.load(null, o);
    return Nightly.run(spark, cfg, Nightly.loadProfiles(cfg), null, "ingest");
  }

  static Dataset<Row> complaints(SparkSession spark, Path lake) {
    return spark.read().parquet(lake.resolve(Tables.COMPLAINTS.name()).toString());
  }

  static Dataset<Row> quarantine(SparkSession spark, Path lake) {
    return spark.read().parquet(lake.resolve(Tables.QUARANTINE.name()).toString());
  }

  static Path copyDir(Path from, Path to) {
    try (var s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
