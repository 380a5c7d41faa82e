package org.minqing.jobs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * JSON Lines: one object per line; blank lines are skipped. The header is the list of keys the
 * profile reads; a missing key or a JSON null is an empty value; nested values are kept as JSON.
 */
final class JsonlRecordSource implements RecordSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedReader reader;
  private final List<String> keys;
  private long line;
  private String nextLine;

  JsonlRecordSource(InputStream in, String encoding, List<String> keys) throws IOException {
    Encodings.Detected d = Encodings.detect(in, encoding);
    this.reader = new BufferedReader(new InputStreamReader(d.stream(), d.charset()), 1 << 16);
    this.keys = List.copyOf(keys);
    advance();
  }

  private void advance() {
    try {
      do {
        nextLine = reader.readLine();
        line++;
      } while (nextLine != null && nextLine.isBlank());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keys of the first line that is a JSON object (within the first 1,000 lines), or null if none is. */
  static List<String> firstObjectKeys(InputStream in, String encoding) throws IOException {
    Encodings.Detected d = Encodings.detect(in, encoding);
    BufferedReader r = new BufferedReader(new InputStreamReader(d.stream(), d.charset()), 1 << 16);
    String line;
    for (int n = 0; n < 1000 && (line = r.readLine()) != null; n++) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (node != null && node.isObject()) {
          List<String> keys = new java.util.ArrayList<>();
          node.fieldNames().forEachRemaining(keys::add);
          return keys;
        }
      } catch (JsonProcessingException e) {
        // a broken line is quarantined later; look at the next one
      }
    }
    return null;
  }

  @Override
  public List<String> header() {
    return keys;
  }

  @Override
  public boolean hasNext() {
    return nextLine != null;
  }

  @Override
  public RawRecord next() {
    if (nextLine == null) {
      throw new NoSuchElementException();
    }
    String s = nextLine;
    long at = line;
    advance();
    JsonNode n;
    try {
      n = JSON.readTree(s);
    } catch (JsonProcessingException e) {
      return RawRecord.broken(at, "Invalid JSON: " + e.getOriginalMessage() + " (each line must be one complete JSON object)", new String[0]);
    }
    if (n == null || !n.isObject()) {
      return RawRecord.broken(at, "Line is JSON but not an object; each line must be one {...} object", new String[0]);
    }
    String[] values = new String[keys.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = n.get(keys.get(i));
      values[i] = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }
    return RawRecord.ok(at, values);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
