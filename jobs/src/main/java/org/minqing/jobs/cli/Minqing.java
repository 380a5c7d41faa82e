package org.minqing.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.minqing.datasets.demo.DemoGenerator;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.ingest.IngestJob;
import org.minqing.jobs.ingest.Profiles;
import org.minqing.jobs.ingest.SourceProfile;
import org.minqing.jobs.pipeline.Nightly;
import org.minqing.jobs.pipeline.RunManifest;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code minqing <command>}: the one entry point for every job. Exit codes: 0 ok, 1 the run failed,
 * 2 bad usage or configuration; failures print one line saying why (--stacktrace for the rest).
 */
@Command(
    name = "minqing",
    mixinStandardHelpOptions = true,
    versionProvider = Minqing.Version.class,
    description = "Minqing (民情): nightly analytics for citizen complaints (12345, 信访, 留言板, 微信群).",
    subcommands = {Minqing.Demo.class, Minqing.NightlyCmd.class, Minqing.Ingest.class, Minqing.TokenizeCmd.class, Minqing.IssuesCmd.class, Minqing.EvaluateIssues.class, ClassifierCommands.Train.class, ClassifierCommands.Evaluate.class, Minqing.CasesCmd.class, Minqing.ReportCases.class, Minqing.ResolvedList.class, Minqing.ResearchExportCmd.class, Minqing.BriefCmd.class, Minqing.GenerateDemo.class, Minqing.ProfilesCmd.class, Minqing.ConfigCmd.class, Minqing.Sql.class, CommandLine.HelpCommand.class})
public final class Minqing implements Runnable {
  @Option(names = {"-c", "--config"}, description = "Config file (YAML). Default: none (built-in defaults).", scope = CommandLine.ScopeType.INHERIT)
  Path config;

  @Option(names = "--lake", description = "Lake folder (overrides the config's lake:).", scope = CommandLine.ScopeType.INHERIT)
  String lake;

  @Option(names = "--master", description = "Spark master, e.g. local[*] or spark://host:7077 (overrides spark.master).", scope = CommandLine.ScopeType.INHERIT)
  String master;

  @Option(names = "--date", description = "Run date yyyy-MM-dd (overrides run_date; default today in Asia/Shanghai).", scope = CommandLine.ScopeType.INHERIT)
  String date;

  @Option(names = "--set", description = "Override any setting: --set ingest.repeat_window_days=14 (repeatable).", scope = CommandLine.ScopeType.INHERIT)
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--stacktrace", description = "Print the full stack trace on failure.", scope = CommandLine.ScopeType.INHERIT)
  boolean stacktrace;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  MinqingConfig config(Path defaultConfig, Map<String, String> extra) {
    Map<String, String> o = new LinkedHashMap<>(extra);
    o.putAll(overrides);
    if (lake != null) {
      o.put("lake", lake);
    }
    if (master != null) {
      o.put("spark.master", master);
    }
    if (date != null) {
      o.put("run_date", date);
    }
    return MinqingConfig.load(config != null ? config : defaultConfig, o);
  }

  static Path home() {
    return Path.of(System.getProperty("minqing.home", ".")).toAbsolutePath().normalize();
  }

