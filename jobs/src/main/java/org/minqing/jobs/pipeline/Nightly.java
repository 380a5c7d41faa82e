package org.minqing.jobs.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.minqing.jobs.cases.CasesJob;
import org.minqing.jobs.cases.EventProfile;
import org.minqing.jobs.cases.WorkCalendar;
import org.minqing.jobs.classify.ClassifierModel;
import org.minqing.jobs.classify.ClassifierStore;
import org.minqing.jobs.classify.ClassifierTraining;
import org.minqing.jobs.classify.ClassifyJob;
import org.minqing.jobs.classify.Routing;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.ingest.IngestJob;
import org.minqing.jobs.ingest.Profiles;
import org.minqing.jobs.ingest.SourceProfile;
import org.minqing.jobs.issues.IssuesJob;
import org.minqing.jobs.lake.Lake;
import org.minqing.jobs.nlp.TokenizeJob;
import org.minqing.jobs.spark.Progress;
import org.minqing.jobs.spark.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly run: every stage in one Spark session, one run id, one manifest. Stages so far:
 * ingest, tokenize, issues. Later stages (classify, cases, brief) are added here in order.
 */
public final class Nightly {
  private static final Logger LOG = LoggerFactory.getLogger(Nightly.class);

  /** What a run produced, for the CLI to print. */
  public record Summary(String runId, String lake, String manifest, IngestJob.Result ingest, TokenizeJob.Result tokenize, ClassifyJob.Result classify, IssuesJob.Result issues, CasesJob.Result cases, List<String> tables) {}

  private Nightly() {}

  public static Map<String, SourceProfile> loadProfiles(MinqingConfig cfg) {
    Map<String, SourceProfile> out = new TreeMap<>();
    for (MinqingConfig.Source s : cfg.sources()) {
      SourceProfile p = Profiles.load(s.profile(), cfg.profileDirs());
      out.put(s.profile(), p);
      out.put(p.name(), p);
    }
    return out;
  }

  /** Runs the stages up to and including {@code lastStage} ("ingest", "tokenize" or "all"). */
  public static Summary run(MinqingConfig cfg, String lastStage) {
    if (cfg.usesDemoKey()) {
      LOG.warn("Complainant ids are hashed with the built-in demo key: set {} (≥ 16 characters, kept secret) before ingesting real complaints", MinqingConfig.KEY_ENV);
    }
    Map<String, SourceProfile> profiles = loadProfiles(cfg);
    // Check every input before paying for Spark's start-up: a wrong profile fails in a second.
    long tp = System.nanoTime();
    List<IngestJob.FileInput> files = IngestJob.plan(cfg, profiles, new Configuration());
    LOG.info("plan: {} files, {} MB, headers checked in {} s", files.size(), String.format("%.1f", files.stream().mapToLong(IngestJob.FileInput::bytes).sum() / 1e6),
        String.format("%.1f", (System.nanoTime() - tp) / 1e9));
    long t0 = System.nanoTime();
    SparkSession spark = Sessions.create(cfg);
    LOG.info("spark: {} in {} s (master {}, scratch {})", spark.version(), String.format("%.1f", (System.nanoTime() - t0) / 1e9), spark.sparkContext().master(), cfg.sparkLocalDir());
    Progress progress = new Progress(5000);
    spark.sparkContext().addSparkListener(progress);
    try {
      return run(spark, cfg, profiles, files, progress, lastStage);
    } finally {
      spark.stop();
    }
  }

  /** Runs in an existing session (tests, notebooks); plans the inputs first. */
  public static Summary run(SparkSession spark, MinqingConfig cfg, Map<String, SourceProfile> profiles, Progress progress, String lastStage) {
    return run(spark, cfg, profiles, IngestJob.plan(cfg, profiles, spark.sparkContext().hadoopConfiguration()), progress, lastStage);
  }

