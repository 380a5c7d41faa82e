package org.minqing.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds and parses source profiles. A profile is named either by a path to a YAML file, or by name:
 * then {@code <dir>/<name>.yaml} in the configured profile folders, then the profiles shipped in
 * the {@code datasets} module ({@link #SHIPPED}).
 */
public final class Profiles {
  /** Profiles that ship with Minqing. */
  public static final List<String> SHIPPED =
      List.of("tipdm_fj3", "tipdm_fj4", "tipdm_testset", "tipdm_labeled_full", "tipdm_labeled_text", "demo_hotline", "demo_web", "demo_wechat");

  public static final String RESOURCE_DIR = "org/minqing/datasets/profiles/";
  private static final Set<String> KEYS =
      Set.of("name", "description", "channel", "format", "encoding", "timezone", "time_formats", "columns", "channel_values", "id", "undated");

  private Profiles() {}

  public static SourceProfile load(String nameOrPath, List<Path> dirs) {
    Path asPath = Path.of(nameOrPath);
    if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
      if (!Files.isRegularFile(asPath)) {
        throw new IllegalArgumentException("Profile file " + asPath.toAbsolutePath() + " does not exist");
      }
      return parse(read(asPath), asPath.toString());
    }
    for (Path d : dirs) {
      Path f = d.resolve(nameOrPath + ".yaml");
      if (Files.isRegularFile(f)) {
        return parse(read(f), f.toString());
      }
    }
    try (InputStream in = Profiles.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + nameOrPath + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException(
            "No source profile '" + nameOrPath + "': not a .yaml path, not in " + dirs + ", and not one of the shipped profiles " + SHIPPED);
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "shipped profile " + nameOrPath);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read shipped profile " + nameOrPath, e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read profile " + f, e);
    }
  }

  /** Parses profile YAML; {@code where} names the file in error messages. */
  public static SourceProfile parse(String yaml, String where) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("Profile " + where + " is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Profile " + where + " must be a YAML mapping with name:, columns: ...");
    }
    if ("case_events".equals(text(root, "kind"))) {
      throw new IllegalArgumentException("Profile " + where + " describes handling events (kind: case_events): list it under cases.events in the config, not under sources");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("Profile " + where + " has unknown key '" + k + "', expected one of " + new java.util.TreeSet<>(KEYS));
      }
    }
    String name = text(root, "name");
    if (name == null) {
      throw new IllegalArgumentException("Profile " + where + " has no 'name:'");
    }
    Map<Field, List<String>> cols = new EnumMap<>(Field.class);
    JsonNode c = root.get("columns");
    if (c == null || !c.isObject()) {
      throw new IllegalArgumentException("Profile " + where + " needs a 'columns:' mapping of canonical fields " + Field.keys() + " to source columns");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
      var e = it.next();
      Field f = Field.ofKey(e.getKey(), name);
      List<String> srcCols = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(n -> srcCols.add(n.asText()));
      } else if (!e.getValue().isNull()) {
        srcCols.add(e.getValue().asText());
      }
      if (!srcCols.isEmpty()) {
        cols.put(f, List.copyOf(srcCols));
      }
    }
    List<String> formats = new ArrayList<>();
    JsonNode tf = root.get("time_formats");
    if (tf != null) {
      if (tf.isArray()) {
        tf.forEach(n -> formats.add(n.asText()));
      } else {
        formats.add(tf.asText());
      }
    }
    for (String p : formats) {
      try {
        DateTimeFormatter.ofPattern(p);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Profile " + where + ": time format '" + p + "' is not a valid java.time pattern: " + e.getMessage(), e);
      }
    }
    Map<String, String> cv = new LinkedHashMap<>();
    JsonNode cvn = root.get("channel_values");
    if (cvn != null) {
      cvn.fields().forEachRemaining(e -> cv.put(e.getKey(), e.getValue().asText()));
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(text(root, "timezone") == null ? "Asia/Shanghai" : text(root, "timezone"));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Profile " + where + ": unknown timezone '" + text(root, "timezone") + "', e.g. Asia/Shanghai", e);
    }
    String id = text(root, "id");
    if (id != null && !id.equals("content_hash")) {
      throw new IllegalArgumentException("Profile " + where + ": 'id:' can only be content_hash, got '" + id + "'");
    }
    return new SourceProfile(
        name,
        text(root, "description"),
        text(root, "channel"),
        text(root, "format"),
        text(root, "encoding"),
        zone,
        formats,
        cols,
        cv,
        id != null,
        root.path("undated").asBoolean(false));
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }
}
