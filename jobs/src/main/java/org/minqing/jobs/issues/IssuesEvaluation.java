package org.minqing.jobs.issues;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minqing.datasets.schema.Tables;
import org.minqing.datasets.schema.Tables.IssueMembers;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.spark.SparkSchemas;

/**
 * Scores a run's issues and patterns against the demo's planted ground truth
 * ({@code datasets/demo/ground_truth.csv}): for every planted issue, the issue holding most of its
 * complaints — recall (share of the planted complaints in it) and purity (share of it that is
 * planted); the same for every planted pattern against the patterns, with the number of distinct
 * planted places the best pattern covers.
 */
public final class IssuesEvaluation {
  private IssuesEvaluation() {}

  /** One planted issue or pattern and how well it was recovered. */
  public record Score(String planted, String kind, boolean ofPattern, long size, String found, long overlap, long foundSize, double recall, double purity, long placesPlanted,
      long placesFound, long locatable, double locatableRecall) {
    public String line() {
      return String.format("%-40s %-7s %5d  %-12s %5d / %5d  recall %.2f  purity %.2f  %s", planted, kind, size, found == null ? "-" : found, overlap, foundSize, recall, purity,
          kind.equals("pattern") ? String.format("places %d/%d", placesFound, placesPlanted) : String.format("named %3d, recall %.2f", locatable, locatableRecall));
    }

    /**
     * The recall that is asserted. A planted issue of a pattern is judged on the complaints that name
     * its place (a WeChat message "小区交房已经3年…" from a township group cannot be placed at an estate by
     * anyone; it counts in the pattern); a local issue is judged on all its complaints.
     */
    public double judgedRecall() {
      return ofPattern ? locatableRecall : recall;
    }
  }

  public static List<Score> score(SparkSession spark, Lake lake, String runDate, String groundTruthCsv) {
    Dataset<Row> complaints = spark.read().schema(SparkSchemas.of(Tables.COMPLAINTS)).parquet(lake.table(Tables.COMPLAINTS.name()).toString())
        .select(col("complaint_id"), org.apache.spark.sql.functions.concat_ws("|", col("title"), col("text"), col("estate"), col("community")).as("said"));
    // a planted complaint is locatable when it names the planted place (the part after '@')
    Dataset<Row> truth = spark.read().option("header", "true").csv(groundTruthCsv).join(complaints, "complaint_id")
        .withColumn("locatable", expr("instr(said, substring_index(planted_issue, '@', -1)) > 0"));
    Dataset<Row> members = spark.read().schema(SparkSchemas.of(Tables.ISSUE_MEMBERS)).parquet(lake.table(Tables.ISSUE_MEMBERS.name()).toString())
        .filter(col(IssueMembers.DT).equalTo(runDate));
    List<Score> out = new ArrayList<>();
    out.addAll(best(truth.filter(col("planted_issue").isNotNull()).select(col("complaint_id"), col("planted_issue").as("g"), col("estate"), col("locatable"), col("planted_pattern").isNotNull().as("of_pattern")), members,
        IssueMembers.ISSUE_ID, "issue"));
    out.addAll(best(truth.filter(col("planted_pattern").isNotNull()).select(col("complaint_id"), col("planted_pattern").as("g"), col("estate"), col("locatable"), lit(false).as("of_pattern")), members,
        IssueMembers.PATTERN_ID, "pattern"));
    return out;
  }

  private static List<Score> best(Dataset<Row> truth, Dataset<Row> members, String foundCol, String kind) {
    Dataset<Row> j = truth.join(members.select(col(IssueMembers.COMPLAINT_ID).as("complaint_id"), col(foundCol).as("f")), "complaint_id");
    Dataset<Row> sizes = truth.groupBy("g").agg(count(lit(1)).as("size"), org.apache.spark.sql.functions.countDistinct("estate").as("places"),
        org.apache.spark.sql.functions.sum(expr("cast(locatable as int)")).as("loc"), org.apache.spark.sql.functions.max("of_pattern").as("of_pattern"));
    Dataset<Row> foundSizes = members.filter(col(foundCol).isNotNull()).groupBy(col(foundCol).as("f")).agg(count(lit(1)).as("fsize"));
    Dataset<Row> overlap = j.filter(col("f").isNotNull()).groupBy("g", "f").agg(count(lit(1)).as("n"), org.apache.spark.sql.functions.countDistinct("estate").as("fplaces"),
        org.apache.spark.sql.functions.sum(expr("cast(locatable as int)")).as("nloc"));
    Dataset<Row> ranked = overlap.withColumn("r", org.apache.spark.sql.functions.row_number().over(org.apache.spark.sql.expressions.Window.partitionBy("g").orderBy(col("n").desc(), col("f"))))
        .filter(col("r").equalTo(1)).join(foundSizes, "f");
    List<Score> out = new ArrayList<>();
    for (Row r : sizes.join(ranked, "g", "left").orderBy("g").collectAsList()) {
      long size = r.getAs("size");
      boolean found = !r.isNullAt(r.fieldIndex("f"));
      long n = found ? r.<Long>getAs("n") : 0;
      long fsize = found ? r.<Long>getAs("fsize") : 0;
      long loc = r.isNullAt(r.fieldIndex("loc")) ? 0 : r.<Long>getAs("loc");
      long nloc = found && !r.isNullAt(r.fieldIndex("nloc")) ? r.<Long>getAs("nloc") : 0;
      out.add(new Score(r.getAs("g"), kind, r.<Boolean>getAs("of_pattern"), size, found ? r.getAs("f") : null, n, fsize, n / (double) size, found ? n / (double) fsize : 0, r.<Long>getAs("places"),
          found ? r.<Long>getAs("fplaces") : 0, loc, loc == 0 ? 0 : nloc / (double) loc));
    }
    return out;
  }
}