  static void printSummary(Nightly.Summary s, double secs) {
    IngestJob.Result i = s.ingest();
    System.out.printf("%nMinqing run %s finished in %.1f s%n", s.runId(), secs);
    System.out.printf("  lake        %s%n", s.lake().replaceFirst("^file:", ""));
    if (i != null) {
      System.out.printf("  complaints  %,d rows this run (%,d read, %,d quarantined, %,d repeats flagged)%n", i.accepted(), i.read(), i.quarantined(), i.repeats());
      for (IngestJob.FileCounts f : i.files()) {
        System.out.printf("    %-44s %,7d read = %,7d accepted + %,5d quarantined %s%n", f.file(), f.read(), f.accepted(), f.quarantined(), f.quarantinedBy().isEmpty() ? "" : f.quarantinedBy());
      }
    }
    if (s.tokenize() != null) {
      System.out.printf("  tokens      %,d complaints segmented (%,d chars, %,.0f chars/s)%n", s.tokenize().complaints(), s.tokenize().chars(), s.tokenize().charsPerSecond());
    }
    if (s.classify() != null) {
      var c = s.classify();
      System.out.printf("  classified  %,d complaints%s; %,d need review (low confidence); %,d routed to a department%n", c.complaints(),
          c.reclassifiedAll() ? " (every partition: new model)" : "", c.needsReview(), c.routed());
    }
    if (s.issues() != null) {
      var r = s.issues();
      System.out.printf("  issues      %,d issues, %,d cross-location patterns (%,d issues); %,d of %,d complaints unassigned (%.1f%%)%n", r.issues(), r.patterns(), r.issuesInPatterns(),
          r.unassigned(), r.complaints(), 100 * r.unassignedShare());
      if (r.previousRun() != null) {
        System.out.printf("              ids vs %s: %,d kept, %,d new, %,d merges, %,d splits; %.1f%% of earlier assignments kept their id%n", r.previousRun(), r.idsKept(), r.idsMinted(), r.merges(),
            r.splits(), 100 * r.stability());
      }
    }
    if (s.cases() != null) {
      var c = s.cases();
      System.out.printf("  cases       %,d cases (%,d open) from %,d events (%,d read = %,d accepted + %,d quarantined %s; %,d derived)%n", c.cases(), c.open(),
          c.eventsAccepted() + c.derivedEvents(), c.eventsRead(), c.eventsAccepted(), c.eventsQuarantined(), c.quarantinedBy(), c.derivedEvents());
      System.out.printf("  cards       %,d yellow, %,d red in all (%,d yellow, %,d red issued by this run); %,d unit × month scorecards%n", c.yellowTotal(), c.redTotal(),
          c.newYellow(), c.newRed(), c.unitScoreRows());
    }
    System.out.printf("  tables      %s%n", String.join(", ", s.tables()));
    System.out.printf("  manifest    %s%n", s.manifest().replaceFirst("^file:", ""));
  }

