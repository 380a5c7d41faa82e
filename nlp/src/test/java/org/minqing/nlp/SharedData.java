package org.minqing.nlp;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads the shared real messages (../shared/datasets/tipdm2020c) for tests; never copied into the repo. */
final class SharedData {
  record Message(String id, String title, String text) {}

  private SharedData() {}

  static Path dir() {
    Path p = Path.of(System.getProperty("minqing.shared", "../../shared")).resolve("datasets/tipdm2020c").toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("The shared real data is missing at " + p + ": clone the project next to shared/ (see README)");
    }
    return p;
  }

  /** Messages of a file by 留言编号, normalised. */
  static Map<String, Message> messages(String file) throws IOException {
    Map<String, Message> out = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(dir().resolve(file));
        var p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      for (CSVRecord rec : p) {
        out.put(rec.get("留言编号"), new Message(rec.get("留言编号"), TextNormalizer.INSTANCE.normalize(rec.get("留言主题")), TextNormalizer.INSTANCE.normalize(rec.get("留言详情"))));
      }
    }
    return out;
  }

  static List<Message> list(String file) throws IOException {
    return new ArrayList<>(messages(file).values());
  }
}
