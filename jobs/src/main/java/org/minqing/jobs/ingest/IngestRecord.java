package org.minqing.jobs.ingest;

import java.time.Instant;
import org.minqing.datasets.schema.QuarantineReason;

/**
 * The outcome of mapping one input record: a canonical complaint, or a quarantine entry. Plain
 * data; the ingest job turns it into a Spark row.
 */
public final class IngestRecord {
  public final boolean accepted;
  // where it came from
  public final String source;
  public final String sourceFile;
  public final long sourceLine;
  // complaint fields (accepted only)
  public String complaintId;
  public String sourceId;
  public String channel;
  public Instant receivedAt;
  public String title;
  public String text;
  public String district;
  public String township;
  public String community;
  public String grid;
  public String estate;
  public String complainantKey;
  public Integer coSigners;
  public Integer likes;
  public Integer dislikes;
  public String categoryGiven;
  public String replyText;
  public Instant repliedAt;
  public String textHash;
  public String dt;
  // quarantine fields (rejected only)
  public QuarantineReason reason;
  public String column;
  public String message;
  public String raw;

  private IngestRecord(boolean accepted, String source, String sourceFile, long sourceLine) {
    this.accepted = accepted;
    this.source = source;
    this.sourceFile = sourceFile;
    this.sourceLine = sourceLine;
  }

  static IngestRecord accepted(String source, String file, long line) {
    return new IngestRecord(true, source, file, line);
  }

  static IngestRecord rejected(String source, String file, long line, QuarantineReason reason, String column, String message, String raw) {
    IngestRecord r = new IngestRecord(false, source, file, line);
    r.reason = reason;
    r.column = column;
    r.message = message;
    r.raw = raw;
    return r;
  }

  @Override
  public String toString() {
    return accepted
        ? "Complaint[" + complaintId + " " + receivedAt + " " + text + "]"
        : "Quarantined[" + sourceFile + ":" + sourceLine + " " + reason + " " + message + "]";
  }
}
