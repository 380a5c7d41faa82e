package org.minqing.jobs.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decides a text file's encoding. Declared encodings win; {@code auto} means: a UTF-8 BOM → UTF-8
 * (BOM skipped); UTF-16 BOMs → UTF-16; else the first 1 MiB decodes as strict UTF-8 → UTF-8; else
 * GB18030 (a superset of GBK and GB2312, which Chinese Excel and government systems write).
 */
public final class Encodings {
  static final int PROBE = 1 << 20;

  private Encodings() {}

  /** The stream positioned after any BOM, and the charset to read it with. */
  public record Detected(InputStream stream, Charset charset) {}

  public static Detected detect(InputStream raw, String declared) throws IOException {
    BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 1 << 16);
    in.mark(PROBE + 8);
    byte[] head = in.readNBytes(PROBE);
    in.reset();
    int bom = 0;
    Charset bomCharset = null;
    if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
      bom = 3;
      bomCharset = StandardCharsets.UTF_8;
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      bom = 2;
      bomCharset = StandardCharsets.UTF_16LE;
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      bom = 2;
      bomCharset = StandardCharsets.UTF_16BE;
    }
    in.skipNBytes(bom);
    if (declared != null && !declared.equals("auto")) {
      Charset cs = charset(declared);
      return new Detected(in, cs);
    }
    if (bomCharset != null) {
      return new Detected(in, bomCharset);
    }
    return new Detected(in, isUtf8(head, head.length < PROBE) ? StandardCharsets.UTF_8 : Charset.forName("GB18030"));
  }

  static Charset charset(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    if (n.equals("gbk") || n.equals("gb2312") || n.equals("cp936")) {
      // GB18030 decodes everything GBK does, plus the characters GBK lacks.
      return Charset.forName("GB18030");
    }
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown encoding '" + name + "', use auto, utf-8, gbk or gb18030", e);
    }
  }

  /** True when the bytes are valid UTF-8; a sequence cut at the end of a partial probe is allowed. */
  static boolean isUtf8(byte[] b, boolean complete) {
    int len = b.length;
    if (!complete) {
      // Drop a possibly cut multi-byte sequence at the end of the probe.
      int i = len - 1;
      int back = 0;
      while (i >= 0 && back < 4 && (b[i] & 0xC0) == 0x80) {
        i--;
        back++;
      }
      if (i >= 0 && (b[i] & 0x80) != 0) {
        len = i;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, 0, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
