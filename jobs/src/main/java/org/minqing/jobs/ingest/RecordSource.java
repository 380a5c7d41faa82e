package org.minqing.jobs.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

/**
 * The records of one export file, streamed. {@link #header()} names the values of each record.
 * Not thread-safe; one per file.
 */
public interface RecordSource extends Iterator<RawRecord>, Closeable {
  List<String> header();

  /** Opens {@code in} (closed with the source) in the given format. */
  static RecordSource open(String format, InputStream in, String fileName, SourceProfile profile) throws IOException {
    return open(format, in, fileName, profile.encoding(), profile.sourceColumns());
  }

  /** Opens {@code in} given its format (csv/xlsx/jsonl), encoding (auto/utf-8/gbk) and, for JSON Lines, the keys to read in order. */
  static RecordSource open(String format, InputStream in, String fileName, String encoding, List<String> jsonKeys) throws IOException {
    return switch (format) {
      case "csv" -> new CsvRecordSource(in, encoding, fileName);
      case "xlsx" -> new XlsxRecordSource(in, fileName);
      case "jsonl" -> new JsonlRecordSource(in, encoding, jsonKeys);
      default -> throw new IllegalArgumentException("Unknown format " + format);
    };
  }
}