  /** {@code minqing demo}: the project's own demo data through the whole nightly pipeline. */
  @Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the nightly pipeline on the bundled demo data (青溪市), writing ./lake.")
  static final class Demo implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = "--rows", description = "Generate this many demo complaints instead of using the committed sample (3,000).")
    Integer rows;

    @Option(names = "--seed", description = "Seed for --rows generation (default ${DEFAULT-VALUE}).", defaultValue = "20261122")
    long seed;

    @Override
    public Integer call() {
      long t0 = System.nanoTime();
      Map<String, String> extra = new LinkedHashMap<>();
      extra.put("lake", Path.of("lake").toAbsolutePath().toString());
      Path cfgFile = home().resolve("config/demo.yaml");
      if (rows != null) {
        MinqingConfig probe = top.config(cfgFile, extra);
        Path gen = probe.lake().resolve("_demo_input").resolve(rows + "-" + seed);
        if (!Files.exists(gen.resolve("generation.json"))) {
          var r = DemoGenerator.generate(DemoGenerator.Options.demo().withRows(rows).withSeed(seed), gen);
          System.err.printf("generated %,d demo complaints under %s%n", r.complaints(), gen);
        }
        extra.put("sources", "[{profile: demo_hotline, paths: [\"" + gen + "/hotline/*.csv\"]}, {profile: demo_web, paths: [\"" + gen + "/web/*.csv\"]}, {profile: demo_wechat, paths: [\"" + gen + "/wechat/*.jsonl\"]}]");
      }
      MinqingConfig cfg = top.config(cfgFile, extra);
      Nightly.Summary s = Nightly.run(cfg, "all");
      var brief = writeBrief(cfg, "county", null, null, null);
      printSummary(s, (System.nanoTime() - t0) / 1e9);
      System.out.printf("  brief       %s%n              %s%n              %s%n              %s (the query behind every number)%n              %s (the charts)%n", brief.markdown(), brief.html(), brief.docx(), brief.sidecar(),
          brief.markdown().resolveSibling("charts") + java.io.File.separator);
      return 0;
    }
  }

  /** Runs the pipeline up to {@code lastStage} with the command line's config and prints the summary. */
  int runPipeline(String lastStage) {
    long t0 = System.nanoTime();
    Nightly.Summary s = Nightly.run(config(null, Map.of()), lastStage);
    printSummary(s, (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  /** A command that runs the pipeline's stages up to {@link #lastStage()} in one Spark session. */
  abstract static class PipelineCmd implements Callable<Integer> {
    @ParentCommand Minqing top;

    abstract String lastStage();

    @Override
    public Integer call() {
      return top.runPipeline(lastStage());
    }
  }

  @Command(name = "nightly", mixinStandardHelpOptions = true, description = "Run every stage for the configured sources (one Spark session, one run id).")
  static final class NightlyCmd extends PipelineCmd {
    @Override
    String lastStage() {
      return "all";
    }
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true, description = "Read the configured exports into complaints + quarantine.")
  static final class Ingest extends PipelineCmd {
    @Override
    String lastStage() {
      return "ingest";
    }
  }

  @Command(name = "tokenize", mixinStandardHelpOptions = true,
      description = {"Ingest the configured exports and tokenize them (tokens table), then stop: no classify, issues or cases.",
          "For checking a new user dictionary on real exports, and for NLP benchmarks (scripts/bench-nlp)."})
  static final class TokenizeCmd extends PipelineCmd {
    @Override
    String lastStage() {
      return "tokenize";
    }
  }

  @Command(name = "issues", mixinStandardHelpOptions = true,
      description = {"Rerun only the issues stage on the lake as it is (no ingest): cluster the window ending on --date into issues and patterns.",
          "Use it to try issues.* settings, or to catch up dates: ids stay stable against the latest earlier run."})
  static final class IssuesCmd implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Override
    public Integer call() {
      long t0 = System.nanoTime();
      Nightly.Summary s = Nightly.issuesOnly(top.config(null, Map.of()));
      printSummary(s, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
  }

  @Command(name = "cases", mixinStandardHelpOptions = true,
      description = {"Rerun only the cases stage: read the event exports (cases.events), derive events from complaints (cases.derive_from),",
          "and write case_events, cases and unit_scores as of --date; cards not yet issued are added, none removed."})
  static final class CasesCmd implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Override
    public Integer call() {
      long t0 = System.nanoTime();
      Nightly.Summary s = Nightly.casesOnly(top.config(null, Map.of()));
      printSummary(s, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
  }

  /** Runs a Markdown report over the lake in a Spark session, prints it, and writes it to {@code file} when given. */
  static int markdownReport(MinqingConfig cfg, Path file, java.util.function.BiFunction<org.apache.spark.sql.SparkSession, org.minqing.jobs.lake.Lake, String> body) throws java.io.IOException {
    var spark = org.minqing.jobs.spark.Sessions.create(cfg);
    try {
      String md = body.apply(spark, new org.minqing.jobs.lake.Lake(cfg.lake().toString(), spark.sparkContext().hadoopConfiguration()));
      System.out.println(md);
      if (file != null) {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        Files.writeString(file, md);
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  @Command(name = "report-cases", mixinStandardHelpOptions = true,
      description = "How long cases took and which cards they would have earned, on calendar and working days (Markdown), from the lake's case_events.")
  static final class ReportCases implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = "--source", description = "Only the cases of this source (e.g. tipdm_fj4).")
    String source;

    @Option(names = "--title", defaultValue = "Case handling times and cards", description = "Report title.")
    String title;

    @Option(names = "--report", description = "Write the Markdown here (it is printed too).")
    Path report;

    @Override
    public Integer call() throws Exception {
      MinqingConfig cfg = top.config(null, Map.of());
      var rules = cfg.caseRules();
      return markdownReport(cfg, report, (spark, lake) -> org.minqing.jobs.cases.CasesReport.markdown(spark, lake, source, cfg.runDate(), cfg.zone(),
          org.minqing.jobs.cases.WorkCalendar.load(cfg.workCalendar()), rules.yellowDays(), rules.redDays(), title));
    }
  }

  @Command(name = "resolved-list", mixinStandardHelpOptions = true,
      description = "问题解决清单: the cases a unit closed (masked titles, received, closed, days, 回访, cards), by month of closing, as Markdown.")
  static final class ResolvedList implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = "--unit", description = "Only this unit (责任单位), as in cases.unit.")
    String unit;

    @Option(names = "--period", description = "Only cases closed in this month, yyyy-MM.")
    String period;

    @Option(names = "--report", description = "Write the Markdown here (it is printed too).")
    Path report;

    @Override
    public Integer call() throws Exception {
      MinqingConfig cfg = top.config(null, Map.of());
      return markdownReport(cfg, report, (spark, lake) -> org.minqing.jobs.cases.CasesReport.resolvedList(spark, lake, unit, period, cfg.zone()));
    }
  }

  @Command(name = "brief", mixinStandardHelpOptions = true,
      description = {"Write the 民情分析会 brief (Chinese Markdown + brief.json with the query behind every number) for a level and period,",
          "under <lake>/_briefs/<level>/<period>/. Levels: township (any range), county (a month), city (a quarter)."})
  static final class BriefCmd implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = "--level", defaultValue = "county", description = "township, county or city (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--period", description = "2026-10 (month), 2026-Q3 (quarter) or 2026-10-01..2026-10-15. Default: the month (county) or quarter (city) before --date.")
    String period;

    @Option(names = "--region", description = "Only this district/county (区县), as in complaints.district.")
    String region;

    @Option(names = "--out", description = "Folder (default: <lake>/_briefs/<level>/<period>).")
    Path out;

    @Override
    public Integer call() {
      MinqingConfig cfg = top.config(null, Map.of());
      var r = writeBrief(cfg, level, period, region, out);
      System.out.printf("brief: %s%n       %s%n       %s%n       %s%n", r.markdown(), r.html(), r.docx(), r.sidecar());
      return 0;
    }
  }

  static org.minqing.jobs.brief.BriefJob.Result writeBrief(MinqingConfig cfg, String level, String period, String region, Path out) {
    var lv = org.minqing.jobs.brief.BriefJob.Level.valueOf(level.toUpperCase(java.util.Locale.ROOT));
    String p = period;
    if (p == null) {
      var d = cfg.runDate();
      p = lv == org.minqing.jobs.brief.BriefJob.Level.CITY
          ? (d.minusMonths(3).getYear() + "-Q" + ((d.minusMonths(3).getMonthValue() - 1) / 3 + 1))
          : java.time.YearMonth.from(d.minusMonths(1)).toString();
    }
    var per = org.minqing.jobs.brief.BriefJob.Period.parse(p);
    Path dir = out != null ? out : cfg.lake().resolve("_briefs").resolve(lv.name().toLowerCase(java.util.Locale.ROOT)).resolve((region == null ? "" : region + "-") + per.name());
    var spark = org.minqing.jobs.spark.Sessions.create(cfg);
    try {
      var lake = new org.minqing.jobs.lake.Lake(cfg.lake().toString(), spark.sparkContext().hadoopConfiguration());
      return org.minqing.jobs.brief.BriefJob.run(spark, lake, dir, lv, per, region);
    } finally {
      spark.stop();
    }
  }

  @Command(name = "research-export", mixinStandardHelpOptions = true,
      description = {"Write the lake's tables for an outside researcher: ids re-keyed with the export's own key, masked texts only, no source ids,",
          "no exact times, no quarantine; with --coarse-places only districts are kept and fine places in texts become [地点]. See docs/research.md."})
  static final class ResearchExportCmd implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = "--out", required = true, description = "A new, empty folder.")
    Path out;

    @Option(names = "--key", description = "Secret for re-keying ids (≥ 16 characters); default: env MINQING_EXPORT_KEY. Use a new one per export.")
    String key;

    @Option(names = "--coarse-places", description = "Keep only districts/counties; mask estates, roads and other fine places in texts.")
    boolean coarse;

    @Override
    public Integer call() {
      String k = key != null ? key : System.getenv("MINQING_EXPORT_KEY");
      if (k == null) {
        throw new IllegalArgumentException("No export key: give --key or set MINQING_EXPORT_KEY (≥ 16 characters, a new one per export)");
      }
      MinqingConfig cfg = top.config(null, Map.of());
      var spark = org.minqing.jobs.spark.Sessions.create(cfg);
      try {
        var lake = new org.minqing.jobs.lake.Lake(cfg.lake().toString(), spark.sparkContext().hadoopConfiguration());
        var r = org.minqing.jobs.research.ResearchExport.run(spark, lake, out.toAbsolutePath(), k.getBytes(java.nio.charset.StandardCharsets.UTF_8), coarse);
        System.out.printf("research export in %s%n", r.out());
        r.rows().forEach((t, n) -> System.out.printf("  %-14s %,d rows%n", t, n));
        return 0;
      } finally {
        spark.stop();
      }
    }
  }

  @Command(name = "evaluate-issues", mixinStandardHelpOptions = true,
      description = "Score the issues and patterns of the run on --date against planted ground truth (the demo's ground_truth.csv): recall, purity, places.")
  static final class EvaluateIssues implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = "--truth", description = "Ground truth CSV (complaint_id, planted_issue, planted_pattern, ..., estate). Default: the demo's.")
    Path truth;

    @Option(names = "--min", defaultValue = "0.8", description = "Exit 1 when any recall or purity is below this (default ${DEFAULT-VALUE}).")
    double min;

    @Override
    public Integer call() {
      MinqingConfig cfg = top.config(null, Map.of());
      Path t = truth != null ? truth : home().resolve("datasets/demo/ground_truth.csv");
      var spark = org.minqing.jobs.spark.Sessions.create(cfg);
      try {
        var lake = new org.minqing.jobs.lake.Lake(cfg.lake().toString(), spark.sparkContext().hadoopConfiguration());
        var scores = org.minqing.jobs.issues.IssuesEvaluation.score(spark, lake, cfg.runDate().toString(), t.toAbsolutePath().toString());
        System.out.printf("%-40s %-7s %5s  %-12s %13s%n", "planted", "kind", "size", "best match", "overlap/size");
        boolean ok = true;
        for (var sc : scores) {
          System.out.println(sc.line());
          ok &= sc.judgedRecall() >= min && sc.purity() >= min;
        }
        System.out.println(ok ? "all planted issues and patterns recovered (recall and purity ≥ " + min + ")" : "some planted issue or pattern is below " + min);
        return ok ? 0 : 1;
      } finally {
        spark.stop();
      }
    }
  }

  @Command(name = "generate-demo", mixinStandardHelpOptions = true, description = "Write demo exports (deterministic by seed) without running anything.")
  static final class GenerateDemo implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--rows", defaultValue = "3000", description = "Complaints to generate (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--seed", defaultValue = "20261122", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rows-per-file", defaultValue = "500000", description = "Rows per export file (default ${DEFAULT-VALUE}).")
    int rowsPerFile;

    @Option(names = "--days", defaultValue = "92", description = "Days in the period (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--start", description = "First day of the period (default: the demo's, 2026-08-01).")
    java.time.LocalDate start;

    @Override
    public Integer call() {
      var d = DemoGenerator.Options.demo();
      var o = new DemoGenerator.Options(seed, rows, start != null ? start : d.start(), days, rowsPerFile, true);
      long t0 = System.nanoTime();
      var r = DemoGenerator.generate(o, out);
      System.out.printf("wrote %,d complaints (%,d resent word for word) to %s in %.1f s%n", r.complaints(), r.repeats(), out, (System.nanoTime() - t0) / 1e9);
      r.rowsPerFile().forEach((f, n) -> System.out.printf("  %-44s %,9d rows%n", f, n));
      return 0;
    }
  }

  @Command(name = "profiles", mixinStandardHelpOptions = true, description = "List the shipped source profiles, or check one (name or .yaml path).")
  static final class ProfilesCmd implements Callable<Integer> {
    @CommandLine.Parameters(arity = "0..1", description = "Profile name or path to show.")
    String name;

    @Override
    public Integer call() {
      if (name == null) {
        for (String n : Profiles.SHIPPED) {
          SourceProfile p = Profiles.load(n, List.of());
          System.out.printf("%-20s %s%n", n, p.description());
        }
        return 0;
      }
      SourceProfile p = Profiles.load(name, List.of());
      System.out.println("name:        " + p.name());
      System.out.println("description: " + p.description());
      System.out.println("channel:     " + (p.channel() == null ? "(from column)" : p.channel()));
      System.out.println("format:      " + p.format() + ", encoding: " + p.encoding() + ", timezone: " + p.zone());
      System.out.println("time_formats " + p.timeFormats());
      p.columns().forEach((f, c) -> System.out.printf("  %-15s <- %s%n", f.key(), String.join(" + ", c)));
      return 0;
    }
  }

  @Command(name = "config", mixinStandardHelpOptions = true, description = "Print the effective settings (after --config and overrides).")
  static final class ConfigCmd implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Override
    public Integer call() {
      top.config(null, Map.of()).describe().forEach((k, v) -> System.out.printf("%-28s %s%n", k, v));
      return 0;
    }
  }

  @Command(name = "sql", mixinStandardHelpOptions = true, description = {"SQL over the lake: every table is a view by its name (complaints, classified, issues, cases, cards, ...).", "No -e or -f: an interactive prompt. DuckDB by default; --engine spark for lakes on a cluster."})
  static final class Sql implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = {"-e", "--execute"}, description = "Run this query and exit, e.g. \"SELECT channel, count(*) FROM complaints GROUP BY 1\".")
    String query;

    @Option(names = {"-f", "--file"}, description = "Run the statements of this .sql file (separated by ';') and exit.")
    Path file;

    @Option(names = "--format", defaultValue = "tsv", description = "tsv (default), csv, or parquet (with --output; -e only).")
    String format;

    @Option(names = {"-o", "--output"}, description = "Write the result here instead of printing it (any format).")
    Path output;

    @Option(names = "--max-rows", defaultValue = "1000", description = "Print at most this many rows (default ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--engine", defaultValue = "duckdb", description = "duckdb (default: local lakes, starts at once) or spark (HDFS/S3 lakes, clusters).")
    String engine;

    @Override
    public Integer call() throws Exception {
      Map<String, String> extra = new LinkedHashMap<>();
      if (top.config == null && top.lake == null) {
        extra.put("lake", Path.of("lake").toAbsolutePath().toString());
      }
      MinqingConfig cfg = top.config(null, extra);
      if (!List.of("tsv", "csv", "parquet").contains(format)) {
        throw new IllegalArgumentException("--format must be tsv, csv or parquet, got '" + format + "'");
      }
      if (format.equals("parquet") && (output == null || query == null)) {
        throw new IllegalArgumentException("--format parquet writes a file: give -e QUERY and --output FILE.parquet");
      }
      if (engine.equals("spark")) {
        return spark(cfg);
      }
      if (!engine.equals("duckdb")) {
        throw new IllegalArgumentException("--engine must be duckdb or spark, got '" + engine + "'");
      }
      if (!Files.isDirectory(cfg.lake())) {
        throw new IllegalArgumentException("No lake at " + cfg.lake() + ": run ./scripts/minqing demo first, or give --lake / --config");
      }
      try (DuckSql db = new DuckSql(cfg.lake())) {
        if (format.equals("parquet")) {
          db.toParquet(query, output);
          System.err.println("wrote " + output);
          return 0;
        }
        java.io.PrintStream out = output == null ? System.out : new java.io.PrintStream(Files.newOutputStream(output), true, java.nio.charset.StandardCharsets.UTF_8);
        try {
          if (query != null) {
            db.run(DuckSql.stripSemicolon(query), format, maxRows, out);
          } else if (file != null) {
            for (String st : DuckSql.statements(Files.readString(file))) {
              db.run(st, format, maxRows, out);
            }
          } else {
            db.interactive(format, maxRows);
          }
        } finally {
          if (output != null) {
            out.close();
          }
        }
        return 0;
      }
    }

    private int spark(MinqingConfig cfg) {
      if (query == null) {
        throw new IllegalArgumentException("--engine spark runs one query: give -e");
      }
      var spark = org.minqing.jobs.spark.Sessions.create(cfg);
      try {
        var lake = new org.minqing.jobs.lake.Lake(cfg.lake().toString(), spark.sparkContext().hadoopConfiguration());
        for (var t : org.minqing.datasets.schema.Tables.all()) {
          if (lake.hasTable(t.name())) {
            spark.read().schema(org.minqing.jobs.spark.SparkSchemas.of(t)).parquet(lake.table(t.name()).toString()).createOrReplaceTempView(t.name());
          }
        }
        var df = spark.sql(query);
        if (format.equals("parquet")) {
          df.coalesce(1).write().parquet(output.toString());
          return 0;
        }
        String sep = format.equals("csv") ? "," : "\t";
        System.out.println(String.join(sep, df.columns()));
        for (var r : df.limit(maxRows).collectAsList()) {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < r.length(); i++) {
            if (i > 0) {
              sb.append(sep);
            }
            Object v = r.get(i);
            String s = v == null ? "" : v instanceof scala.collection.Seq<?> seq ? scala.jdk.javaapi.CollectionConverters.asJava(seq).toString() : v.toString();
            s = s.replace("\n", " ").replace("\t", " ");
            if (format.equals("csv") && (s.contains(",") || s.contains("\""))) {
              s = "\"" + s.replace("\"", "\"\"") + "\"";
            }
            sb.append(s);
          }
          System.out.println(sb);
        }
        return 0;
      } finally {
        spark.stop();
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"minqing " + RunManifest.codeVersion()};
    }
  }

  /** The innermost message worth showing: Spark wraps task failures several levels deep. */
  static String reason(Throwable e) {
    Throwable t = e;
    Throwable best = e;
    while (t != null) {
      if (t instanceof IllegalArgumentException || t instanceof IllegalStateException || t instanceof java.io.UncheckedIOException) {
        best = t;
      }
      t = t.getCause();
    }
    String m = best.getMessage();
    if (m == null) {
      m = best.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse(m);
  }

  static boolean isUsageError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return true;
      }
    }
    return false;
  }

  public static int execute(String... args) {
    Minqing top = new Minqing();
    CommandLine cl = new CommandLine(top);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (top.stacktrace) {
        ex.printStackTrace();
      }
      boolean usage = isUsageError(ex);
      System.err.println("minqing: " + (usage ? "" : "failed: ") + reason(ex));
      return usage ? 2 : 1;
    });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(execute(args));
  }
}
