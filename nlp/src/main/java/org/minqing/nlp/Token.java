package org.minqing.nlp;

/** One segmented word with its part-of-speech tag (HanLP/PKU tag set: n, v, ns, nr, ...). Immutable. */
public record Token(String word, String pos) {
  @Override
  public String toString() {
    return word + "/" + pos;
  }
}
