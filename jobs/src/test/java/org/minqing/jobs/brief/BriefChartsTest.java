package org.minqing.jobs.brief;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Chinese in the charts renders as glyphs, not boxes, and the charts draw the numbers they are given.
 * Needs a CJK font on the machine: {@code scripts/setup} installs fonts-noto-cjk.
 */
class BriefChartsTest {
  static BufferedImage png(byte[] b) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(b));
  }

  static int ink(BufferedImage img) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFF) < 128) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void aCjkFontIsFoundAndItsGlyphsAreNotBoxes() {
    assertTrue(BriefCharts.hasCjkFont(), "no Chinese font: install fonts-noto-cjk (scripts/setup) or set MINQING_CJK_FONT; chose " + BriefCharts.fontName());
    // A missing glyph is drawn as the same box for every character: distinct characters must give distinct images.
    String chars = "民情分析简报黄红牌城乡建设"; // all distinct
    List<int[]> seen = new ArrayList<>();
    for (char ch : chars.toCharArray()) {
      BufferedImage img = BriefCharts.glyphs(String.valueOf(ch), 40f);
      assertTrue(ink(img) > 30, "glyph " + ch + " has ink");
      int[] px = img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
      for (int[] other : seen) {
        assertFalse(Arrays.equals(px, other), "two characters render identically (boxes?) at " + ch);
      }
      seen.add(px);
    }
    // and the box a font draws for a character it lacks (a private-use code point) is not what 民 looks like
    int[] box = BriefCharts.glyphs("\uE000", 40f).getRaster().getPixels(0, 0, 80, 64, (int[]) null);
    assertFalse(Arrays.equals(box, BriefCharts.glyphs("民", 40f).getRaster().getPixels(0, 0, 80, 64, (int[]) null)));
  }

  /** Leftmost and rightmost x of the main colour in the row band [y0, y1). */
  static int[] extent(BufferedImage img, int y0, int y1) {
    int min = Integer.MAX_VALUE;
    int max = -1;
    for (int y = y0; y < y1; y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == (BriefCharts.MAIN.getRGB() & 0xFFFFFF)) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
      }
    }
    return new int[] {min, max};
  }

  @Test
  void barsAreProportionalToTheirValues() throws Exception {
    BufferedImage img = png(BriefCharts.bars("测试", List.of("城乡建设", "环境保护", "交通运输"), new double[] {100, 50, 25}, null, "本期", "上期"));
    int row = 46;
    int top = 100;
    int a = extent(img, top, top + row)[1];
    int b = extent(img, top + row, top + 2 * row)[1];
    int c = extent(img, top + 2 * row, top + 3 * row)[1];
    assertTrue(a > b && b > c, a + " " + b + " " + c);
    // bar ends measured from the common left edge: 100 : 50 : 25
    int left = extent(img, top, top + row)[0];
    assertEquals(2.0, (a - left) / (double) (b - left), 0.05);
    assertEquals(2.0, (b - left) / (double) (c - left), 0.1);
    assertEquals(top + 3 * row + 40, img.getHeight(), "one row per label");
  }

  @Test
  void gridShadesDarkerForMore() throws Exception {
    BufferedImage img = png(BriefCharts.grid("测试", List.of("城东区", "城西区"), List.of("城乡建设", "环境保护"), new long[][] {{100, 1}, {0, 25}}));
    // cell centres (left = label width + 50, capped; top 150, 52 px rows): sample just left of the centre text
    int top = 150;
    Color many = new Color(img.getRGB(img.getWidth() - 40, top + 8));
    Color few = new Color(img.getRGB(img.getWidth() - 40, top + 52 + 8));
    assertTrue(many.getGreen() > few.getGreen() || many.getRed() != few.getRed(), "different counts, different shades");
    int firstColX = img.getWidth() / 2 - 100;
    Color hundred = new Color(img.getRGB(firstColX, top + 8));
    Color zero = new Color(img.getRGB(firstColX, top + 52 + 8));
    assertTrue(hundred.getGreen() < zero.getGreen(), "100 is darker than 0: " + hundred + " vs " + zero);
  }

  @Test
  void sameInputSameBytes() {
    byte[] a = BriefCharts.lines("每日诉求件数", List.of("10/1", "10/2", "10/3"), List.of(new BriefCharts.Series("本期", new double[] {3, 5, 2}, BriefCharts.MAIN, false)), "件/日");
    byte[] b = BriefCharts.lines("每日诉求件数", List.of("10/1", "10/2", "10/3"), List.of(new BriefCharts.Series("本期", new double[] {3, 5, 2}, BriefCharts.MAIN, false)), "件/日");
    assertTrue(Arrays.equals(a, b));
    byte[] c = BriefCharts.lines("每日诉求件数", List.of("10/1", "10/2", "10/3"), List.of(new BriefCharts.Series("本期", new double[] {3, 6, 2}, BriefCharts.MAIN, false)), "件/日");
    assertFalse(Arrays.equals(a, c), "the data changes the picture");
  }
}
