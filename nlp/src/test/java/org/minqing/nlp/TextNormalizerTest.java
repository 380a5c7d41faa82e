package org.minqing.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  private final TextNormalizer n = TextNormalizer.INSTANCE;

  @Test
  void stripsExportWhitespaceRunsAndKeepsOneLineBreak() {
    assertEquals("尊敬的领导：\n我们小区", n.normalize("\n\t\t\t\t尊敬的领导：\r\n\t\t\t\u3000\u3000我们小区\n\t\t"));
  }

  @Test
  void excelCarriageReturnEscapeIsALineBreak() {
    assertEquals("第一行\n第二行", n.normalize("第一行_x000D_\n第二行"));
  }

  @Test
  void fullWidthLettersAndDigitsBecomeHalfWidthButChinesePunctuationStays() {
    assertEquals("A市A2区，电话13812345678！（急）", n.normalize("Ａ市Ａ２区，电话１３８１２３４５６７８！（急）"));
    assertEquals("a@b.cn", n.normalize("ａ＠ｂ．ｃｎ"));
  }

  @Test
  void zeroWidthAndNbspAreHandled() {
    assertEquals("房产证 办不下来", n.normalize("房\u200b产证\u00a0\u00a0办不下来\ufeff"));
  }

  @Test
  void nullAndBlankBecomeEmpty() {
    assertEquals("", n.normalize(null));
    assertEquals("", n.normalize(" \n\t\u3000 "));
  }

  @Test
  void isIdempotent() {
    String once = n.normalize("\t\tＡ１区\r\n\r\n  物业  费\u200b过高 ");
    assertEquals(once, n.normalize(once));
    assertEquals("A1区\n物业 费过高", once);
  }
}
