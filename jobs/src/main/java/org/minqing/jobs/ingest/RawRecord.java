package org.minqing.jobs.ingest;

/**
 * One record as read from an export, before mapping: its 1-based line (CSV: the line the record
 * starts on; XLSX: the sheet row; JSONL: the line) and its values in header order, or the reason
 * the reader could not read it.
 */
public record RawRecord(long line, String[] values, String error) {
  public static RawRecord ok(long line, String[] values) {
    return new RawRecord(line, values, null);
  }

  public static RawRecord broken(long line, String error, String[] partial) {
    return new RawRecord(line, partial, error);
  }

  public boolean isBroken() {
    return error != null;
  }
}
