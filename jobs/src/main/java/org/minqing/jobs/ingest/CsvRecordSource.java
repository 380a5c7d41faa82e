package org.minqing.jobs.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * RFC 4180 CSV through Commons CSV: quoted fields with embedded line breaks, doubled quotes, CRLF
 * or LF, blank lines skipped. The first record is the header (names trimmed, BOM removed).
 *
 * <p>A record with a different number of fields than the header is returned broken; broken quoting
 * (for example an unterminated quoted field) makes the rest of the file unreadable, so one broken
 * record names the line and the file ends there.
 */
final class CsvRecordSource implements RecordSource {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

  private final CSVParser parser;
  private final Iterator<CSVRecord> it;
  private final List<String> header;
  private final String fileName;
  private long lastEndLine;
  private boolean dead;
  private RuntimeException pending;

  CsvRecordSource(InputStream in, String encoding, String fileName) throws IOException {
    this.fileName = fileName;
    Encodings.Detected d = Encodings.detect(in, encoding);
    this.parser = CSVParser.builder().setReader(new BufferedReader(new InputStreamReader(d.stream(), d.charset()), 1 << 16)).setFormat(FORMAT).get();
    this.it = parser.iterator();
    if (!it.hasNext()) {
      throw new IllegalArgumentException("CSV file " + fileName + " is empty: expected a header row");
    }
    CSVRecord h = it.next();
    List<String> names = new ArrayList<>();
    for (String s : h) {
      names.add(s == null ? "" : s.replace("\uFEFF", "").strip());
    }
    this.header = List.copyOf(names);
    this.lastEndLine = parser.getCurrentLineNumber();
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public boolean hasNext() {
    if (dead) {
      return false;
    }
    if (pending != null) {
      return true;
    }
    try {
      return it.hasNext();
    } catch (UncheckedIOException | IllegalStateException e) {
      pending = e; // Commons CSV reads ahead: a parse error surfaces here; next() reports it
      return true;
    }
  }

  @Override
  public RawRecord next() {
    if (dead) {
      throw new NoSuchElementException();
    }
    long start = lastEndLine + 1;
    CSVRecord r;
    try {
      if (pending != null) {
        throw pending;
      }
      r = it.next();
    } catch (UncheckedIOException | IllegalStateException e) {
      dead = true;
      String msg = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      return RawRecord.broken(start, "CSV parse error from line " + start + " of " + fileName + " (the rest of the file cannot be read): "
          + msg + ". Fix the quoting of that record: a field containing commas, quotes or line breaks must be enclosed in double quotes, with inner quotes doubled.", new String[0]);
    }
    lastEndLine = parser.getCurrentLineNumber();
    String[] values = r.values();
    if (values.length != header.size()) {
      return RawRecord.broken(start, "Record has " + values.length + " fields but the header has " + header.size()
          + "; check for an unquoted comma or a missing field", values);
    }
    return RawRecord.ok(start, values);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
