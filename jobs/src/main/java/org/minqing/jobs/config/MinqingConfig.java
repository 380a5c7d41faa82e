package org.minqing.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Minqing's settings, with one stated precedence: command line ({@code --lake}, {@code --master},
 * {@code --set key.path=value}) &gt; config file &gt; defaults. Relative paths inside a config file
 * are resolved against the file's folder; relative paths given on the command line against the
 * current directory. Lives on the driver only; jobs copy the values they need into locals.
 *
 * <pre>{@code
 * lake: ../lake                  # where the Parquet tables go
 * run_date: 2026-11-01           # optional; default: today in Asia/Shanghai
 * timezone: Asia/Shanghai        # zone of partition dates
 * spark: {master: "local[*]", shuffle_partitions: 8, local_dir: null, conf: {}}
 * privacy: {complainant_key: null}   # or env MINQING_COMPLAINANT_KEY; ≥ 16 characters
 * ingest: {repeat_window_days: 30}
 * profile_dirs: [../profiles]
 * sources:
 *   - profile: demo_hotline
 *     paths: ["../datasets/demo/hotline/*.csv"]
 * }</pre>
 */
public final class MinqingConfig {
  /** Used when no key is configured: fine for demo data, never for real complaints (a warning says so). */
  public static final String DEMO_KEY = "minqing-demo-key-not-for-real-data";

  public static final String KEY_ENV = "MINQING_COMPLAINANT_KEY";

  private static final Set<String> TOP_KEYS =
      Set.of("lake", "run_date", "timezone", "spark", "privacy", "ingest", "profile_dirs", "sources", "nlp", "issues", "classify", "cases", "brief");

  /** One configured input: a profile and the files (globs) exported in its shape. */
  public record Source(String profile, List<String> paths) {}

  private final ObjectNode root;
  private final Path baseDir;
  private final Path cliBase;

  private MinqingConfig(ObjectNode root, Path baseDir, Path cliBase) {
    this.root = root;
    this.baseDir = baseDir;
    this.cliBase = cliBase;
  }

