package org.minqing.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ComplainantKeysTest {
  private static final byte[] K1 = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
  private static final byte[] K2 = "fedcba98765432100123".getBytes(StandardCharsets.UTF_8);

  @Test
  void sameIdSameKeyDifferentSecretDifferentKey() {
    var a = new ComplainantKeys(K1);
    assertEquals(a.keyOf("A00074011"), new ComplainantKeys(K1).keyOf(" A00074011 "));
    assertNotEquals(a.keyOf("A00074011"), new ComplainantKeys(K2).keyOf("A00074011"));
    assertNotEquals(a.keyOf("A00074011"), a.keyOf("A00074012"));
    assertEquals(16, a.keyOf("13812345678").length());
    assertNotEquals("13812345678", a.keyOf("13812345678"));
  }

  @Test
  void blankIdIsAnonymous() {
    assertNull(new ComplainantKeys(K1).keyOf("  "));
  }

  @Test
  void shortKeyIsRefusedWithTheSettingToFix() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ComplainantKeys(new byte[4]));
    assertEquals(true, e.getMessage().contains("privacy.complainant_key"));
  }
}
