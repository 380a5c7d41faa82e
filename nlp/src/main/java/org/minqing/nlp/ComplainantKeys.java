package org.minqing.nlp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a complainant's id (留言用户, a phone number, an open id) into a keyed hash: HMAC-SHA256
 * with a secret key, first 16 hex characters (64 bits). The same id and key always give the same
 * {@code complainant_key}, so distinct people can be counted; without the key the id cannot be
 * recovered, not even by trying every phone number.
 *
 * <p>Not thread-safe (a {@link Mac} is stateful): make one per thread or per Spark partition.
 */
public final class ComplainantKeys {
  private final Mac mac;

  public ComplainantKeys(byte[] key) {
    if (key == null || key.length < 16) {
      throw new IllegalArgumentException(
          "The complainant hash key must be at least 16 bytes; set privacy.complainant_key (or MINQING_COMPLAINANT_KEY)");
    }
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** The key for an id, or null for a null/blank id (an anonymous complaint). Ids are trimmed. */
  public String keyOf(String complainantId) {
    if (complainantId == null) {
      return null;
    }
    String id = complainantId.strip();
    if (id.isEmpty()) {
      return null;
    }
    byte[] h = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 8);
  }
}
