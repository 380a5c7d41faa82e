package org.minqing.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilesTest {
  @Test
  void everyShippedProfileLoads() {
    for (String n : Profiles.SHIPPED) {
      SourceProfile p = Profiles.load(n, List.of());
      assertEquals(n, p.name());
      assertTrue(p.columns().containsKey(Field.TEXT), n);
    }
  }

  @Test
  void labeledFullIdCombinesSourceAndNumberBecauseIdsRepeatAcrossSources() {
    SourceProfile p = Profiles.load("tipdm_labeled_full", List.of());
    assertEquals(List.of("来源", "留言编号"), p.columns().get(Field.SOURCE_ID));
  }

  @Test
  void textOnlyProfileIsUndatedWithContentIds() {
    SourceProfile p = Profiles.load("tipdm_labeled_text", List.of());
    assertTrue(p.undated());
    assertTrue(p.idFromContent());
    assertFalse(p.columns().containsKey(Field.RECEIVED_AT));
  }

  @Test
  void unknownFieldIsNamedWithTheAllowedOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Profiles.parse("name: x\nchannel: web\ncolumns: {txt: 内容}\n", "x.yaml"));
    assertTrue(e.getMessage().contains("unknown field 'txt'"), e.getMessage());
    assertTrue(e.getMessage().contains("received_at"), e.getMessage());
  }

  @Test
  void missingTimeMappingNeedsUndated() {
    var e = assertThrows(IllegalArgumentException.class, () -> Profiles.parse("name: x\nchannel: web\ncolumns: {text: 内容, source_id: 编号}\n", "x.yaml"));
    assertTrue(e.getMessage().contains("undated: true"), e.getMessage());
  }

  @Test
  void badChannelIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Profiles.parse("name: x\nchannel: fax\nundated: true\ncolumns: {text: 内容, source_id: 编号}\n", "x.yaml"));
    assertTrue(e.getMessage().contains("hotline"), e.getMessage());
  }

  @Test
  void unknownProfileNameListsShippedOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Profiles.load("nope", List.of()));
    assertTrue(e.getMessage().contains("tipdm_fj3"), e.getMessage());
  }

  @Test
  void formatFromExtension() {
    SourceProfile p = Profiles.load("tipdm_fj3", List.of());
    assertEquals("xlsx", p.formatFor("附件3.xlsx"));
    assertEquals("csv", p.formatFor("a.CSV"));
    assertEquals("jsonl", p.formatFor("a.jsonl"));
    assertThrows(IllegalArgumentException.class, () -> p.formatFor("a.pdf"));
  }
}
