package org.minqing.nlp;

import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.CoreDictionaryTransformMatrixDictionary;
import com.hankcs.hanlp.dictionary.TransformMatrix;
import com.hankcs.hanlp.seg.Viterbi.ViterbiSegment;
import com.hankcs.hanlp.seg.common.Term;
import com.hankcs.hanlp.seg.common.Vertex;
import com.hankcs.hanlp.seg.common.WordNet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;

/**
 * HanLP's Viterbi segmenter with part-of-speech tagging that costs what it should.
 *
 * <p>In HanLP portable 1.8.6 every POS-tagged {@code seg} call rebuilds the shared part-of-speech
 * transition matrix: {@code Viterbi.compute} extends it whenever the number of natures (148) differs
 * from its {@code states} array (107, the natures of the matrix file), and {@code extend} never
 * updates {@code states}, so the check fails on every call. Each call allocates two 148 × 148 tables
 * (about 260 KB): 49 µs per call, whatever the length of the text, against 1–2 µs for the segmentation
 * of a short phrase. Minqing makes tens of thousands of short calls per 10,000 complaints (titles,
 * the gaps around forced domain terms), so this was about a quarter of its NLP time.
 *
 * <p>This segmenter does what {@link ViterbiSegment} does for Minqing's configuration (custom
 * dictionary, POS tagging, no named-entity recognition, no index mode, no number-quantifier merging),
 * in the same order with the same arithmetic, and tags parts of speech with the same decoding as
 * HanLP, reading the shared matrix without extending it. The output is the same word for word and tag
 * for tag (checked over all 12,910 shared messages, see docs/measurements.md, NLP). Any other configuration, or a
 * nature the matrix does not cover yet (a new one created after HanLP last extended it), falls back to
 * HanLP's own code. HanLP's global state is only read, never written.
 */
final class TaggingSegment extends ViterbiSegment {
  @Override
  protected List<Term> segSentence(char[] sentence) {
    if (!config.speechTagging || config.ner || config.indexMode > 0 || config.numberQuantifierRecognize) {
      return super.segSentence(sentence);
    }
    WordNet lattice = new WordNet(sentence);
    generateWordNet(lattice);
    List<Vertex> path = shortestPath(lattice);
    if (config.useCustomDictionary) {
      combineByCustomDictionary(path, customDictionary.dat); // combines in place
    }
    if (!tag(path, CoreDictionaryTransformMatrixDictionary.transformMatrixDictionary)) {
      speechTagging(path);
    }
    return convert(path, config.offset);
  }

  /** The cheapest path through the word lattice (HanLP's bigram costs, its tie-breaking in {@link Vertex#updateFrom}). */
  private static List<Vertex> shortestPath(WordNet lattice) {
    LinkedList<Vertex>[] at = lattice.getVertexes();
    Vertex begin = at[0].getFirst();
    for (Vertex v : at[1]) {
      v.updateFrom(begin);
    }
    for (int i = 1; i < at.length - 1; i++) {
      if (at[i] == null) {
        continue;
      }
      for (Vertex v : at[i]) {
        if (v.from != null) {
          for (Vertex next : at[i + v.realWord.length()]) {
            next.updateFrom(v);
          }
        }
      }
    }
    List<Vertex> path = new ArrayList<>();
    for (Vertex v = at[at.length - 1].getFirst(); v != null; v = v.from) {
      path.add(v);
    }
    Collections.reverse(path);
    return path;
  }

  /**
   * HanLP's part-of-speech decoding over the path (first vertex is the begin marker, last the end
   * marker): for each word, the cost of each of its natures is the best cost over the previous word's
   * natures plus the transition, minus the log of the nature's emission share; the previous word gets
   * the nature that led to the cheapest entry of this line. False, with nothing changed, when a nature
   * lies outside the shared matrix (HanLP's code then extends it).
   */
  private static boolean tag(List<Vertex> path, TransformMatrix matrix) {
    double[][] trans = matrix.transititon_probability;
    for (Vertex v : path) {
      for (Nature n : v.attribute.nature) {
        if (n.ordinal() >= trans.length) { // the matrix is square: natures × natures
          return false;
        }
      }
    }
    int words = path.size() - 1;
    Vertex[] v = path.toArray(new Vertex[0]);
    Nature chosen = v[0].attribute.nature[0];
    double[] before = emissionPlus(v[1].attribute, matrix, trans[chosen.ordinal()]);
    for (int i = 2; i <= words; i++) {
      CoreDictionary.Attribute cur = v[i].attribute;
      Nature[] previous = v[i - 1].attribute.nature;
      double[] line = new double[cur.nature.length];
      double best = Double.MAX_VALUE;
      for (int k = 0; k < cur.nature.length; k++) {
        Nature n = cur.nature[k];
        double emission = Math.log((cur.frequency[k] + 1e-8) / matrix.getTotalFrequency(n.ordinal()));
        line[k] = Double.MAX_VALUE;
        for (int j = 0; j < previous.length; j++) {
          double c = before[j] + trans[previous[j].ordinal()][n.ordinal()] - emission;
          if (c < line[k]) {
            line[k] = c;
            if (c < best) {
              best = c;
              chosen = previous[j];
            }
          }
        }
      }
      v[i - 1].confirmNature(chosen);
      before = line;
    }
    return true;
  }

  /** Costs of the natures of the first word after the begin marker: transition from the begin nature minus log emission. */
  private static double[] emissionPlus(CoreDictionary.Attribute a, TransformMatrix matrix, double[] fromBegin) {
    double[] c = new double[a.nature.length];
    for (int k = 0; k < c.length; k++) {
      c[k] = fromBegin[a.nature[k].ordinal()] - Math.log((a.frequency[k] + 1e-8) / matrix.getTotalFrequency(a.nature[k].ordinal()));
    }
    return c;
  }
}
