package org.minqing.jobs.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.ingest.IngestRecord;
import org.minqing.jobs.ingest.RawRecord;
import org.minqing.jobs.ingest.RecordSource;
import org.minqing.jobs.ingest.RowMapper;
import org.minqing.jobs.ingest.SourceProfile;
import org.minqing.nlp.ComplainantKeys;
import org.minqing.nlp.ComplaintAnalyzer;
import org.minqing.nlp.Token;

/**
 * Reads labelled complaints, cross-validates the classifier and trains the final model. Runs on
 * the driver without Spark: a labelled set is thousands to tens of thousands of complaints, and the
 * linear SVM trains on them in seconds.
 *
 * <p>Labelled complaints come from source files read exactly as ingest reads them (the same
 * profile, normalisation and PII masking), so the model sees at training time the text the
 * classify stage sees in the lake; the label is the profile's {@code category_given} column.
 */
public final class ClassifierTraining {
  /** Settings of training; {@link #defaults()} are what the measurements in docs/classification.md chose. */
  public record Params(double c, double nbAlpha, double nbMix, int minDf, int folds, long seed) {
    public static Params defaults() {
      return new Params(1.0, 0.1, 0.5, 2, 5, 20261122L);
    }

    String describe() {
      return "c=" + c + ",nb_alpha=" + nbAlpha + ",nb_mix=" + nbMix + ",min_df=" + minDf + ",folds=" + folds + ",seed=" + seed
          + ",features=words+char1-3+lead" + TextFeatures.LEAD + "char1-3,svm=ovr-l2loss-dcd-balanced";
    }
  }

  /** One labelled complaint, normalised and masked as in the lake. */
  public record Labelled(String id, String title, String text, String label) {}

  /** What was read: the examples, and how many rows were skipped and why. */
  public record Data(List<Labelled> examples, int rows, int unlabelled, int rejected, int duplicates, String sha256) {}

  private ClassifierTraining() {}

  // ------------------------------------------------------------------ reading

  public static Data read(List<MinqingConfig.Source> sources, Map<String, SourceProfile> profiles, ZoneId zone, byte[] key) {
    List<Labelled> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int rows = 0;
    int unlabelled = 0;
    int rejected = 0;
    int dups = 0;
    MessageDigest md = sha256();
    Configuration hadoop = new Configuration();
    for (MinqingConfig.Source s : sources) {
      SourceProfile p = profiles.get(s.profile());
      if (p == null) {
        throw new IllegalArgumentException("No profile '" + s.profile() + "' for a training source");
      }
      if (!p.columns().containsKey(org.minqing.jobs.ingest.Field.CATEGORY_GIVEN)) {
        throw new IllegalArgumentException("Training source " + p.name() + " maps no label column: add category_given: <column> to its profile's columns:");
      }
      for (String glob : s.paths()) {
        for (Path file : files(glob, hadoop)) {
          String name = file.getName();
          try (InputStream in = file.getFileSystem(hadoop).open(file);
              RecordSource src = RecordSource.open(p.formatFor(name), in, name, p)) {
            RowMapper mapper = new RowMapper(p, name, src.header(), zone, new ComplainantKeys(key));
            while (src.hasNext()) {
              RawRecord raw = src.next();
              rows++;
              IngestRecord r = mapper.map(raw);
              if (!r.accepted) {
                rejected++;
                continue;
              }
              if (r.categoryGiven == null || r.categoryGiven.isBlank()) {
                unlabelled++;
                continue;
              }
              String flat = TextFeatures.flat(r.title, r.text);
              if (!seen.add(flat)) { // the same message twice (reposts, or in two files): once is enough, and CV must not see it on both sides
                dups++;
                continue;
              }
              String label = r.categoryGiven.strip();
              md.update((label + "\u0001" + flat + "\n").getBytes(StandardCharsets.UTF_8));
              out.add(new Labelled(r.complaintId, r.title, r.text, label));
            }
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read training file " + file, e);
          }
        }
      }
    }
    return new Data(List.copyOf(out), rows, unlabelled, rejected, dups, HexFormat.of().formatHex(md.digest()));
  }

