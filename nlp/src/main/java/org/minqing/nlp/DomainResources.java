package org.minqing.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The domain dictionary, concept table and stop words: the shipped resources under
 * {@code org/minqing/nlp/dict/} plus any user dictionary files. Immutable once loaded.
 */
public final class DomainResources {
  private static final String DIR = "org/minqing/nlp/dict/";

  /** term → POS tag, in file order. */
  final Map<String, String> terms;
  /** variant → concept. */
  final Map<String, String> concepts;
  final Set<String> stopWords;

  private DomainResources(Map<String, String> terms, Map<String, String> concepts, Set<String> stopWords) {
    this.terms = Map.copyOf(terms);
    this.concepts = Map.copyOf(concepts);
    this.stopWords = Set.copyOf(stopWords);
  }

  /** The shipped resources plus {@code userDictionaries} (same format as {@code domain.txt}). */
  public static DomainResources load(List<Path> userDictionaries) {
    Map<String, String> terms = new LinkedHashMap<>();
    readTerms(resource("domain.txt"), "domain.txt", terms);
    for (Path p : userDictionaries) {
      try (InputStream in = Files.newInputStream(p)) {
        readTerms(in, p.toString(), terms);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read user dictionary " + p, e);
      }
    }
    Map<String, String> concepts = new HashMap<>();
    for (String line : lines(resource("synonyms.txt"))) {
      String[] parts = line.split("\t", 2);
      if (parts.length != 2) {
        throw new IllegalStateException("synonyms.txt: expected CONCEPT<TAB>variants, got '" + line + "'");
      }
      concepts.put(parts[0].strip(), parts[0].strip());
      for (String v : parts[1].strip().split("\\s+")) {
        concepts.put(v, parts[0].strip());
      }
    }
    Set<String> stop = new HashSet<>();
    for (String line : lines(resource("stopwords.txt"))) {
      for (String w : line.split("\\s+")) {
        if (!w.isEmpty()) {
          stop.add(w);
        }
      }
    }
    return new DomainResources(terms, concepts, stop);
  }

  public int termCount() {
    return terms.size();
  }

  public boolean isStopWord(String w) {
    return stopWords.contains(w);
  }

  /** The concept a term stands for (房本 → 房产证), or the term itself. */
  public String concept(String w) {
    return concepts.getOrDefault(w, w);
  }

  private static InputStream resource(String name) {
    InputStream in = DomainResources.class.getClassLoader().getResourceAsStream(DIR + name);
    if (in == null) {
      throw new IllegalStateException("Resource " + DIR + name + " is missing from the classpath (broken build?)");
    }
    return in;
  }

  private static List<String> lines(InputStream in) {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          out.add(s);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void readTerms(InputStream in, String where, Map<String, String> into) {
    int n = 0;
    for (String line : lines(in)) {
      n++;
      String[] f = line.split("\\s+");
      if (f.length > 2) {
        throw new IllegalArgumentException("Dictionary " + where + " line '" + line + "': expected TERM [POS]");
      }
      into.put(f[0], f.length == 2 ? f[1] : "n");
    }
    if (n == 0) {
      throw new IllegalArgumentException("Dictionary " + where + " has no terms");
    }
  }
}
