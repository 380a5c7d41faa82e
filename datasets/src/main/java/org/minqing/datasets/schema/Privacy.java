package org.minqing.datasets.schema;

/** What a column may reveal about a person, which decides where it may go (research exports, briefs). */
public enum Privacy {
  /** Carries no personal data. */
  NONE,
  /** Free text after PII masking (phones, ID numbers, bank cards, e-mail, names after 我叫, door numbers). */
  MASKED,
  /** A keyed hash: counts distinct people, cannot be reversed without the key. */
  KEYED_HASH,
  /** Operators only (e.g. the quarantined raw row, even masked); never in a research export. */
  OPERATORS_ONLY
}