  static List<Path> files(String glob, Configuration hadoop) {
    try {
      Path g = new Path(glob);
      FileStatus[] found = g.getFileSystem(hadoop).globStatus(g);
      if (found == null || found.length == 0) {
        throw new IllegalArgumentException("No file matches " + glob + "; check the classify.training paths of the config");
      }
      List<Path> out = new ArrayList<>();
      for (FileStatus f : found) {
        if (f.isFile()) {
          out.add(f.getPath());
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + glob, e);
    }
  }

  // ------------------------------------------------------------------ the whole job

  /** A trained model with its cross-validated evaluation. */
  public record Trained(ClassifierModel model, ClassificationMetrics cv, Map<String, Object> description, String report,
      double featureSeconds, double cvSeconds, double trainSeconds) {}

  /**
   * Cross-validates with {@code p.folds()} stratified folds, fits the confidence temperature on the
   * out-of-fold scores, then trains the final model on every example.
   */
  public static Trained train(Data data, List<String> sourceNames, ComplaintAnalyzer analyzer, Params p, double reviewBelow) {
    if (data.examples().size() < 10 * p.folds()) {
      throw new IllegalArgumentException("Only " + data.examples().size() + " labelled complaints: too few to train and cross-validate a classifier (need at least " + 10 * p.folds() + ")");
    }
    long t0 = System.nanoTime();
    List<Map<String, Integer>> docs = featurize(data.examples(), analyzer);
    List<String> labels = data.examples().stream().map(Labelled::label).toList();
    String[] classes = classes(labels);
    for (String c : classes) {
      if (labels.stream().filter(c::equals).count() < p.folds()) {
        throw new IllegalArgumentException("Category '" + c + "' has fewer than " + p.folds() + " labelled complaints: too few to cross-validate; merge it or label more");
      }
    }
    long t1 = System.nanoTime();
    double[][] oof = crossValidate(docs, labels, classes, p);
    int[] truth = new int[labels.size()];
    List<String> predicted = new ArrayList<>();
    List<String> cls = Arrays.asList(classes);
    for (int i = 0; i < oof.length; i++) {
      truth[i] = cls.indexOf(labels.get(i));
      predicted.add(classes[argmax(oof[i])]);
    }
    ClassificationMetrics cv = ClassificationMetrics.of(cls, labels, predicted);
    double t = temperature(oof, truth);
    long t2 = System.nanoTime();
    ClassifierModel model = fit(docs, labels, classes, p).withTemperature(t).withVersion(version(data.sha256(), p));
    long t3 = System.nanoTime();

    // how good the confidence is: at each threshold, the share kept and its accuracy
    List<Map<String, Object>> calibration = new ArrayList<>();
    int below = 0;
    for (double th : new double[] {0.5, 0.6, 0.7, 0.8, 0.9}) {
      int kept = 0;
      int ok = 0;
      for (int i = 0; i < oof.length; i++) {
        double[] pr = ClassifierModel.softmax(oof[i], t);
        int b = argmax(oof[i]);
        if (pr[b] >= th) {
          kept++;
          ok += b == truth[i] ? 1 : 0;
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("confidence_at_least", th);
      row.put("share", ClassificationMetrics.round(kept / (double) oof.length));
      row.put("accuracy", ClassificationMetrics.round(kept == 0 ? 0 : ok / (double) kept));
      calibration.add(row);
    }
    for (double[] s : oof) {
      double[] pr = ClassifierModel.softmax(s, t);
      below += pr[argmax(s)] < reviewBelow ? 1 : 0;
    }

    Map<String, Object> d = new LinkedHashMap<>();
    d.put("version", model.version());
    d.put("model", "one-vs-rest linear SVM (squared hinge, L2, dual coordinate descent) on NB-scaled TF-IDF of words + character 1-3-grams + lead character 1-3-grams");
    d.put("params", p.describe());
    d.put("classes", cls);
    d.put("vocabulary", model.vocabularySize());
    d.put("temperature", t);
    Map<String, Object> tr = new LinkedHashMap<>();
    tr.put("sources", sourceNames);
    tr.put("rows_read", data.rows());
    tr.put("examples", data.examples().size());
    tr.put("skipped_unlabelled", data.unlabelled());
    tr.put("skipped_rejected", data.rejected());
    tr.put("skipped_duplicates", data.duplicates());
    tr.put("data_sha256", data.sha256());
    Map<String, Long> perClass = new java.util.TreeMap<>();
    labels.forEach(l -> perClass.merge(l, 1L, Long::sum));
    tr.put("per_category", perClass);
    d.put("training", tr);
    Map<String, Object> cvd = new LinkedHashMap<>(cv.describe());
    cvd.put("folds", p.folds());
    cvd.put("calibration", calibration);
    cvd.put("review_below", reviewBelow);
    cvd.put("share_needing_review", ClassificationMetrics.round(below / (double) oof.length));
    d.put("cross_validation", cvd);

    StringBuilder r = new StringBuilder();
    r.append("# Classifier ").append(model.version()).append("\n\n");
    r.append(String.format(java.util.Locale.ROOT, "Trained on %,d labelled complaints from %s (data sha256 %s…). Settings: %s.%n%n",
        data.examples().size(), String.join(", ", sourceNames), data.sha256().substring(0, 12), p.describe()));
    r.append("## ").append(p.folds()).append("-fold stratified cross-validation\n\n").append(cv.markdown()).append('\n');
    r.append("## Confidence\n\nSoftmax temperature ").append(t).append(" (fitted on the out-of-fold scores).\n\n| confidence ≥ | share of complaints | accuracy |\n|---:|---:|---:|\n");
    for (Map<String, Object> row : calibration) {
      r.append(String.format(java.util.Locale.ROOT, "| %.1f | %.3f | %.3f |%n", row.get("confidence_at_least"), row.get("share"), row.get("accuracy")));
    }
    r.append(String.format(java.util.Locale.ROOT, "%nBelow %.2f (marked `needs_review`): %.1f%% of complaints.%n", reviewBelow, 100.0 * below / oof.length));
    return new Trained(model, cv, d, r.toString(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
  }

  static int argmax(double[] s) {
    int b = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i] > s[b]) {
        b = i;
      }
    }
    return b;
  }

  // ------------------------------------------------------------------ features

  /** Term counts of every example (segmentation in parallel; the analyzer is thread-safe). */
  public static List<Map<String, Integer>> featurize(List<Labelled> xs, ComplaintAnalyzer analyzer) {
    return IntStream.range(0, xs.size()).parallel().mapToObj(i -> {
      Labelled x = xs.get(i);
      return TextFeatures.counts(x.title(), x.text(), words(analyzer, x.title(), x.text()));
    }).toList();
  }

  /** The words of title then body, as the tokenize stage writes them to {@code tokens.words}. */
  public static List<String> words(ComplaintAnalyzer analyzer, String title, String text) {
    List<String> out = new ArrayList<>();
    for (Token t : analyzer.segment(title == null ? "" : title)) {
      out.add(t.word());
    }
    for (Token t : analyzer.segment(text == null ? "" : text)) {
      out.add(t.word());
    }
    return out;
  }

  // ------------------------------------------------------------------ training

  /** Trains on all examples (labels as given), temperature 1. */
  static ClassifierModel fit(List<Map<String, Integer>> docs, List<String> labels, String[] classes, Params p) {
    ClassifierModel vocab = ClassifierModel.untrained(docs, p.minDf());
    LinearSvm.Example[] x = new LinearSvm.Example[docs.size()];
    int[] y = new int[docs.size()];
    List<String> cls = Arrays.asList(classes);
    for (int i = 0; i < x.length; i++) {
      x[i] = vocab.vectorize(docs.get(i));
      y[i] = cls.indexOf(labels.get(i));
    }
    double[][] w = LinearSvm.trainOvr(x, y, classes.length, vocab.vocabularySize(), p.c(), p.nbAlpha(), p.nbMix(), p.seed());
    return vocab.withWeights(classes, w);
  }

  /** Stratified folds: per class, examples shuffled with the seed and dealt round-robin. */
  static int[] folds(List<String> labels, int k, long seed) {
    Map<String, List<Integer>> byClass = new java.util.TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      byClass.computeIfAbsent(labels.get(i), x -> new ArrayList<>()).add(i);
    }
    int[] fold = new int[labels.size()];
    Random rnd = new Random(seed);
    int next = 0;
    for (List<Integer> members : byClass.values()) {
      java.util.Collections.shuffle(members, rnd);
      for (int m : members) {
        fold[m] = next++ % k;
      }
    }
    return fold;
  }

  /** Out-of-fold SVM scores of every example ([example][class]); folds train in parallel. */
  static double[][] crossValidate(List<Map<String, Integer>> docs, List<String> labels, String[] classes, Params p) {
    int[] fold = folds(labels, p.folds(), p.seed());
    double[][] scores = new double[docs.size()][];
    IntStream.range(0, p.folds()).parallel().forEach(f -> {
      List<Map<String, Integer>> trainDocs = new ArrayList<>();
      List<String> trainLabels = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        if (fold[i] != f) {
          trainDocs.add(docs.get(i));
          trainLabels.add(labels.get(i));
        }
      }
      ClassifierModel m = fit(trainDocs, trainLabels, classes, p);
      for (int i = 0; i < docs.size(); i++) {
        if (fold[i] == f) {
          scores[i] = m.scores(m.vectorize(docs.get(i)));
        }
      }
    });
    return scores;
  }

  /** The softmax temperature minimising the log loss of out-of-fold scores (grid search, deterministic). */
  static double temperature(double[][] scores, int[] truth) {
    double best = 1;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (double t = 0.02; t <= 3.0; t += 0.01) {
      double loss = 0;
      for (int i = 0; i < scores.length; i++) {
        double[] p = ClassifierModel.softmax(scores[i], t);
        loss -= Math.log(Math.max(p[truth[i]], 1e-12));
      }
      if (loss < bestLoss - 1e-9) {
        bestLoss = loss;
        best = Math.round(t * 100) / 100.0;
      }
    }
    return best;
  }

  static String[] classes(List<String> labels) {
    return new TreeSet<>(labels).toArray(new String[0]);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Model version: a hash of the training data, the settings and the model format — the same inputs give the same version. */
  static String version(String dataSha, Params p) {
    MessageDigest md = sha256();
    md.update((dataSha + "|" + p.describe() + "|format1").getBytes(StandardCharsets.UTF_8));
    return "cls-" + HexFormat.of().formatHex(md.digest(), 0, 5);
  }
}