  static Summary run(SparkSession spark, MinqingConfig cfg, Map<String, SourceProfile> profiles, List<IngestJob.FileInput> files, Progress progress, String lastStage) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Lake lake = new Lake(cfg.lake().toString(), hadoop);
    lake.recover();
    List<String> skipped = new ArrayList<>();
    if (cfg.skipIngestedFiles()) {
      java.util.Set<String> seen = lake.ingestedFiles();
      List<IngestJob.FileInput> fresh = new ArrayList<>();
      for (IngestJob.FileInput f : files) {
        if (seen.contains(f.source() + "|" + f.sha256())) {
          skipped.add(f.name());
        } else {
          fresh.add(f);
        }
      }
      if (!skipped.isEmpty()) {
        LOG.info("ingest: {} of {} input files already ingested by an earlier run (same source and SHA-256), not read again (ingest.skip_ingested_files=false reads them)",
            skipped.size(), files.size());
      }
      files = fresh;
    }
    String runId = IngestJob.runId(cfg, files);
    LOG.info("run {}: date {}, config {}", runId, cfg.runDate(), cfg.hash());
    RunManifest manifest = new RunManifest(runId, cfg.runDate().toString(), cfg.hash());

    IngestJob.Result ing = IngestJob.run(spark, cfg, lake, runId, files, profiles, progress);
    if (progress != null) {
      progress.end();
    }
    LOG.info("ingest: {} read = {} accepted + {} quarantined · {} repeats flagged · {} lake rows replaced · {} partitions · {} s ({} rows/s)",
        ing.read(), ing.accepted(), ing.quarantined(), ing.repeats(), ing.replaced(), ing.partitions().size(), String.format("%.1f", ing.seconds()),
        String.format("%,.0f", ing.read() / Math.max(ing.seconds(), 1e-3)));
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("rows_read", ing.read());
    facts.put("rows_accepted", ing.accepted());
    facts.put("rows_quarantined", ing.quarantined());
    facts.put("repeats_flagged", ing.repeats());
    facts.put("lake_rows_replaced", ing.replaced());
    facts.put("partitions_written", ing.partitions().size());
    facts.put("pii_masked", ing.piiMasked());
    facts.put("seconds", Math.round(ing.seconds() * 10) / 10.0);
    manifest.stage("ingest", facts);
    manifest.put("inputs", ing.files());
    manifest.put("inputs_skipped", skipped);

