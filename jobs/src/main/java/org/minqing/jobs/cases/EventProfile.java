package org.minqing.jobs.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.minqing.jobs.ingest.Profiles;

/**
 * How one system exports handling events (a profile with {@code kind: case_events}): which column
 * holds the case id, the event, its time, level, unit and 回访 satisfaction, and what the system's
 * event names mean.
 */
public record EventProfile(String name, String encoding, String format, ZoneId zone, List<String> timeFormats, Map<String, String> columns,
    Map<String, String> eventValues, String caseIdPrefix) implements Serializable {

  public static final List<String> FIELDS = List.of("case_id", "event", "time", "level", "unit", "satisfaction");
  public static final List<String> EVENTS = List.of("received", "assigned", "escalated", "transferred", "closed", "visited");
  public static final Map<String, String> DEFAULT_EVENT_VALUES = Map.of("受理", "received", "交办", "assigned", "上报", "escalated", "转办", "transferred", "办结", "closed", "回访", "visited");
  public static final Map<String, String> SATISFACTION_VALUES =
      Map.of("满意", "satisfied", "基本满意", "basically_satisfied", "不满意", "dissatisfied", "satisfied", "satisfied", "basically_satisfied", "basically_satisfied", "dissatisfied",
          "dissatisfied");
  private static final Set<String> KEYS = Set.of("name", "kind", "description", "encoding", "format", "timezone", "time_formats", "columns", "event_values", "case_id_prefix");

  /** The canonical event for a source value, or null when unknown. */
  public String event(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    String e = eventValues.get(v);
    if (e == null) {
      e = DEFAULT_EVENT_VALUES.get(v);
    }
    if (e == null && EVENTS.contains(v.toLowerCase(Locale.ROOT))) {
      e = v.toLowerCase(Locale.ROOT);
    }
    return e;
  }

  public String formatFor(String fileName) {
    return org.minqing.jobs.ingest.SourceProfile.formatFor(format, fileName, "event profile " + name);
  }

  public static EventProfile load(String nameOrPath, List<Path> dirs) {
    if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
      try {
        return parse(Files.readString(Path.of(nameOrPath)), nameOrPath);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read event profile " + nameOrPath, e);
      }
    }
    for (Path d : dirs) {
      Path f = d.resolve(nameOrPath + ".yaml");
      if (Files.isRegularFile(f)) {
        try {
          return parse(Files.readString(f), f.toString());
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read event profile " + f, e);
        }
      }
    }
    try (InputStream in = EventProfile.class.getClassLoader().getResourceAsStream(Profiles.RESOURCE_DIR + nameOrPath + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException("No event profile '" + nameOrPath + "': not a .yaml path, not in " + dirs + ", not shipped (demo_case_events is)");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "shipped profile " + nameOrPath);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static EventProfile parse(String yaml, String where) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("Event profile " + where + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !"case_events".equals(root.path("kind").asText(null))) {
      throw new IllegalArgumentException("Profile " + where + " is not an event profile: it needs 'kind: case_events'");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("Event profile " + where + " has unknown key '" + k + "', expected one of " + new java.util.TreeSet<>(KEYS));
      }
    }
    String name = root.path("name").asText(null);
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("Event profile " + where + " needs a snake_case 'name:'");
    }
    Map<String, String> cols = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("columns").fields(); it.hasNext(); ) {
      var e = it.next();
      if (!FIELDS.contains(e.getKey())) {
        throw new IllegalArgumentException("Event profile " + where + " maps unknown field '" + e.getKey() + "', expected one of " + FIELDS);
      }
      cols.put(e.getKey(), e.getValue().asText());
    }
    for (String must : List.of("case_id", "event", "time")) {
      if (!cols.containsKey(must)) {
        throw new IllegalArgumentException("Event profile " + where + " must map '" + must + "' under columns:");
      }
    }
    Map<String, String> ev = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("event_values").fields(); it.hasNext(); ) {
      var e = it.next();
      if (!EVENTS.contains(e.getValue().asText())) {
        throw new IllegalArgumentException("Event profile " + where + ": event_values maps '" + e.getKey() + "' to '" + e.getValue().asText() + "', expected one of " + EVENTS);
      }
      ev.put(e.getKey(), e.getValue().asText());
    }
    List<String> tf = new ArrayList<>();
    root.path("time_formats").forEach(x -> tf.add(x.asText()));
    if (tf.isEmpty()) {
      tf.add("yyyy-MM-dd HH:mm:ss");
    }
    return new EventProfile(name, root.path("encoding").asText("auto").toLowerCase(Locale.ROOT), root.path("format").asText("auto").toLowerCase(Locale.ROOT),
        ZoneId.of(root.path("timezone").asText("Asia/Shanghai")), List.copyOf(tf), Map.copyOf(cols), Map.copyOf(ev), root.path("case_id_prefix").asText(""));
  }
}
