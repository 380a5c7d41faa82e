package org.minqing.nlp.bench;

import com.hankcs.hanlp.seg.Viterbi.ViterbiSegment;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.minqing.nlp.ComplaintAnalyzer;
import org.minqing.nlp.Keywords;
import org.minqing.nlp.SimHash;
import org.minqing.nlp.TextNormalizer;

/**
 * Single-thread throughput of the per-complaint NLP work on every message of the shared 泰迪杯 data
 * (title + body of all five files): chars/s of each step and of the whole, median of 5 rounds after
 * a warm-up round. Run by {@code scripts/bench-nlp}; prints a table.
 */
public final class NlpBenchmark {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/datasets/tipdm2020c");
    List<String[]> raw = new ArrayList<>();
    for (String f : new String[] {"messages_votes_fj3.csv", "messages_replies_fj4.csv", "messages_unlabeled_testset.csv", "labeled_full_fields.csv", "labeled_text_only.csv"}) {
      try (Reader r = Files.newBufferedReader(dir.resolve(f)); var p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
        boolean textOnly = p.getHeaderNames().contains("留言文本");
        for (CSVRecord rec : p) {
          raw.add(textOnly ? new String[] {"", rec.get("留言文本")} : new String[] {rec.get("留言主题"), rec.get("留言详情")});
        }
      }
    }
    long chars = raw.stream().mapToLong(x -> x[0].length() + x[1].length()).sum();
    System.out.printf("corpus: %,d messages, %,d chars (all five files of %s)%n", raw.size(), chars, dir.getFileName());
    long t0 = System.nanoTime();
    ComplaintAnalyzer a = ComplaintAnalyzer.shared();
    System.out.printf("analyzer built (dictionaries + self-check) in %.2f s%n", (System.nanoTime() - t0) / 1e9);
    ViterbiSegment bare = new ViterbiSegment();
    bare.enableMultithreading(false);

    String[][] norm = new String[raw.size()][];
    List<ComplaintAnalyzer.Analysis> analyses = new ArrayList<>();
    Map<String, Long> df = new HashMap<>();
    String[] steps = {"HanLP ViterbiSegment alone (default config)", "normalise", "segment (+ domain terms, codes)", "analyze (segment + places + features + simhash)",
        "  of which simhash", "keywords (TF-IDF top 8)", "FULL: normalise + analyze + keywords"};
    double[][] rate = new double[steps.length][5];
    for (int round = -1; round < 5; round++) {
      long s0 = System.nanoTime();
      for (String[] m : raw) {
        bare.seg(m[0] + "\n" + m[1]);
      }
      long s1 = System.nanoTime();
      for (int i = 0; i < raw.size(); i++) {
        norm[i] = new String[] {TextNormalizer.INSTANCE.normalize(raw.get(i)[0]), TextNormalizer.INSTANCE.normalize(raw.get(i)[1])};
      }
      long s2 = System.nanoTime();
      for (String[] m : norm) {
        a.segment(m[0]);
        a.segment(m[1]);
      }
      long s3 = System.nanoTime();
      analyses.clear();
      for (String[] m : norm) {
        analyses.add(a.analyze(m[0], m[1]));
      }
      long s4 = System.nanoTime();
      for (String[] m : norm) {
        SimHash.of(m[0] + "\n" + m[1]);
      }
      long s5 = System.nanoTime();
      if (df.isEmpty()) {
        for (var x : analyses) {
          for (String w : new HashSet<>(x.features())) {
            df.merge(w, 1L, Long::sum);
          }
        }
      }
      long s6 = System.nanoTime();
      for (var x : analyses) {
        Keywords.top(x.features(), x.titleFeatures(), w -> df.getOrDefault(w, 0L), analyses.size(), 8);
      }
      long s7 = System.nanoTime();
      if (round < 0) {
        continue; // warm-up
      }
      long[] ns = {s1 - s0, s2 - s1, s3 - s2, s4 - s3, s5 - s4, s7 - s6, (s2 - s1) + (s4 - s3) + (s7 - s6)};
      for (int k = 0; k < steps.length; k++) {
        rate[k][round] = chars / (ns[k] / 1e9);
      }
    }
    System.out.printf("%-52s %14s%n", "step (one thread)", "chars/s (median)");
    double full = 0;
    double barePerSec = 0;
    for (int k = 0; k < steps.length; k++) {
      double[] r = rate[k].clone();
      Arrays.sort(r);
      System.out.printf("%-52s %,14.0f%n", steps[k], r[2]);
      if (k == 0) {
        barePerSec = r[2];
      }
      if (k == steps.length - 1) {
        full = r[2];
      }
    }
    System.out.printf("full processing takes %.2fx the bare segmenter's time; per complaint: %.2f ms%n", barePerSec / full, 1000.0 * chars / full / raw.size());
  }
}
