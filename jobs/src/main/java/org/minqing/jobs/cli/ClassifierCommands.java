package org.minqing.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.minqing.jobs.classify.ClassificationMetrics;
import org.minqing.jobs.classify.ClassifierModel;
import org.minqing.jobs.classify.ClassifierStore;
import org.minqing.jobs.classify.ClassifierTraining;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.ingest.Profiles;
import org.minqing.jobs.ingest.SourceProfile;
import org.minqing.jobs.nlp.TokenizeJob;
import org.minqing.jobs.pipeline.Nightly;
import org.minqing.nlp.ComplaintAnalyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code train-classifier} and {@code evaluate-classifier}. */
final class ClassifierCommands {
  private ClassifierCommands() {}

  /** {@code --source profile=glob} options, else the config's labelled sources. */
  static List<MinqingConfig.Source> sources(MinqingConfig cfg, List<String> given) {
    if (given == null || given.isEmpty()) {
      List<MinqingConfig.Source> s = Nightly.trainingSources(cfg, new TreeMap<>());
      if (s.isEmpty()) {
        throw new IllegalArgumentException("No labelled source: give --source PROFILE=FILE_OR_GLOB, or list them under classify.training in the config");
      }
      return s;
    }
    List<MinqingConfig.Source> out = new ArrayList<>();
    for (String g : given) {
      int eq = g.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--source must look like PROFILE=FILE_OR_GLOB (e.g. tipdm_labeled_full=../shared/datasets/tipdm2020c/labeled_full_fields.csv), got '" + g + "'");
      }
      out.add(new MinqingConfig.Source(g.substring(0, eq), List.of(Path.of(g.substring(eq + 1)).toAbsolutePath().normalize().toString())));
    }
    return out;
  }

  static Map<String, SourceProfile> profiles(MinqingConfig cfg, List<MinqingConfig.Source> sources) {
    Map<String, SourceProfile> m = new TreeMap<>();
    for (MinqingConfig.Source s : sources) {
      m.put(s.profile(), Profiles.load(s.profile(), cfg.profileDirs()));
    }
    return m;
  }

  static void write(Path file, String text) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  @Command(name = "train-classifier", mixinStandardHelpOptions = true,
      description = {"Train the 一级分类 classifier on labelled complaints: stratified k-fold cross-validation, then the final model,",
          "saved under classify.models (default <lake>/_models/classifier/<version>) and made CURRENT for later runs."})
  static final class Train implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = "--source", description = "Labelled input PROFILE=FILE_OR_GLOB (repeatable). Default: classify.training, else the config's sources with a label column.")
    List<String> source;

    @Option(names = "--report", description = "Also write the evaluation (Markdown: per-category precision/recall/F1, confusion matrix, calibration) here.")
    Path report;

    @Option(names = "--min-macro-f1", defaultValue = "0", description = "Exit 1 when the cross-validated macro-F1 is below this (default ${DEFAULT-VALUE}).")
    double min;

    @Override
    public Integer call() {
      MinqingConfig cfg = top.config(null, Map.of());
      List<MinqingConfig.Source> src = sources(cfg, source);
      ClassifierStore store = new ClassifierStore(cfg.classifierStore());
      long t0 = System.nanoTime();
      ClassifierTraining.Trained t = Nightly.trainAndSave(cfg, src, store);
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.println(t.report());
      System.out.printf(Locale.ROOT, "model %s saved in %s (CURRENT); %,d terms; features %.1f s, %d-fold CV %.1f s, final fit %.1f s, total %.1f s%n",
          t.model().version(), store.dir().resolve(t.model().version()), t.model().vocabularySize(), t.featureSeconds(), cfg.classifierParams().folds(), t.cvSeconds(),
          t.trainSeconds(), secs);
      if (report != null) {
        write(report, t.report());
      }
      return verdict(t.cv(), min);
    }
  }

  static int verdict(ClassificationMetrics m, double min) {
    if (m.macroF1() < min) {
      System.out.printf(Locale.ROOT, "macro-F1 %.4f is below the floor %.4f%n", m.macroF1(), min);
      return 1;
    }
    return 0;
  }

  @Command(name = "evaluate-classifier", mixinStandardHelpOptions = true,
      description = {"Score a trained classifier on labelled complaints it did not see (e.g. a held-out file): macro-F1, per-category",
          "precision/recall/F1, confusion matrix. With --cv instead: cross-validate the training settings on the labelled sources (no model saved)."})
  static final class Evaluate implements Callable<Integer> {
    @ParentCommand Minqing top;

    @Option(names = "--source", description = "Labelled input PROFILE=FILE_OR_GLOB (repeatable). Default: classify.training, else the config's sources with a label column.")
    List<String> source;

    @Option(names = "--model", description = "Model version (cls-...) or folder. Default: classify.model, else the store's CURRENT.")
    String model;

    @Option(names = "--cv", description = "Cross-validate on the sources instead of scoring a saved model.")
    boolean cv;

    @Option(names = "--report", description = "Write the evaluation as Markdown here.")
    Path report;

    @Option(names = "--predictions", description = "Write one CSV row per complaint: id, true and predicted category, confidence, runner-up (for error analysis; no text).")
    Path predictions;

    @Option(names = "--min-macro-f1", defaultValue = "0", description = "Exit 1 when macro-F1 is below this (default ${DEFAULT-VALUE}).")
    double min;

    @Override
    public Integer call() throws IOException {
      MinqingConfig cfg = top.config(null, Map.of());
      List<MinqingConfig.Source> src = sources(cfg, source);
      ClassifierTraining.Data data = ClassifierTraining.read(src, profiles(cfg, src), cfg.zone(), cfg.complainantKey());
      ComplaintAnalyzer analyzer = TokenizeJob.analyzerFor(cfg.userDictionaries());
      if (cv) {
        List<String> names = src.stream().map(s -> s.profile() + ":" + String.join(",", s.paths().stream().map(p -> Path.of(p).getFileName().toString()).toList())).toList();
        ClassifierTraining.Trained t = ClassifierTraining.train(data, names, analyzer, cfg.classifierParams(), cfg.reviewBelow());
        System.out.println(t.report());
        if (report != null) {
          write(report, t.report());
        }
        return verdict(t.cv(), min);
      }
      ClassifierModel m = new ClassifierStore(cfg.classifierStore()).load(model != null ? model : cfg.classifierModel());
      long t0 = System.nanoTime();
      List<ClassifierModel.Prediction> preds = data.examples().parallelStream()
          .map(x -> m.predict(x.title(), x.text(), ClassifierTraining.words(analyzer, x.title(), x.text()))).toList();
      double secs = (System.nanoTime() - t0) / 1e9;
      List<String> truth = data.examples().stream().map(ClassifierTraining.Labelled::label).toList();
      List<String> unknown = truth.stream().filter(l -> !m.classes().contains(l)).distinct().toList();
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("The labelled data has categories the model does not know: " + unknown + "; the model knows " + m.classes());
      }
      ClassificationMetrics metrics = ClassificationMetrics.of(m.classes(), truth, preds.stream().map(ClassifierModel.Prediction::top).toList());
      long review = preds.stream().filter(p -> p.confidence() < cfg.reviewBelow()).count();
      String text = "# Evaluation of " + m.version() + "\n\n" + String.format(Locale.ROOT, "%,d labelled complaints (%,d rows read, %,d duplicates skipped); segmentation and scoring %.1f s (%,.0f complaints/s).%n%n",
          data.examples().size(), data.rows(), data.duplicates(), secs, data.examples().size() / Math.max(secs, 1e-3))
          + metrics.markdown()
          + String.format(Locale.ROOT, "%nConfidence below %.2f (needs review): %.1f%%.%n", cfg.reviewBelow(), 100.0 * review / Math.max(1, preds.size()));
      System.out.println(text);
      if (report != null) {
        write(report, text);
      }
      if (predictions != null) {
        if (predictions.getParent() != null) {
          Files.createDirectories(predictions.getParent());
        }
        try (Writer w = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader("complaint_id", "category_given", "category", "confidence", "second_category", "second_confidence").build())) {
          for (int i = 0; i < preds.size(); i++) {
            var pr = preds.get(i);
            p.printRecord(data.examples().get(i).id(), truth.get(i), pr.top(), String.format(Locale.ROOT, "%.4f", pr.confidence()), pr.categories()[1],
                String.format(Locale.ROOT, "%.4f", pr.probabilities()[1]));
          }
        }
      }
      return verdict(metrics, min);
    }
  }
}
