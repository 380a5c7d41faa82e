package org.minqing.datasets.schema;

import java.util.Arrays;
import java.util.List;

/** Why an input row went to quarantine. The code is stored; the message says the specifics. */
public enum QuarantineReason {
  /** The parser could not read the record (broken quoting, invalid JSON, wrong field count). */
  UNPARSEABLE_ROW,
  /** A required field (id, time, text) is missing or blank. */
  MISSING_FIELD,
  /** A time value does not match the profile's time format. */
  BAD_TIMESTAMP,
  /** A number column (likes, co-signers) holds something that is not a non-negative integer. */
  BAD_NUMBER,
  /** After normalisation the text is empty. */
  EMPTY_TEXT,
  /** The bytes were not valid in the file's encoding (replacement characters appeared). */
  ENCODING_ERROR,
  /** A later export of the same complaint id replaced this row (last export wins). */
  SUPERSEDED_DUPLICATE,
  /** A value is present but not allowed (e.g. a reply dated before the complaint, an unknown event type). */
  BAD_VALUE,
  /** A handling event repeats another of the same case exactly (same event, time, level and unit). */
  DUPLICATE_EVENT,
  /** A case's 办结 (close) is dated before its 受理 (receipt): one of the two times is wrong. */
  CLOSE_BEFORE_OPEN;

  public static List<String> codes() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
