package org.minqing.jobs.brief;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brief's charts as PNG, drawn with Java2D (headless): a daily line against the previous period,
 * horizontal bars, a place × category heat grid, small multiples of weekly counts, stacked bars.
 * Same data + same font → same bytes (no timestamps in the PNG, fixed sizes, no randomness).
 *
 * <p>Chinese text needs a CJK font. {@link #font()} takes {@code MINQING_CJK_FONT} (a .ttf/.otf/.ttc
 * file) if set, else the first installed family of {@link #FAMILIES} that can display Chinese
 * (Debian: {@code apt-get install fonts-noto-cjk}, done by {@code scripts/setup}). Without one the
 * charts are still written, with a warning, and their Chinese shows as boxes.
 */
public final class BriefCharts {
  private static final Logger LOG = LoggerFactory.getLogger(BriefCharts.class);

  /** Preferred families, most suitable first (all sans: charts read better in a 黑体-like face). */
  static final List<String> FAMILIES = List.of("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
      "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Noto Serif CJK SC", "AR PL UMing CN");

  static final String PROBE = "民情分析简报总体情况热点问题黄牌红牌城乡建设环境保护";

  static final int WIDTH = 1400;
  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  static final Color MAIN = new Color(0xB2, 0x22, 0x22); // 党政红, the colour official reports use for the main series
  static final Color SECOND = new Color(0x88, 0x88, 0x88);
  static final Color YELLOW = new Color(0xE8, 0xB4, 0x00);
  static final Color RED = new Color(0xC6, 0x28, 0x28);

  private static volatile Font base;

  private BriefCharts() {}

  /** The CJK font the charts use (size 1; derive sizes from it). */
  public static Font font() {
    Font f = base;
    if (f == null) {
      synchronized (BriefCharts.class) {
        if (base == null) {
          base = resolveFont(System.getenv("MINQING_CJK_FONT"));
        }
        f = base;
      }
    }
    return f;
  }

  /** Whether the chosen font displays Chinese (false: charts will show boxes). */
  public static boolean hasCjkFont() {
    return font().canDisplayUpTo(PROBE) == -1;
  }

  static Font resolveFont(String file) {
    System.setProperty("java.awt.headless", "true");
    if (file != null && !file.isBlank()) {
      try {
        Font[] fs = Font.createFonts(new File(file));
        for (Font f : fs) {
          if (f.canDisplayUpTo(PROBE) == -1) {
            return f.deriveFont(1f);
          }
        }
        LOG.warn("MINQING_CJK_FONT={} has no font that displays Chinese; looking for an installed one", file);
      } catch (IOException | FontFormatException e) {
        LOG.warn("MINQING_CJK_FONT={} cannot be read ({}); looking for an installed one", file, e.getMessage());
      }
    }
    Set<String> installed = new HashSet<>(Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT)));
    for (String fam : FAMILIES) {
      if (installed.contains(fam)) {
        Font f = new Font(fam, Font.PLAIN, 1);
        if (f.canDisplayUpTo(PROBE) == -1) {
          return f;
        }
      }
    }
    Font logical = new Font(Font.SANS_SERIF, Font.PLAIN, 1);
    if (logical.canDisplayUpTo(PROBE) != -1) {
      LOG.warn("No Chinese font found: the brief's charts will show boxes instead of Chinese. Fix: install one (Debian/Ubuntu: apt-get install fonts-noto-cjk, "
          + "or run scripts/setup), or set MINQING_CJK_FONT=/path/to/font.ttf");
    }
    return logical;
  }

  static String fontName() {
    return font().getFontName(Locale.ROOT);
  }

  // ------------------------------------------------------------------ canvas

  private static final class Canvas {
    final BufferedImage img;
    final Graphics2D g;

    Canvas(int w, int h) {
      img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
    }

    void text(String s, double x, double y, float size, Color c, int align) {
      g.setFont(font().deriveFont(size));
      g.setColor(c);
      FontMetrics fm = g.getFontMetrics();
      double w = fm.stringWidth(s);
      double dx = align == 0 ? 0 : align == 1 ? -w / 2 : -w;
      g.drawString(s, (float) (x + dx), (float) y);
    }

    double width(String s, float size) {
      return g.getFontMetrics(font().deriveFont(size)).stringWidth(s);
    }

    /** Width of the widest of {@code labels} at {@code size}. */
    double widest(List<String> labels, float size) {
      double w = 0;
      for (String l : labels) {
        w = Math.max(w, width(l, size));
      }
      return w;
    }

    /** Cuts {@code s} to fit {@code max} pixels, ending with … when cut. */
    String fit(String s, float size, double max) {
      if (width(s, size) <= max) {
        return s;
      }
      String t = s;
      while (t.length() > 1 && width(t + "…", size) > max) {
        t = t.substring(0, t.length() - 1);
      }
      return t + "…";
    }

    byte[] png() {
      g.dispose();
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static String num(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%,.1f", v);
  }

  /** A "nice" axis maximum ≥ max (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k). */
  static double niceMax(double max) {
    if (max <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * p >= max) {
        return m * p;
      }
    }
    return 10 * p;
  }

  // ------------------------------------------------------------------ charts

  /** One series of a line chart. */
  public record Series(String name, double[] values, Color colour, boolean dashed) {}

  /**
   * Lines over shared x positions (e.g. day 1..n of the period and of the previous period), with
   * labels under some ticks.
   */
  public static byte[] lines(String title, List<String> xLabels, List<Series> series, String unit) {
    int h = 560;
    Canvas c = new Canvas(WIDTH, h);
    c.text(title, 40, 52, 30f, INK, 0);
    int left = 110;
    int right = WIDTH - 40;
    int top = 100;
    int bottom = h - 90;
    double max = 0;
    int n = xLabels.size();
    for (Series s : series) {
      for (double v : s.values()) {
        max = Math.max(max, v);
      }
    }
    double ymax = niceMax(max);
    c.g.setStroke(new BasicStroke(1.5f));
    for (int t = 0; t <= 4; t++) {
      double y = bottom - (bottom - top) * t / 4.0;
      c.g.setColor(GRID);
      c.g.drawLine(left, (int) y, right, (int) y);
      c.text(num(ymax * t / 4), left - 12, y + 8, 20f, SECOND, 2);
    }
    c.text(unit, left - 12, top - 22, 20f, SECOND, 2);
    double step = n <= 1 ? 0 : (right - left) / (double) (n - 1);
    int every = Math.max(1, (int) Math.ceil(n / 10.0));
    for (int i = 0; i < n; i += every) {
      double x = left + i * step;
      c.g.setColor(GRID);
      c.g.drawLine((int) x, bottom, (int) x, bottom + 8);
      c.text(xLabels.get(i), x, bottom + 36, 20f, SECOND, 1);
    }
    double lx = right;
    for (int si = series.size() - 1; si >= 0; si--) {
      Series s = series.get(si);
      double w = c.width(s.name(), 22f);
      lx -= w;
      c.text(s.name(), lx, 52, 22f, INK, 0);
      lx -= 46;
      c.g.setColor(s.colour());
      c.g.setStroke(s.dashed() ? new BasicStroke(4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {10f, 7f}, 0f) : new BasicStroke(4f));
      c.g.drawLine((int) lx, 44, (int) lx + 36, 44);
      lx -= 30;
    }
    for (Series s : series) {
      Path2D.Double p = new Path2D.Double();
      double[] v = s.values();
      for (int i = 0; i < v.length && i < n; i++) {
        double x = left + i * step;
        double y = bottom - (bottom - top) * v[i] / ymax;
        if (i == 0) {
          p.moveTo(x, y);
        } else {
          p.lineTo(x, y);
        }
      }
      c.g.setColor(s.colour());
      c.g.setStroke(s.dashed() ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {10f, 7f}, 0f) : new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      c.g.draw(p);
    }
    c.g.setColor(INK);
    c.g.setStroke(new BasicStroke(2f));
    c.g.drawLine(left, bottom, right, bottom);
    return c.png();
  }

  /** Horizontal bars, one per label, with the value written at the end; {@code previous} (may be null) as a dark tick. */
  public static byte[] bars(String title, List<String> labels, double[] values, double[] previous, String legendNow, String legendPrev) {
    double[][] v = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      v[i] = new double[] {values[i]};
    }
    return hbars(title, labels, List.of(legendNow), List.of(MAIN), v, previous, legendPrev);
  }

  /** Stacked horizontal bars (e.g. yellow and red cards per unit). */
  public static byte[] stacked(String title, List<String> labels, List<String> parts, List<Color> colours, double[][] values) {
    return hbars(title, labels, parts, colours, values, null, null);
  }

  /** Horizontal bars of one or more stacked parts; the legend is drawn when there is something to tell apart. */
  private static byte[] hbars(String title, List<String> labels, List<String> parts, List<Color> colours, double[][] values, double[] previous, String legendPrev) {
    int n = labels.size();
    int row = 46;
    int top = 100;
    int h = top + Math.max(1, n) * row + 40;
    Canvas c = new Canvas(WIDTH, h);
    c.text(title, 40, 52, 30f, INK, 0);
    int left = (int) Math.min(460, c.widest(labels, 22f) + 60);
    int right = WIDTH - 140;
    double max = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Arrays.stream(values[i]).sum());
      if (previous != null) {
        max = Math.max(max, previous[i]);
      }
    }
    double xmax = niceMax(max);
    double lx = WIDTH - 40;
    if (previous != null) {
      lx -= c.width(legendPrev, 22f);
      c.text(legendPrev, lx, 52, 22f, INK, 0);
      lx -= 20;
      c.g.setColor(INK);
      c.g.setStroke(new BasicStroke(4f));
      c.g.drawLine((int) lx, 30, (int) lx, 56);
      lx -= 40;
    }
    if (parts.size() > 1 || previous != null) {
      for (int p = parts.size() - 1; p >= 0; p--) {
        lx -= c.width(parts.get(p), 22f);
        c.text(parts.get(p), lx, 52, 22f, INK, 0);
        lx -= 38;
        c.g.setColor(colours.get(p));
        c.g.fillRect((int) lx, 34, 28, 18);
        lx -= 26;
      }
    }
    for (int i = 0; i < n; i++) {
      int y = top + i * row;
      c.text(c.fit(labels.get(i), 22f, left - 30), left - 16, y + 30, 22f, INK, 2);
      double x = left;
      for (int p = 0; p < parts.size(); p++) {
        double w = (right - left) * values[i][p] / xmax;
        c.g.setColor(colours.get(p));
        c.g.fillRect((int) Math.round(x), y + 8, (int) Math.round(w), row - 16);
        x += w;
      }
      double textX = x + 10;
      if (previous != null) {
        int px = left + (int) Math.round((right - left) * previous[i] / xmax);
        c.g.setColor(INK);
        c.g.setStroke(new BasicStroke(4f));
        c.g.drawLine(px, y + 4, px, y + row - 4);
        if (px + 14 > textX && px - 8 < textX + c.width(num(Arrays.stream(values[i]).sum()), 21f)) {
          textX = px + 14; // the value after the tick, not under it
        }
      }
      c.text(num(Arrays.stream(values[i]).sum()), textX, y + 31, 21f, INK, 0);
    }
    c.g.setColor(INK);
    c.g.setStroke(new BasicStroke(2f));
    c.g.drawLine(left, top, left, top + n * row);
    return c.png();
  }

  /** A heat grid: rows (places) × columns (categories), cell shade by count, count written in the cell. */
  public static byte[] grid(String title, List<String> rows, List<String> cols, long[][] counts) {
    int cellH = 52;
    int top = 150;
    int h = top + Math.max(1, rows.size()) * cellH + 40;
    Canvas c = new Canvas(WIDTH, h);
    c.text(title, 40, 52, 30f, INK, 0);
    int left = (int) Math.min(300, c.widest(rows, 22f) + 50);
    int right = WIDTH - 30;
    double cellW = (right - left) / (double) Math.max(1, cols.size());
    long max = 1;
    for (long[] r : counts) {
      for (long v : r) {
        max = Math.max(max, v);
      }
    }
    float colSize = cols.size() > 8 ? 18f : 21f;
    for (int j = 0; j < cols.size(); j++) {
      c.text(c.fit(cols.get(j), colSize, cellW - 6), left + (j + 0.5) * cellW, top - 18, colSize, INK, 1);
    }
    for (int i = 0; i < rows.size(); i++) {
      int y = top + i * cellH;
      c.text(c.fit(rows.get(i), 22f, left - 24), left - 14, y + 34, 22f, INK, 2);
      for (int j = 0; j < cols.size(); j++) {
        long v = counts[i][j];
        double t = Math.sqrt(v / (double) max); // square root: small counts stay visible next to a dominant one
        Color fill = v == 0 ? new Color(0xF6, 0xF6, 0xF6) : blend(new Color(0xFB, 0xE9, 0xE7), MAIN, t);
        c.g.setColor(fill);
        int x0 = (int) Math.round(left + j * cellW);
        int x1 = (int) Math.round(left + (j + 1) * cellW);
        c.g.fillRect(x0 + 2, y + 2, x1 - x0 - 4, cellH - 4);
        if (v > 0) {
          c.text(num(v), (x0 + x1) / 2.0, y + 35, 20f, t > 0.55 ? Color.WHITE : INK, 1);
        }
      }
    }
    return c.png();
  }

  /** Small multiples: one mini line chart per item (e.g. weekly counts of the top hot issues), two columns. */
  public static byte[] smallMultiples(String title, List<String> names, List<double[]> values, String note) {
    int n = names.size();
    int cols = 2;
    int rowsN = (n + cols - 1) / cols;
    int cellH = 150;
    int top = 90;
    int h = top + Math.max(1, rowsN) * cellH + 50;
    Canvas c = new Canvas(WIDTH, h);
    c.text(title, 40, 52, 30f, INK, 0);
    double cellW = (WIDTH - 80) / (double) cols;
    for (int k = 0; k < n; k++) {
      int r = k / cols;
      int col = k % cols;
      double x0 = 40 + col * cellW;
      double y0 = top + r * cellH;
      c.text(c.fit((k + 1) + ". " + names.get(k), 21f, cellW - 30), x0, y0 + 28, 21f, INK, 0);
      double[] v = values.get(k);
      double max = 0;
      for (double d : v) {
        max = Math.max(max, d);
      }
      double px0 = x0 + 10;
      double px1 = x0 + cellW - 110;
      double py0 = y0 + 44;
      double py1 = y0 + cellH - 18;
      c.g.setColor(GRID);
      c.g.setStroke(new BasicStroke(1.5f));
      c.g.drawLine((int) px0, (int) py1, (int) px1, (int) py1);
      Path2D.Double p = new Path2D.Double();
      double step = v.length <= 1 ? 0 : (px1 - px0) / (v.length - 1);
      for (int i = 0; i < v.length; i++) {
        double x = px0 + i * step;
        double y = py1 - (py1 - py0) * (max == 0 ? 0 : v[i] / max);
        if (i == 0) {
          p.moveTo(x, y);
        } else {
          p.lineTo(x, y);
        }
      }
      c.g.setColor(MAIN);
      c.g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      c.g.draw(p);
      if (v.length > 0) {
        c.text("末周 " + num(v[v.length - 1]), px1 + 12, py1 - 4, 19f, SECOND, 0);
        c.text("峰值 " + num(max), px1 + 12, py0 + 14, 19f, SECOND, 0);
      }
    }
    if (note != null) {
      c.text(note, 40, h - 18, 19f, SECOND, 0);
    }
    return c.png();
  }

  static Color blend(Color a, Color b, double t) {
    t = Math.max(0, Math.min(1, t));
    return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t), (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
  }

  /** Renders {@code s} alone in the chart font into a small image (for the glyph check). */
  static BufferedImage glyphs(String s, float size) {
    int w = (int) (size * (s.length() + 1));
    int h = (int) (size * 1.6);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(font().deriveFont(size));
    g.drawString(s, size / 2, size * 1.2f);
    g.dispose();
    return img;
  }
}