  /**
   * Reads {@code file} (may be null: defaults only) and applies {@code overrides} ("a.b=c"). Values
   * in overrides are YAML scalars or flow collections ({@code sources=[...]}).
   */
  public static MinqingConfig load(Path file, Map<String, String> overrides) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode root;
    Path base;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("Config file " + file.toAbsolutePath() + " does not exist");
      }
      try {
        JsonNode n = yaml.readTree(Files.readString(file, StandardCharsets.UTF_8));
        if (n == null || n.isMissingNode() || n.isNull()) {
          root = yaml.createObjectNode();
        } else if (!n.isObject()) {
          throw new IllegalArgumentException("Config file " + file + " must be a YAML mapping (lake:, sources:, ...)");
        } else {
          root = (ObjectNode) n;
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("Config file " + file + " is not valid YAML: " + e.getMessage(), e);
      }
      base = file.toAbsolutePath().getParent();
    } else {
      root = yaml.createObjectNode();
      base = Path.of("").toAbsolutePath();
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP_KEYS.contains(k)) {
        throw new IllegalArgumentException("Config " + (file == null ? "" : file + " ") + "has unknown key '" + k + "', expected one of " + new java.util.TreeSet<>(TOP_KEYS));
      }
    }
    MinqingConfig c = new MinqingConfig(root, base, Path.of("").toAbsolutePath());
    for (var e : overrides.entrySet()) {
      c.set(e.getKey(), e.getValue(), yaml);
    }
    return c;
  }

  private void set(String path, String value, ObjectMapper yaml) {
    String[] parts = path.split("\\.");
    if (!TOP_KEYS.contains(parts[0])) {
      throw new IllegalArgumentException("--set " + path + ": unknown key '" + parts[0] + "', expected one of " + new java.util.TreeSet<>(TOP_KEYS));
    }
    ObjectNode n = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = n.get(parts[i]);
      if (child == null || !child.isObject()) {
        child = n.putObject(parts[i]);
      }
      n = (ObjectNode) child;
    }
    JsonNode v;
    try {
      v = yaml.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("--set " + path + "=" + value + ": not a valid YAML value", e);
    }
    n.set(parts[parts.length - 1], v == null ? yaml.getNodeFactory().textNode(value) : v);
    // Paths given on the command line are relative to the current directory, not the config file.
    if (path.equals("lake") || path.equals("spark.local_dir")) {
      n.put(parts[parts.length - 1], cliBase.resolve(value).normalize().toString());
    }
  }

  private JsonNode at(String path) {
    JsonNode n = root;
    for (String p : path.split("\\.")) {
      n = n == null ? null : n.get(p);
    }
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  private String str(String path, String def) {
    JsonNode n = at(path);
    return n == null ? def : n.asText();
  }

  private int integer(String path, int def, int min) {
    JsonNode n = at(path);
    if (n == null) {
      return def;
    }
    if (!n.canConvertToInt() && !n.asText().matches("-?\\d+")) {
      throw new IllegalArgumentException("Config " + path + " must be a whole number, got '" + n.asText() + "'");
    }
    int v = n.isNumber() ? n.asInt() : Integer.parseInt(n.asText());
    if (v < min) {
      throw new IllegalArgumentException("Config " + path + " must be ≥ " + min + ", got " + v);
    }
    return v;
  }

  private Path path(String configPath, String def) {
    String s = str(configPath, def);
    return s == null ? null : baseDir.resolve(s).normalize();
  }

  public Path lake() {
    return path("lake", "lake");
  }

  public ZoneId zone() {
    return ZoneId.of(str("timezone", "Asia/Shanghai"));
  }

  /** The run's date D: config {@code run_date}, else today in {@link #zone()}. */
  public LocalDate runDate() {
    String s = str("run_date", null);
    if (s == null) {
      return LocalDate.now(zone());
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Config run_date must be yyyy-MM-dd, got '" + s + "'", e);
    }
  }

  public String sparkMaster() {
    return str("spark.master", "local[*]");
  }

  public int shufflePartitions() {
    return integer("spark.shuffle_partitions", 8, 1);
  }

  public Path sparkLocalDir() {
    Path p = path("spark.local_dir", null);
    return p != null ? p : lake().resolve("_tmp").resolve("spark");
  }

  /** Extra Spark settings ({@code spark.conf}), passed as they are. */
  public Map<String, String> sparkConf() {
    Map<String, String> m = new TreeMap<>();
    JsonNode n = at("spark.conf");
    if (n != null) {
      n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    }
    return m;
  }

  /** Extra dictionary files (paths, config-relative) for the NLP stage: {@code nlp.user_dictionaries}. */
  public List<String> userDictionaries() {
    List<String> out = new ArrayList<>();
    JsonNode n = at("nlp.user_dictionaries");
    if (n != null) {
      n.forEach(x -> out.add(baseDir.resolve(x.asText()).normalize().toString()));
    }
    return out;
  }

  /** Keywords per complaint: {@code nlp.keywords} (default 8). */
  public int keywordsPerComplaint() {
    return integer("nlp.keywords", 8, 1);
  }

  /**
   * How far back the document frequencies of keywords reach: {@code nlp.keywords_window_days}
   * (default 365; 0 = the whole lake). The corpus is the complaints received from this many days
   * before the earliest partition being tokenized up to the latest one, so an ordinary night reads
   * a year of tokens, not every year the lake holds.
   */
  public int keywordsWindowDays() {
    return integer("nlp.keywords_window_days", 365, 0);
  }

  private double dbl(String path, double def, double min, double max) {
    JsonNode n = at(path);
    if (n == null) {
      return def;
    }
    double v;
    try {
      v = n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Config " + path + " must be a number, got '" + n.asText() + "'");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("Config " + path + " must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  /** Settings of the issues stage ({@code issues.*}); defaults in {@link IssuesJob.Params#defaults()}. */
  public org.minqing.jobs.issues.IssuesJob.Params issues() {
    var d = org.minqing.jobs.issues.IssuesJob.Params.defaults();
    return new org.minqing.jobs.issues.IssuesJob.Params(
        integer("issues.window_days", d.windowDays(), 0),
        integer("issues.heat_window_days", d.heatWindowDays(), 1),
        dbl("issues.title_weight", d.titleWeight(), 1, 10),
        integer("issues.candidate_terms", d.candidateTerms(), 1),
        dbl("issues.max_df_share", d.maxDfShare(), 0, 1),
        dbl("issues.edge_min", d.edgeMin(), 0, 1),
        dbl("issues.issue_cut", d.issueCut(), 0, 1),
        dbl("issues.place_conflict_factor", d.placeConflictFactor(), 0, 1),
        dbl("issues.place_unknown_factor", d.placeUnknownFactor(), 0, 1),
        dbl("issues.place_match_factor", d.placeMatchFactor(), 1, 5),
        integer("issues.dup_bits", d.dupBits(), 0),
        dbl("issues.pattern_edge_min", d.patternEdgeMin(), 0, 1),
        dbl("issues.pattern_cut", d.patternCut(), 0, 1),
        integer("issues.min_places", d.minPlaces(), 2),
        integer("issues.min_pattern_people", d.minPatternPeople(), 1),
        integer("issues.max_block", d.maxBlock(), 100),
        integer("issues.full_every_days", d.fullEveryDays(), 1),
        dbl("issues.incremental_max_share", d.incrementalMaxShare(), 0, 1));
  }

  /**
   * {@code ingest.skip_ingested_files} (default true): input files a finished run already ingested
   * (same source and SHA-256, from the run manifests) are not read again, so a nightly run over a
   * folder of exports reads only the new ones. Set false to re-read everything (after changing a
   * profile, for instance).
   */
  public boolean skipIngestedFiles() {
    return bool("ingest.skip_ingested_files", true);
  }

  private boolean bool(String path, boolean def) {
    JsonNode n = at(path);
    if (n == null) {
      return def;
    }
    String v = n.asText().toLowerCase(java.util.Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("Config " + path + " must be true or false, got '" + n.asText() + "'");
    }
    return v.equals("true");
  }

  public int repeatWindowDays() {
    return integer("ingest.repeat_window_days", 30, 0);
  }

  /** The complainant hash key: env {@value #KEY_ENV}, then {@code privacy.complainant_key}, then the demo key. */
  public byte[] complainantKey() {
    String env = System.getenv(KEY_ENV);
    String k = env != null && !env.isBlank() ? env : str("privacy.complainant_key", null);
    if (k == null) {
      k = DEMO_KEY;
    }
    if (k.length() < 16) {
      throw new IllegalArgumentException("The complainant hash key must be at least 16 characters (privacy.complainant_key or " + KEY_ENV + ")");
    }
    return k.getBytes(StandardCharsets.UTF_8);
  }

  public boolean usesDemoKey() {
    String env = System.getenv(KEY_ENV);
    return (env == null || env.isBlank()) && str("privacy.complainant_key", null) == null;
  }

  public List<Path> profileDirs() {
    List<Path> out = new ArrayList<>();
    JsonNode n = at("profile_dirs");
    if (n != null) {
      n.forEach(x -> out.add(baseDir.resolve(x.asText()).normalize()));
    }
    return out;
  }

  /** The configured sources, with their path patterns made absolute. */
  public List<Source> sources() {
    return sources("sources");
  }

  /**
   * Labelled sources the classifier trains on ({@code classify.training}, same shape as
   * {@code sources}); when not set, the configured sources whose profile maps a label column
   * (the caller filters them).
   */
  public List<Source> trainingSources() {
    return at("classify.training") != null ? sources("classify.training") : sources();
  }

  public boolean hasTrainingSources() {
    return at("classify.training") != null;
  }

  /** Folder of the model store: {@code classify.models}, default {@code <lake>/_models/classifier}. */
  public Path classifierStore() {
    String s = str("classify.models", null);
    return s == null ? lake().resolve("_models").resolve("classifier") : baseDir.resolve(s).normalize();
  }

  /** The model to use: a version or a folder ({@code classify.model}); null = the store's CURRENT. */
  public String classifierModel() {
    String s = str("classify.model", null);
    if (s == null || s.startsWith("cls-")) {
      return s;
    }
    return baseDir.resolve(s).normalize().toString();
  }

  /** Below this confidence a classification is marked for review ({@code classify.review_below}). */
  public double reviewBelow() {
    return dbl("classify.review_below", 0.5, 0, 1);
  }

  /** The routing rules file ({@code classify.routing_rules}); null = the built-in rules. */
  public Path routingRules() {
    String s = str("classify.routing_rules", null);
    return s == null ? null : baseDir.resolve(s).normalize();
  }

  /** Training settings ({@code classify.c}, {@code classify.folds}, ...); defaults as measured in docs/classification.md. */
  public org.minqing.jobs.classify.ClassifierTraining.Params classifierParams() {
    var d = org.minqing.jobs.classify.ClassifierTraining.Params.defaults();
    return new org.minqing.jobs.classify.ClassifierTraining.Params(
        dbl("classify.c", d.c(), 1e-4, 1e4),
        dbl("classify.nb_alpha", d.nbAlpha(), 1e-6, 100),
        dbl("classify.nb_mix", d.nbMix(), 0, 1),
        integer("classify.min_df", d.minDf(), 1),
        integer("classify.folds", d.folds(), 2),
        (long) integer("classify.seed", (int) d.seed(), 0));
  }

  /** Event exports ({@code cases.events}, same shape as sources; profiles of kind case_events). */
  public List<Source> eventSources() {
    return sources("cases.events");
  }

  /** Complaint sources whose cases are derived from received_at / replied_at ({@code cases.derive_from}). */
  public List<String> deriveCasesFrom() {
    List<String> out = new ArrayList<>();
    JsonNode n = at("cases.derive_from");
    if (n != null) {
      if (!n.isArray()) {
        throw new IllegalArgumentException("Config cases.derive_from must be a list of source profile names, e.g. [tipdm_fj4]");
      }
      n.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  public boolean hasCases() {
    return !eventSources().isEmpty() || !deriveCasesFrom().isEmpty();
  }

  /** Card rules ({@code cases.day_basis}, {@code cases.yellow_days}, {@code cases.red_days}). */
  public org.minqing.jobs.cases.CaseRules.Params caseRules() {
    String basis = str("cases.day_basis", "calendar");
    if (!basis.equals("calendar") && !basis.equals("working")) {
      throw new IllegalArgumentException("Config cases.day_basis must be calendar or working, got '" + basis + "'");
    }
    int yellow = integer("cases.yellow_days", 7, 1);
    int red = integer("cases.red_days", 15, 1);
    if (red <= yellow) {
      throw new IllegalArgumentException("Config cases.red_days (" + red + ") must be more than cases.yellow_days (" + yellow + ")");
    }
    return new org.minqing.jobs.cases.CaseRules.Params(basis.equals("working"), yellow, red);
  }

  /**
   * {@code cases.incremental} (default true): a night reads only the event files its base night had
   * not read and re-evaluates only open cases and cases with new events; false rebuilds everything.
   */
  public boolean casesIncremental() {
    return bool("cases.incremental", true);
  }

  /** The working-day calendar file ({@code cases.calendar}); null = the built-in one. */
  public Path workCalendar() {
    String s = str("cases.calendar", null);
    return s == null ? null : baseDir.resolve(s).normalize();
  }

  private List<Source> sources(String key) {
    List<Source> out = new ArrayList<>();
    JsonNode n = at(key);
    if (n == null) {
      return out;
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException("Config " + key + " must be a list of {profile: NAME, paths: [GLOB, ...]}");
    }
    int i = 0;
    for (JsonNode s : n) {
      String profile = s.path("profile").asText(null);
      if (profile == null || profile.isBlank()) {
        throw new IllegalArgumentException("Config " + key + "[" + i + "] has no 'profile:'");
      }
      List<String> paths = new ArrayList<>();
      JsonNode ps = s.get("paths");
      if (ps == null) {
        throw new IllegalArgumentException("Config " + key + "[" + i + "] (" + profile + ") has no 'paths:'");
      }
      if (ps.isArray()) {
        ps.forEach(p -> paths.add(baseDir.resolve(p.asText()).normalize().toString()));
      } else {
        paths.add(baseDir.resolve(ps.asText()).normalize().toString());
      }
      String prof = profile.endsWith(".yaml") ? baseDir.resolve(profile).normalize().toString() : profile;
      out.add(new Source(prof, List.copyOf(paths)));
      i++;
    }
    return out;
  }

  /** SHA-256 (12 hex) of the effective settings, for the run id and the manifest (the key itself is never included). */
  public String hash() {
    ObjectNode copy = root.deepCopy();
    JsonNode privacy = copy.get("privacy");
    if (privacy instanceof ObjectNode po && po.has("complainant_key")) {
      po.put("complainant_key", "<set>");
    }
    copy.remove("lake");
    copy.remove("spark");
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(new ObjectMapper().writeValueAsBytes(sorted(copy)));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(x -> l.add(sorted(x)));
      return l;
    }
    return n.asText();
  }

  /** The effective settings as shown by {@code minqing config}, with the key hidden. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lake", lake().toString());
    m.put("run_date", runDate().toString());
    m.put("timezone", zone().toString());
    m.put("spark.master", sparkMaster());
    m.put("spark.shuffle_partitions", shufflePartitions());
    m.put("spark.local_dir", sparkLocalDir().toString());
    m.put("ingest.repeat_window_days", repeatWindowDays());
    m.put("ingest.skip_ingested_files", skipIngestedFiles());
    m.put("nlp.keywords", keywordsPerComplaint());
    m.put("nlp.keywords_window_days", keywordsWindowDays());
    m.put("cases.incremental", casesIncremental());
    m.put("privacy.complainant_key", usesDemoKey() ? "<demo key: set " + KEY_ENV + " for real data>" : "<set>");
    m.put("sources", sources());
    m.put("config_hash", hash());
    return m;
  }
}