    List<String> tables = new ArrayList<>(List.of("complaints", "quarantine"));
    TokenizeJob.Result tok = null;
    if (!lastStage.equals("ingest")) {
      String analyzer = org.minqing.nlp.ComplaintAnalyzer.fingerprint(cfg.userDictionaries().stream().map(java.nio.file.Path::of).toList());
      tok = TokenizeJob.run(spark, lake, runId, toTokenize(lake, ing.partitions(), analyzer), cfg.userDictionaries(), cfg.keywordsPerComplaint(), cfg.keywordsWindowDays());
      lake.writeState("tokenize", "analyzer", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("analyzer", analyzer).put("run_id", runId));
      LOG.info("tokenize: {} complaints, {} chars · {} partitions · {} s ({} chars/s); analysis step {} s ({} chars/s)", tok.complaints(), tok.chars(), tok.partitions().size(),
          String.format("%.1f", tok.seconds()), String.format("%,.0f", tok.charsPerSecond()), String.format("%.1f", tok.analysisSeconds()), String.format("%,.0f", tok.analysisCharsPerSecond()));
      Map<String, Object> tf = new LinkedHashMap<>();
      tf.put("complaints", tok.complaints());
      tf.put("chars", tok.chars());
      tf.put("partitions_written", tok.partitions().size());
      tf.put("analysis_seconds", Math.round(tok.analysisSeconds() * 10) / 10.0);
      tf.put("seconds", Math.round(tok.seconds() * 10) / 10.0);
      manifest.stage("tokenize", tf);
      tables.add("tokens");
    }
    IssuesJob.Result iss = null;
    ClassifyJob.Result cls = null;
    if (lastStage.equals("all")) {
      cls = classify(spark, cfg, profiles, lake, runId, tok.partitions(), manifest);
      if (cls != null) {
        tables.add("classified");
      }
      iss = issues(spark, cfg, lake, runId, manifest);
      tables.addAll(List.of("issues", "issue_members", "patterns"));
    }
    CasesJob.Result cas = null;
    if (lastStage.equals("all") && cfg.hasCases()) {
      cas = cases(spark, cfg, lake, runId, manifest);
      tables.addAll(List.of("case_events", "cases", "cards", "unit_scores"));
    }
    var path = manifest.write(lake);
    return new Summary(runId, lake.root().toString(), path.toString(), ing, tok, cls, iss, cas, tables);
  }

  /**
   * The partitions to tokenize: those ingest wrote, or every partition of the lake when its tokens
   * were written by another analyzer ({@code analyzer}: {@link org.minqing.nlp.ComplaintAnalyzer#fingerprint};
   * an older Minqing or other user dictionaries), which are then classified and vectorised again too.
   */
  static List<String> toTokenize(Lake lake, List<String> ingested, String analyzer) {
    var written = lake.readState("tokenize", "analyzer");
    if (!lake.hasTable(org.minqing.datasets.schema.Tables.TOKENS.name()) || written != null && analyzer.equals(written.path("analyzer").asText())) {
      return ingested;
    }
    java.util.TreeSet<String> all = new java.util.TreeSet<>(lake.partitions(org.minqing.datasets.schema.Tables.COMPLAINTS.name()));
    all.addAll(ingested);
    LOG.info("tokenize: the analyzer changed since the tokens were written ({} → {}: a new Minqing or other nlp.user_dictionaries): all {} partitions are tokenized again",
        written == null ? "unknown" : written.path("analyzer").asText(), analyzer, all.size());
    return new ArrayList<>(all);
  }

  /** Only the cases stage, on the lake and the configured event exports; its own run id and manifest. */
  public static Summary casesOnly(MinqingConfig cfg) {
    if (!cfg.hasCases()) {
      throw new IllegalArgumentException("No cases configured: add cases.events (event exports) or cases.derive_from (complaint sources with reply times) to the config");
    }
    SparkSession spark = Sessions.create(cfg);
    try {
      Lake lake = new Lake(cfg.lake().toString(), spark.sparkContext().hadoopConfiguration());
      lake.recover();
      String runId = cfg.runDate() + "-c" + cfg.hash().substring(0, 7);
      RunManifest manifest = new RunManifest(runId, cfg.runDate().toString(), cfg.hash());
      CasesJob.Result r = cases(spark, cfg, lake, runId, manifest);
      var path = manifest.write(lake);
      return new Summary(runId, lake.root().toString(), path.toString(), null, null, null, null, r, List.of("case_events", "cases", "cards", "unit_scores"));
    } finally {
      spark.stop();
    }
  }

  /** Only the issues stage, on the lake as it is; its own run id and manifest. */
  public static Summary issuesOnly(MinqingConfig cfg) {
    SparkSession spark = Sessions.create(cfg);
    try {
      Lake lake = new Lake(cfg.lake().toString(), spark.sparkContext().hadoopConfiguration());
      lake.recover();
      String runId = cfg.runDate() + "-i" + cfg.hash().substring(0, 7);
      RunManifest manifest = new RunManifest(runId, cfg.runDate().toString(), cfg.hash());
      IssuesJob.Result iss = issues(spark, cfg, lake, runId, manifest);
      var path = manifest.write(lake);
      return new Summary(runId, lake.root().toString(), path.toString(), null, null, null, iss, null, List.of("issues", "issue_members", "patterns"));
    } finally {
      spark.stop();
    }
  }

  /**
   * The classify stage. Uses {@code classify.model}, else the store's CURRENT model; when there is
   * none yet, trains one first from the labelled sources (so a fresh lake classifies on its first
   * night). Without a model and without labelled sources the stage is skipped and the manifest says so.
   */
  static ClassifyJob.Result classify(SparkSession spark, MinqingConfig cfg, Map<String, SourceProfile> profiles, Lake lake, String runId, List<String> touched, RunManifest manifest) {
    ClassifierStore store = new ClassifierStore(cfg.classifierStore());
    Map<String, Object> f = new LinkedHashMap<>();
    ClassifierModel model;
    if (cfg.classifierModel() == null && store.currentVersion() == null) {
      List<MinqingConfig.Source> training = trainingSources(cfg, profiles);
      if (training.isEmpty()) {
        LOG.warn("classify: skipped; no model in {} and no labelled source (a profile with category_given, or classify.training) to train one", store.dir());
        f.put("skipped", "no model and no labelled source");
        manifest.stage("classify", f);
        return null;
      }
      ClassifierTraining.Trained t = trainAndSave(cfg, training, store);
      LOG.info("classify: trained model {} on {} labelled complaints (cross-validated macro-F1 {}, accuracy {}) in {} s", t.model().version(),
          t.cv().n(), String.format("%.3f", t.cv().macroF1()), String.format("%.3f", t.cv().accuracy()), String.format("%.1f", t.featureSeconds() + t.cvSeconds() + t.trainSeconds()));
      f.put("trained_model", t.model().version());
      f.put("trained_cv_macro_f1", Math.round(t.cv().macroF1() * 10000) / 10000.0);
      model = t.model();
    } else {
      model = store.load(cfg.classifierModel());
    }
    Routing routing = Routing.load(cfg.routingRules());
    boolean rerouted = ClassifyJob.routingChanged(lake, routing.fingerprint());
    var dts = ClassifyJob.partitionsToClassify(spark, lake, model.version(), routing.fingerprint(), touched);
    boolean all = dts.size() > touched.size();
    ClassifyJob.Result r = ClassifyJob.run(spark, lake, runId, model, routing, cfg.reviewBelow(), cfg.zone(), dts, all);
    ClassifyJob.recordRouting(lake, routing); // every partition is routed by these rules now (all of them were, when the rules changed)
    LOG.info("classify: {} complaints with model {}{} · {} need review (confidence < {}) · {} routed by rules · {} s", r.complaints(), model.version(),
        all ? (rerouted ? " (all partitions: the routing rules changed)" : " (all partitions: new model)") : "", r.needsReview(), cfg.reviewBelow(), r.routed(), String.format("%.1f", r.seconds()));
    f.put("model_version", model.version());
    f.put("complaints", r.complaints());
    f.put("needs_review", r.needsReview());
    f.put("routed", r.routed());
    f.put("routing_rules", routing.origin());
    f.put("partitions_written", r.partitions().size());
    f.put("all_partitions", all);
    f.put("seconds", Math.round(r.seconds() * 10) / 10.0);
    manifest.stage("classify", f);
    return r;
  }

  /** The labelled sources: classify.training, or the configured sources whose profile maps a label column. */
  public static List<MinqingConfig.Source> trainingSources(MinqingConfig cfg, Map<String, SourceProfile> profiles) {
    List<MinqingConfig.Source> out = new ArrayList<>();
    for (MinqingConfig.Source s : cfg.trainingSources()) {
      SourceProfile p = profiles.computeIfAbsent(s.profile(), n -> Profiles.load(n, cfg.profileDirs()));
      if (cfg.hasTrainingSources() || p.columns().containsKey(org.minqing.jobs.ingest.Field.CATEGORY_GIVEN)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Trains on the labelled sources and saves the model as the store's CURRENT. */
  public static ClassifierTraining.Trained trainAndSave(MinqingConfig cfg, List<MinqingConfig.Source> training, ClassifierStore store) {
    Map<String, SourceProfile> profiles = new TreeMap<>();
    List<String> names = new ArrayList<>();
    for (MinqingConfig.Source s : training) {
      SourceProfile p = Profiles.load(s.profile(), cfg.profileDirs());
      profiles.put(s.profile(), p);
      for (String path : s.paths()) {
        names.add(p.name() + ":" + java.nio.file.Path.of(path).getFileName());
      }
    }
    ClassifierTraining.Data data = ClassifierTraining.read(training, profiles, cfg.zone(), cfg.complainantKey());
    ClassifierTraining.Trained t = ClassifierTraining.train(data, names, org.minqing.jobs.nlp.TokenizeJob.analyzerFor(cfg.userDictionaries()), cfg.classifierParams(), cfg.reviewBelow());
    store.save(t.model(), t.description(), t.report());
    return t;
  }

  /** The cases stage: events → case_events, cases, cards (append-only), unit_scores. */
  public static CasesJob.Result cases(SparkSession spark, MinqingConfig cfg, Lake lake, String runId, RunManifest manifest) {
    List<CasesJob.Source> sources = new ArrayList<>();
    for (MinqingConfig.Source s : cfg.eventSources()) {
      sources.add(new CasesJob.Source(EventProfile.load(s.profile(), cfg.profileDirs()), s.paths()));
    }
    CasesJob.Result r = CasesJob.run(spark, lake, runId, cfg.runDate(), cfg.zone(), sources, cfg.deriveCasesFrom(), cfg.caseRules(), WorkCalendar.load(cfg.workCalendar()),
        cfg.casesIncremental());
    LOG.info("cases ({} night): {} events read = {} accepted + {} quarantined {}; {} derived from complaints; {} cases ({} open); cards issued now {} yellow + {} red (in all {} yellow, {} red); {} s",
        r.mode(), r.eventsRead(), r.eventsAccepted(), r.eventsQuarantined(), r.quarantinedBy(), r.derivedEvents(), r.cases(), r.open(), r.newYellow(), r.newRed(), r.yellowTotal(), r.redTotal(),
        String.format("%.1f", r.seconds()));
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("mode", r.mode());
    f.put("cases_evaluated", r.casesEvaluated());
    f.put("events_read", r.eventsRead());
    f.put("events_accepted", r.eventsAccepted());
    f.put("events_quarantined", r.eventsQuarantined());
    f.put("quarantined_by_reason", r.quarantinedBy());
    f.put("files", r.files().stream().map(x -> {
      Map<String, Object> m = new LinkedHashMap<>(); // not Map.of, whose order is salted per JVM
      m.put("source", x.source());
      m.put("file", x.file());
      m.put("read", x.read());
      m.put("accepted", x.accepted());
      m.put("quarantined", x.quarantined());
      return m;
    }).toList());
    f.put("derived_events", r.derivedEvents());
    f.put("cases", r.cases());
    f.put("open", r.open());
    f.put("day_basis", cfg.caseRules().basis());
    f.put("new_yellow_cards", r.newYellow());
    f.put("new_red_cards", r.newRed());
    f.put("yellow_cards", r.yellowTotal());
    f.put("red_cards", r.redTotal());
    f.put("unit_score_rows", r.unitScoreRows());
    f.put("seconds", Math.round(r.seconds() * 10) / 10.0);
    manifest.stage("cases", f);
    return r;
  }

  static IssuesJob.Result issues(SparkSession spark, MinqingConfig cfg, Lake lake, String runId, RunManifest manifest) {
    {
      IssuesJob.Result iss = IssuesJob.run(spark, lake, runId, cfg.runDate(), cfg.issues());
      LOG.info("issues ({} night): {} complaints in the window → {} issues ({} in {} patterns); {} unassigned ({}%); ids kept {}, minted {}, merges {}, splits {}; {} s",
          iss.mode(), iss.complaints(), iss.issues(), iss.issuesInPatterns(), iss.patterns(), iss.unassigned(), String.format("%.1f", 100 * iss.unassignedShare()), iss.idsKept(), iss.idsMinted(),
          iss.merges(), iss.splits(), String.format("%.1f", iss.seconds()));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("mode", iss.mode());
      f.put("complaints_in_window", iss.complaints());
      f.put("new_complaints", iss.newComplaints());
      f.put("clusters", iss.clusters());
      f.put("issues", iss.issues());
      f.put("patterns", iss.patterns());
      f.put("issues_in_patterns", iss.issuesInPatterns());
      f.put("assigned", iss.assigned());
      f.put("unassigned", iss.unassigned());
      f.put("unassigned_share", Math.round(iss.unassignedShare() * 10000) / 10000.0);
      f.put("previous_run_date", iss.previousRun());
      f.put("ids_kept", iss.idsKept());
      f.put("ids_minted", iss.idsMinted());
      f.put("merges", iss.merges());
      f.put("splits", iss.splits());
      f.put("previous_assignments", iss.previousAssignments());
      f.put("previous_assignments_kept", iss.previousAssignmentsKept());
      f.put("largest_block", iss.largestBlock());
      f.put("seconds", Math.round(iss.seconds() * 10) / 10.0);
      manifest.stage("issues", f);
      return iss;
    }
  }
}
