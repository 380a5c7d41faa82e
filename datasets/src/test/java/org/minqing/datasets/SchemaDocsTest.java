package org.minqing.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minqing.datasets.schema.Column;
import org.minqing.datasets.schema.ColumnType;
import org.minqing.datasets.schema.SchemaDocs;
import org.minqing.datasets.schema.Table;
import org.minqing.datasets.schema.Tables;

class SchemaDocsTest {
  @Test
  void committedReadmeDescribesTheSchemaInTheCode() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertEquals(SchemaDocs.render(readme), readme,
        "datasets/README.md is out of date: run java -cp datasets/target/classes org.minqing.datasets.schema.SchemaDocs datasets/README.md");
    for (var t : Tables.all()) {
      for (var c : t.columns()) {
        assertTrue(readme.contains("| `" + c.name() + "` |"), t.name() + "." + c.name());
      }
    }
  }

  @Test
  void tablesRefuseDuplicateColumnsAndUnknownPartitions() {
    var c = Column.required("a", ColumnType.STRING, "x");
    assertThrows(IllegalArgumentException.class, () -> new Table("t", "r", "d", List.of(c, c), List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Table("t", "r", "d", List.of(c), List.of("dt")));
    assertThrows(IllegalArgumentException.class, () -> Column.required("Bad Name", ColumnType.STRING, "x"));
  }

  @Test
  void piiColumnsAreMarked() {
    assertEquals("MASKED", Tables.COMPLAINTS.requireColumn(Tables.Complaints.TEXT).privacy().name());
    assertEquals("KEYED_HASH", Tables.COMPLAINTS.requireColumn(Tables.Complaints.COMPLAINANT_KEY).privacy().name());
    assertEquals("OPERATORS_ONLY", Tables.QUARANTINE.requireColumn(Tables.Quarantine.RAW).privacy().name());
  }
}
