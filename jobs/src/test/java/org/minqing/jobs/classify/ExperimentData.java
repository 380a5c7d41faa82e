package org.minqing.jobs.classify;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.minqing.jobs.config.MinqingConfig;
import org.minqing.jobs.ingest.Profiles;
import org.minqing.jobs.ingest.SourceProfile;
import org.minqing.jobs.pipeline.Nightly;
import org.minqing.nlp.ComplaintAnalyzer;

/**
 * The labelled complaints of a config's {@code classify.training} sources, read and featurized as
 * {@code train-classifier} does, for the classification experiments of this package.
 */
record ExperimentData(ClassifierTraining.Data data, ComplaintAnalyzer analyzer, List<Map<String, Integer>> docs, List<String> labels, String[] classes) {

  static ExperimentData load(String config) throws Exception {
    MinqingConfig cfg = MinqingConfig.load(Path.of(config), Map.of());
    List<MinqingConfig.Source> src = Nightly.trainingSources(cfg, new TreeMap<>());
    Map<String, SourceProfile> prof = new TreeMap<>();
    for (MinqingConfig.Source s : src) prof.put(s.profile(), Profiles.load(s.profile(), cfg.profileDirs()));
    ClassifierTraining.Data data = ClassifierTraining.read(src, prof, cfg.zone(), cfg.complainantKey());
    ComplaintAnalyzer an = org.minqing.jobs.nlp.TokenizeJob.analyzerFor(cfg.userDictionaries());
    List<Map<String, Integer>> docs = ClassifierTraining.featurize(data.examples(), an);
    List<String> labels = data.examples().stream().map(ClassifierTraining.Labelled::label).toList();
    return new ExperimentData(data, an, docs, labels, ClassifierTraining.classes(labels));
  }

  List<String> classList() {
    return Arrays.asList(classes);
  }

  /** Fold seeds from a comma-separated argument, or the default seed. */
  static long[] seeds(String[] args, int at) {
    return args.length > at ? Arrays.stream(args[at].split(",")).mapToLong(Long::parseLong).toArray() : new long[] {ClassifierTraining.Params.defaults().seed()};
  }

  /** One-vs-rest NB-SVM weights on the vocabulary of {@code td}, with the training settings {@code p}. */
  static double[][] trainFor(List<Map<String, Integer>> td, List<Integer> ty, int k, ClassifierTraining.Params p, long seed) {
    ClassifierModel vocab = ClassifierModel.untrained(td, p.minDf());
    LinearSvm.Example[] x = new LinearSvm.Example[td.size()];
    int[] y = new int[td.size()];
    for (int i = 0; i < x.length; i++) { x[i] = vocab.vectorize(td.get(i)); y[i] = ty.get(i); }
    return LinearSvm.trainOvr(x, y, k, vocab.vocabularySize(), p.c(), p.nbAlpha(), p.nbMix(), seed);
  }

  /** The score of every category for one complaint's term counts. */
  static double[] scoresOf(ClassifierModel vocab, double[][] w, Map<String, Integer> doc) {
    LinearSvm.Example e = vocab.vectorize(doc);
    int dims = vocab.vocabularySize();
    double[] s = new double[w.length];
    for (int c = 0; c < w.length; c++) s[c] = w[c][dims] + e.dot(w[c]);
    return s;
  }

  /** Macro-F1 of predicted category indexes against the labels, as the training report computes it. */
  static double f1(int[] pred, List<String> classes, List<String> labels) {
    return ClassificationMetrics.of(classes, labels, Arrays.stream(pred).mapToObj(classes::get).toList()).macroF1();
  }
}
