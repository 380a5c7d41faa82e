package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.minqing.jobs.lake.Lake;

/**
 * The issues stage's vectors, kept between nights so that an ordinary (incremental) night computes
 * only those of its new complaints (docs/issues.md, "Incremental nights").
 *
 * <p>A night that computes every vector of its window (a full night, or the first incremental night
 * after an upgrade) writes them, with the document frequencies and window size they were weighted
 * by, as the <em>base</em> ({@code _state/issues/vectors/night=<dt>}, {@code _state/issues/df/night=<dt>}).
 * Each incremental night after it weighs its new complaints by the same, frozen, frequencies and
 * appends their vectors under its own night. A kept vector is used only while its complaint's tokens
 * are those it was computed from (the tokens' run id is kept with it): a complaint re-tokenized since
 * gets a new vector. Frozen frequencies are what the clusters were built on; they are computed anew on
 * the next full night ({@code issues.full_every_days}).
 *
 * <p>Internal state, not a research table: it holds words of complaints, like {@code tokens}, and
 * is kept under the lake's {@code _state} folder.
 */
final class CarriedVectors {
  private CarriedVectors() {}

  /** {@link IssuesJob#VEC}, the run id of the tokens the vector was computed from, and the complaint's day. */
  static final StructType KEPT = IssuesJob.VEC.add("trun", DataTypes.StringType, false).add("day", DataTypes.StringType, false);

  private static final StructType DF = new StructType().add("w", DataTypes.StringType, false).add("df", DataTypes.LongType, false);

  /** The frozen weighting: document frequencies and the window size of the base night. */
  record Base(String night, long n, Map<String, Long> df) {}

  static Path vectorsDir(Lake lake) {
    return new Path(lake.root(), "_state/issues/vectors");
  }

  static Path dfDir(Lake lake, String night) {
    return new Path(lake.root(), "_state/issues/df/night=" + night);
  }

  /** The base a night's vectors were weighted by, or null when it left none (or it is gone). */
  static Base readBase(SparkSession spark, Lake lake, String baseNight, long n) {
    if (baseNight == null || baseNight.isEmpty() || n <= 0) {
      return null;
    }
    try {
      if (!lake.fs().exists(new Path(dfDir(lake, baseNight), DONE)) || !lake.fs().exists(new Path(new Path(vectorsDir(lake), "night=" + baseNight), DONE))) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Long> df = new HashMap<>();
    for (Row r : spark.read().schema(DF).parquet(dfDir(lake, baseNight).toString()).collectAsList()) {
      df.put(r.getString(0), r.getLong(1));
    }
    return new Base(baseNight, n, df);
  }

  /** Writes a new base: every vector of the window and the frequencies they were weighted by; older nights are removed. */
  static void writeBase(SparkSession spark, Lake lake, String night, Dataset<Row> kept, Map<String, Long> df) {
    List<Row> rows = new ArrayList<>(df.size());
    df.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> rows.add(RowFactory.create(e.getKey(), e.getValue())));
    spark.createDataFrame(rows, DF).coalesce(1).write().mode(SaveMode.Overwrite).parquet(dfDir(lake, night).toString());
    markDone(lake, dfDir(lake, night));
    kept.write().mode(SaveMode.Overwrite).parquet(new Path(vectorsDir(lake), "night=" + night).toString());
    markDone(lake, new Path(vectorsDir(lake), "night=" + night));
    removeNights(lake, new Path(lake.root(), "_state/issues/df"), night, true);
    removeNights(lake, vectorsDir(lake), night, true);
  }

  /** Writes the vectors an incremental night computed; nights after it (an earlier run of a later date, now redone) are removed. */
  static void append(Lake lake, String night, Dataset<Row> kept) {
    kept.write().mode(SaveMode.Overwrite).parquet(new Path(vectorsDir(lake), "night=" + night).toString());
    markDone(lake, new Path(vectorsDir(lake), "night=" + night));
    removeNights(lake, vectorsDir(lake), night, false);
  }

  /** Written last into a folder of kept state: a night cut off while writing leaves none, and is not read. */
  private static final String DONE = "_DONE";

  private static void markDone(Lake lake, Path dir) {
    try {
      lake.fs().create(new Path(dir, DONE), true).close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + new Path(dir, DONE), e);
    }
  }

  /** The vectors kept from the base night up to (not including) {@code before}, as {@link #KEPT} rows. */
  static Dataset<Row> read(SparkSession spark, Lake lake, String baseNight, String before) {
    List<String> paths = new ArrayList<>();
    for (String night : nights(lake, vectorsDir(lake))) {
      if (night.compareTo(baseNight) >= 0 && night.compareTo(before) < 0) {
        paths.add(new Path(vectorsDir(lake), "night=" + night).toString());
      }
    }
    return spark.read().schema(KEPT).parquet(paths.toArray(new String[0]));
  }

  /**
   * The days (of the window) whose kept vectors are valid: the tokenize stage writes a day's tokens
   * whole, so a day whose tokens all come from one run, the run its kept vectors were computed
   * from, is unchanged; a day re-tokenized since (a complaint added, replaced or removed) is not.
   * Both sides are a few hundred (day, run) pairs: no complaint is joined.
   *
   * @param docs the window's complaints (day, trun)
   */
  static Dataset<Row> validDays(Dataset<Row> kept, Dataset<Row> docs) {
    // distinct (day, run) pairs first (hashing the window's rows); the string min then sees a few hundred rows
    Dataset<Row> docDays = docs.select("day", "trun").distinct()
        .groupBy("day").agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("runs"), org.apache.spark.sql.functions.min("trun").as("trun"))
        .filter(col("runs").equalTo(1)).select("day", "trun");
    Dataset<Row> keptDays = kept.select("day", "trun").distinct();
    return docDays.join(keptDays, new String[] {"day", "trun"}).transform(org.minqing.jobs.spark.Plans::cut);
  }

  /** The kept vectors of the valid days. */
  static Dataset<Row> valid(Dataset<Row> kept, Dataset<Row> validDays) {
    return kept.join(org.apache.spark.sql.functions.broadcast(validDays), new String[] {"day", "trun"}, "left_semi")
        .select(java.util.Arrays.stream(kept.columns()).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
  }

  /** The window's complaints on the other days: their vectors are computed tonight. */
  static Dataset<Row> needed(Dataset<Row> docs, Dataset<Row> validDays) {
    return docs.join(org.apache.spark.sql.functions.broadcast(validDays.select("day")), new String[] {"day"}, "left_anti");
  }

  private static List<String> nights(Lake lake, Path dir) {
    List<String> out = new ArrayList<>();
    try {
      if (!lake.fs().exists(dir)) {
        return out;
      }
      for (FileStatus s : lake.fs().listStatus(dir)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && name.startsWith("night=") && lake.fs().exists(new Path(s.getPath(), DONE))) {
          out.add(name.substring("night=".length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  /** Removes the nights after {@code night}, and with {@code before} also those before it. */
  private static void removeNights(Lake lake, Path dir, String night, boolean before) {
    try {
      if (!lake.fs().exists(dir)) {
        return;
      }
      for (FileStatus s : lake.fs().listStatus(dir)) {
        String name = s.getPath().getName();
        if (!s.isDirectory() || !name.startsWith("night=")) {
          continue;
        }
        int c = name.substring("night=".length()).compareTo(night);
        if (c > 0 || before && c < 0) {
          lake.fs().delete(s.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
