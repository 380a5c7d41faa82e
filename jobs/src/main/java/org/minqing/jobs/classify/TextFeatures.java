package org.minqing.jobs.classify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The terms a complaint is classified by, in three blocks that are weighted and normalised
 * separately:
 *
 * <ul>
 *   <li>{@code w} — words as HanLP segments them (the {@code tokens.words} of the lake), without
 *       punctuation; domain terms stay whole (房产证, 公积金);
 *   <li>{@code c} — character 1- to 3-grams of title + body with all whitespace removed: robust to
 *       segmentation errors, variant spellings and the anonymised place codes;
 *   <li>{@code l} — character 1- to 3-grams of the first {@value #LEAD} characters: the title, or
 *       the start of the message when a source has no title (the labelled text-only file runs title
 *       and body together), so the complainant's own summary weighs more in both shapes of input.
 * </ul>
 *
 * Digits are folded to {@code 0} in character grams (dates and amounts say little about the
 * category) and Latin letters are lower-cased.
 */
final class TextFeatures {
  static final int LEAD = 30;
  static final char WORD = 'w';
  static final char CHAR = 'c';
  static final char LEAD_BLOCK = 'l';

  private TextFeatures() {}

  /** Title then body with all whitespace removed, digits folded, Latin lower-cased. */
  static String flat(String title, String text) {
    StringBuilder sb = new StringBuilder((title == null ? 0 : title.length()) + (text == null ? 0 : text.length()));
    append(sb, title);
    append(sb, text);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String s) {
    if (s == null) {
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch) || ch == '\u3000' || ch == '\u00a0' || ch == '\u200b') {
        continue;
      }
      if (ch >= '0' && ch <= '9') {
        ch = '0';
      } else if (ch >= 'A' && ch <= 'Z') {
        ch = (char) (ch + 32);
      }
      sb.append(ch);
    }
  }

  /** Term counts of one complaint; keys are the block letter followed by the term. */
  static Map<String, Integer> counts(String title, String text, List<String> words) {
    String f = flat(title, text);
    Map<String, Integer> out = new HashMap<>(f.length() * 3);
    if (words != null) {
      for (String w : words) {
        if (w != null && isContent(w)) {
          out.merge(WORD + w.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        }
      }
    }
    grams(f, CHAR, out);
    grams(f.substring(0, Math.min(LEAD, f.length())), LEAD_BLOCK, out);
    return out;
  }

  private static void grams(String s, char block, Map<String, Integer> out) {
    int n = s.length();
    StringBuilder sb = new StringBuilder(4);
    for (int i = 0; i < n; i++) {
      for (int len = 1; len <= 3 && i + len <= n; len++) {
        sb.setLength(0);
        sb.append(block).append(s, i, i + len);
        out.merge(sb.toString(), 1, Integer::sum);
      }
    }
  }

  /**
   * A character gram of {@code len} (1–3) characters of {@code s} from {@code start}, in block
   * {@code block}, as one long: block (7 bits), length (2 bits), then the characters (16 bits
   * each). Two grams have the same code exactly when their term strings are equal.
   */
  static long gramCode(char block, CharSequence s, int start, int len) {
    long code = ((long) (block & 127) << 50) | ((long) len << 48);
    for (int k = 0; k < len; k++) {
      code |= (long) s.charAt(start + k) << (32 - 16 * k);
    }
    return code;
  }

  /** A word with at least one letter, digit or CJK character (drops punctuation and spaces). */
  static boolean isContent(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isLetterOrDigit(w.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
