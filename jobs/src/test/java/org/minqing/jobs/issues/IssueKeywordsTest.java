package org.minqing.jobs.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IssueKeywordsTest {
  @Test
  void aTitleFeatureAmongTheMaskedOnesCountsOnceMore() {
    // masked features hold the title's words too; a title word counts twice, a place name of the
    // title (not among the masked features) not at all
    Map<String, Integer> tf = IssuesJob.termFrequencies(List.of("搅拌站", "粉尘", "搅拌站", "噪音"), List.of("丽发新城", "搅拌站", "搅拌站"));
    assertEquals(Map.of("搅拌站", 4, "粉尘", 1, "噪音", 1), tf);
  }

  @Test
  void sameCountsAsExplodingTheConcatenation() {
    // the Spark expression the function replaced: concat(masked, filter(title, x -> array_contains(masked, x)))
    List<String> masked = List.of("a", "b", "a", "c");
    List<String> title = List.of("a", "d", "c", "a");
    java.util.List<String> exploded = new java.util.ArrayList<>(masked);
    for (String t : title) {
      if (masked.contains(t)) {
        exploded.add(t);
      }
    }
    Map<String, Integer> expected = new java.util.HashMap<>();
    exploded.forEach(t -> expected.merge(t, 1, Integer::sum));
    assertEquals(expected, IssuesJob.termFrequencies(masked, title));
    assertEquals(Map.of(), IssuesJob.termFrequencies(List.of(), List.of("a")));
  }
}
