package org.minqing.jobs.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Routing rules: category + keywords + place (+ hour) → the department a complaint should go to
 * (责任单位). Rules are data, in a YAML file users edit (the shipped default is
 * {@code routing.yaml} next to this class); the first matching rule wins and is recorded.
 */
public final class Routing implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String DEFAULT_RESOURCE = "/org/minqing/jobs/classify/routing.yaml";

  /** One rule; null conditions are not checked. */
  public record Rule(String name, Set<String> categories, List<String> keywords, Pattern places, int fromHour, int toHour, String department)
      implements Serializable {
    boolean matches(Complaint c) {
      if (categories != null && !categories.contains(c.category())) {
        return false;
      }
      if (keywords != null && keywords.stream().noneMatch(k -> contains(c.title(), k) || contains(c.text(), k))) {
        return false;
      }
      if (places != null && c.places().stream().noneMatch(p -> p != null && places.matcher(p).find())) {
        return false;
      }
      if (fromHour >= 0) {
        if (c.hour() < 0) {
          return false;
        }
        boolean in = fromHour <= toHour ? c.hour() >= fromHour && c.hour() < toHour : c.hour() >= fromHour || c.hour() < toHour;
        if (!in) {
          return false;
        }
      }
      return true;
    }

    private static boolean contains(String s, String k) {
      return s != null && s.contains(k);
    }
  }

  /** What routing looks at. {@code hour} is −1 when the time is unknown. */
  public record Complaint(String category, String title, String text, String district, String township, List<String> places, int hour) {}

  /** The department, and the rule that chose it (both null when no rule matched). */
  public record Decision(String department, String rule) {}

  private final List<Rule> rules;
  private final String origin;
  private final String fingerprint;

  private Routing(List<Rule> rules, String origin, String fingerprint) {
    this.rules = List.copyOf(rules);
    this.origin = origin;
    this.fingerprint = fingerprint;
  }

  public List<Rule> rules() {
    return rules;
  }

  public String origin() {
    return origin;
  }

  /** A hash of the rules as parsed (comments and layout do not count): when it changes, every complaint is routed again. */
  public String fingerprint() {
    return fingerprint;
  }

  public Decision route(Complaint c) {
    for (Rule r : rules) {
      if (r.matches(c)) {
        return new Decision(fill(r.department(), c), r.name());
      }
    }
    return new Decision(null, null);
  }

  static String fill(String template, Complaint c) {
    String d = template.replace("{district}", c.district() == null ? "" : c.district());
    return d.replace("{township}", c.township() == null ? "" : c.township()).strip();
  }

  /** The rules file at {@code file}, or the shipped default when null. */
  public static Routing load(Path file) {
    if (file == null) {
      try (InputStream in = Routing.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "built-in routing.yaml");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read routing rules " + file + " (classify.routing_rules)", e);
    }
  }

  public static Routing parse(String yaml, String where) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("Routing rules " + where + " are not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    JsonNode list = root == null ? null : root.get("rules");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("Routing rules " + where + " need a top-level 'rules:' list");
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (JsonNode r : list) {
      String at = where + " rules[" + i + "]";
      String name = r.path("name").asText(null);
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(at + " has no name:");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException(at + ": the name '" + name + "' is used twice; names must be unique (they are recorded in classified.routing_rule)");
      }
      String dept = r.path("department").asText(null);
      if (dept == null || dept.isBlank()) {
        throw new IllegalArgumentException(at + " (" + name + ") has no department:");
      }
      for (var it = r.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!Set.of("name", "categories", "keywords", "places", "hours", "department").contains(f)) {
          throw new IllegalArgumentException(at + " (" + name + ") has unknown key '" + f + "'; expected name, categories, keywords, places, hours, department");
        }
      }
      Set<String> cats = r.has("categories") ? new HashSet<>(strings(r.get("categories"))) : null;
      List<String> kws = r.has("keywords") ? strings(r.get("keywords")) : null;
      Pattern places = null;
      if (r.has("places")) {
        try {
          places = Pattern.compile(r.get("places").asText());
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(at + " (" + name + "): places is not a valid regular expression: " + e.getDescription());
        }
      }
      int from = -1;
      int to = -1;
      if (r.has("hours")) {
        String h = r.get("hours").asText();
        var m = java.util.regex.Pattern.compile("^\\s*(\\d{1,2})\\s*-\\s*(\\d{1,2})\\s*$").matcher(h);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 24 || Integer.parseInt(m.group(2)) > 24) {
          throw new IllegalArgumentException(at + " (" + name + "): hours must look like \"22-6\" (from-to, 0-24), got '" + h + "'");
        }
        from = Integer.parseInt(m.group(1)) % 24;
        to = Integer.parseInt(m.group(2)) % 24;
      }
      rules.add(new Rule(name, cats, kws, places, from, to, dept));
      i++;
    }
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(list.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new Routing(rules, where, java.util.HexFormat.of().formatHex(h, 0, 8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(x -> out.add(x.asText()));
    } else {
      out.add(n.asText());
    }
    return out;
  }
}
