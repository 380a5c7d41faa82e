package org.minqing.nlp;

/**
 * Normalises complaint text without changing its meaning.
 *
 * <ul>
 *   <li>Excel's {@code _x000D_} escape, CR LF and CR become a line break.
 *   <li>Full-width ASCII letters, digits and symbols ({@code ＡＢＣ１２３＠．}) become half-width;
 *       the Chinese punctuation people write on purpose ({@code ，！？：；（）}) is kept.
 *   <li>Zero-width characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen) are removed.
 *   <li>Every other space-like character (U+3000 ideographic space, U+00A0, tabs) becomes a space;
 *       a run of whitespace containing a line break becomes one line break, any other run one space;
 *       lines and the whole text are trimmed. So the exports' {@code \n\t\t\t\t} runs disappear.
 * </ul>
 *
 * <p>Stateless and thread-safe; use {@link #INSTANCE}. {@code null} becomes {@code ""}.
 */
public final class TextNormalizer {
  public static final TextNormalizer INSTANCE = new TextNormalizer();

  private TextNormalizer() {}

  public String normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String s = raw.indexOf("_x000") >= 0 ? raw.replace("_x000D_", "\r").replace("_x000d_", "\r") : raw;
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    boolean pendingBreak = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isZeroWidth(cp)) {
        continue;
      }
      if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
        pendingBreak = true;
        continue;
      }
      if (cp == '\t' || cp == 0x3000 || cp == 0xA0 || Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR) {
        pendingSpace = true;
        continue;
      }
      if (Character.isISOControl(cp)) {
        continue;
      }
      if (pendingBreak || pendingSpace) {
        if (out.length() > 0) {
          out.append(pendingBreak ? '\n' : ' ');
        }
        pendingBreak = false;
        pendingSpace = false;
      }
      out.appendCodePoint(toHalfWidth(cp));
    }
    return out.toString();
  }

  private static boolean isZeroWidth(int cp) {
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD;
  }

  /** Full-width ASCII forms (U+FF01–U+FF5E) to ASCII, except the Chinese punctuation kept on purpose. */
  static int toHalfWidth(int cp) {
    if (cp < 0xFF01 || cp > 0xFF5E) {
      return cp;
    }
    switch (cp) {
      case 0xFF0C: // ，
      case 0xFF01: // ！
      case 0xFF1F: // ？
      case 0xFF1A: // ：
      case 0xFF1B: // ；
      case 0xFF08: // （
      case 0xFF09: // ）
        return cp;
      default:
        return cp - 0xFEE0;
    }
  }
}
