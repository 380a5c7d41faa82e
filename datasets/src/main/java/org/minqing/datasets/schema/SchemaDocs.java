package org.minqing.datasets.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the table reference into {@code datasets/README.md} between the markers
 * {@value #BEGIN} and {@value #END}, from {@link Tables}. A test fails when the committed README
 * differs, so the docs cannot drift from the code. Run:
 * {@code java -cp datasets/target/classes org.minqing.datasets.schema.SchemaDocs datasets/README.md}.
 */
public final class SchemaDocs {
  public static final String BEGIN = "<!-- BEGIN GENERATED TABLES (SchemaDocs) -->";
  public static final String END = "<!-- END GENERATED TABLES -->";

  private SchemaDocs() {}

  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("Schema version **").append(Tables.SCHEMA_VERSION).append("** (a new table or a new nullable column bumps the minor version; a rename, a removal,")
        .append(" a type change or a change of meaning bumps the major version; 1.1 added classified, case_events, cases, cards, unit_scores). ");
    sb.append("Types are as Spark SQL and DuckDB show them; timestamps are instants shown in Asia/Shanghai.\n");
    for (Table t : Tables.all()) {
      sb.append("\n### `").append(t.name()).append("` — one row per ").append(t.oneRowPer()).append("\n\n");
      sb.append(t.doc()).append("\n\n");
      sb.append("Path: `<lake>/").append(t.name()).append('/');
      for (String p : t.partitionBy()) {
        sb.append(p).append("=…/");
      }
      sb.append("part-*.parquet`\n\n");
      sb.append("| column | type | null? | privacy | meaning |\n|---|---|---|---|---|\n");
      for (Column c : t.columns()) {
        sb.append("| `").append(c.name()).append("` | ").append(c.type().sqlName()).append(" | ")
            .append(c.nullable() ? "yes" : "no").append(" | ").append(c.privacy().name().toLowerCase().replace('_', ' '))
            .append(" | ").append(c.doc().replace("|", "\\|").replace("\n", " ")).append(" |\n");
      }
    }
    return sb.toString();
  }

  /** The README text with the generated part replaced. */
  public static String render(String readme) {
    int b = readme.indexOf(BEGIN);
    int e = readme.indexOf(END);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("README lacks the markers " + BEGIN + " ... " + END);
    }
    return readme.substring(0, b + BEGIN.length()) + "\n" + markdown() + readme.substring(e);
  }

  public static void main(String[] args) throws IOException {
    Path p = Path.of(args.length > 0 ? args[0] : "datasets/README.md");
    Files.writeString(p, render(Files.readString(p, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    System.out.println("updated " + p);
  }
}
