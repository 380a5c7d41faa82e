package org.minqing.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.minqing.datasets.schema.Tables;
import org.minqing.jobs.lake.Lake;

/**
 * {@code <lake>/_runs/<run-id>.json}: what a run read (files, checksums, rows read / accepted /
 * quarantined per file and reason), what each stage produced and how long it took, the config hash,
 * the schema and code versions. Times and durations differ between reruns; everything else is the
 * same for the same inputs and config.
 */
public final class RunManifest {
  private final Map<String, Object> doc = new LinkedHashMap<>();
  private final List<Map<String, Object>> stages = new ArrayList<>();

  public RunManifest(String runId, String runDate, String configHash) {
    doc.put("run_id", runId);
    doc.put("run_date", runDate);
    doc.put("started_at", Instant.now().toString());
    doc.put("code_version", codeVersion());
    doc.put("schema_version", Tables.SCHEMA_VERSION);
    doc.put("config_hash", configHash);
  }

  public static String codeVersion() {
    String v = RunManifest.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }

  public void put(String key, Object value) {
    doc.put(key, value);
  }

  public void stage(String name, Map<String, Object> facts) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("stage", name);
    s.putAll(facts);
    stages.add(s);
  }

  public Path write(Lake lake) {
    doc.put("finished_at", Instant.now().toString());
    doc.put("stages", stages);
    Path out = new Path(lake.runs(), doc.get("run_id") + ".json");
    try {
      lake.fs().mkdirs(lake.runs());
      try (OutputStream os = lake.fs().create(out, true)) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(os, doc);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the run manifest " + out, e);
    }
  }
}
