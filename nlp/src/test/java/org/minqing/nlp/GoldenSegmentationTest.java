package org.minqing.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 125 real message titles from 附件3 and 附件4 with reviewed expectations (golden/titles.tsv): the
 * domain terms they contain must come out as single tokens, and the places a person marked as
 * right must be found. The titles themselves are read from ../shared.
 */
class GoldenSegmentationTest {
  @Test
  void domainTermsStayWholeAndReviewedPlacesAreFound() throws Exception {
    Map<String, Map<String, SharedData.Message>> files = new HashMap<>();
    List<String> failures = new ArrayList<>();
    int rows = 0;
    int terms = 0;
    int places = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(getClass().getResourceAsStream("/golden/titles.tsv"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        var msgs = files.computeIfAbsent(f[0], k -> {
          try {
            return SharedData.messages(k);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        SharedData.Message m = msgs.get(f[1]);
        assertTrue(m != null, "message " + f[1] + " not in " + f[0]);
        var a = ComplaintAnalyzer.shared().analyze(m.title(), "");
        List<String> words = a.tokens().stream().map(Token::word).toList();
        for (String t : f[2].split("\\|")) {
          terms++;
          if (!words.contains(t)) {
            failures.add(f[1] + ": '" + t + "' not a token in " + words);
          }
        }
        for (String p : f[3].isEmpty() ? new String[0] : f[3].split("\\|")) {
          places++;
          if (!a.places().contains(p)) {
            failures.add(f[1] + ": place '" + p + "' not in " + a.places());
          }
        }
        rows++;
      }
    }
    assertTrue(rows >= 100, "golden rows: " + rows);
    assertTrue(terms >= 150 && places >= 150, terms + " terms, " + places + " places");
    assertEquals(List.of(), failures);
  }
}
