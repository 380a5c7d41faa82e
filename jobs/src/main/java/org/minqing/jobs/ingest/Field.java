package org.minqing.jobs.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Canonical fields a source profile can map its columns to (the keys under {@code columns:}). */
public enum Field {
  SOURCE_ID,
  COMPLAINANT,
  TITLE,
  TEXT,
  RECEIVED_AT,
  CHANNEL,
  DISTRICT,
  TOWNSHIP,
  COMMUNITY,
  GRID,
  ESTATE,
  CO_SIGNERS,
  LIKES,
  DISLIKES,
  CATEGORY_GIVEN,
  REPLY_TEXT,
  REPLIED_AT;

  /** The key as written in profile files, e.g. {@code received_at}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Field ofKey(String key, String profile) {
    for (Field f : values()) {
      if (f.key().equals(key)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "Profile " + profile + " maps unknown field '" + key + "', expected one of " + keys());
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(Field::key).toList();
  }
}
