package org.minqing.jobs.brief;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;

/**
 * Renders the brief's Markdown (the small subset {@link BriefJob} writes: headings, paragraphs,
 * lists, pipe tables, **bold**, a rule, chart images) as a self-contained HTML page (images inlined) and as a DOCX in the official
 * document look (A4 with GB/T 9704 margins, title in 小标宋, headings in 黑体, body in 仿宋 三号).
 * Both are deterministic: the DOCX's zip entries get fixed times and no creation date.
 */
public final class BriefRender {
  private BriefRender() {}

  sealed interface Block permits Heading, Para, Item, Table, Rule, Image {}

  /** {@code ![caption](relative/path.png)} on a line of its own. */
  record Image(String caption, String path) implements Block {}

  record Heading(int level, String text) implements Block {}

  record Para(String text) implements Block {}

  record Item(int indent, String marker, String text) implements Block {}

  /** A pipe table; {@code right} marks the columns aligned right ({@code ---:}), the numbers. */
  record Table(List<String> header, List<Boolean> right, List<List<String>> rows) implements Block {}

  record Rule() implements Block {}

  static List<Block> parse(String md) {
    List<Block> out = new ArrayList<>();
    List<String> lines = md.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank()) {
        continue;
      }
      if (l.startsWith("#")) {
        int lv = 0;
        while (lv < l.length() && l.charAt(lv) == '#') {
          lv++;
        }
        out.add(new Heading(lv, l.substring(lv).strip()));
      } else if (l.startsWith("|")) {
        List<String> header = cells(l);
        List<List<String>> rows = new ArrayList<>();
        List<Boolean> right = i + 1 < lines.size() ? cells(lines.get(i + 1)).stream().map(c -> c.endsWith(":")).toList() : List.of();
        i += 2; // past the |---| line
        while (i < lines.size() && lines.get(i).startsWith("|")) {
          rows.add(cells(lines.get(i)));
          i++;
        }
        i--;
        out.add(new Table(header, right, rows));
      } else if (l.startsWith("![") && l.strip().endsWith(")") && l.contains("](")) {
        String t = l.strip();
        int mid = t.indexOf("](");
        out.add(new Image(t.substring(2, mid), t.substring(mid + 2, t.length() - 1)));
      } else if (l.strip().equals("---")) {
        out.add(new Rule());
      } else {
        Matcher m = Pattern.compile("^(\\s*)(- |\\d+\\. )(.*)$").matcher(l);
        if (m.matches()) {
          out.add(new Item(m.group(1).length() / 3, m.group(2).strip(), m.group(3)));
        } else {
          out.add(new Para(l));
        }
      }
    }
    return out;
  }

  private static List<String> cells(String row) {
    String r = row.strip();
    r = r.substring(1, r.endsWith("|") ? r.length() - 1 : r.length());
    List<String> out = new ArrayList<>();
    for (String c : r.split("\\|", -1)) {
      out.add(c.strip());
    }
    return out;
  }

  // ------------------------------------------------------------------ HTML

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** **bold** → <strong>, after escaping. */
  static String inline(String s) {
    return esc(s).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>");
  }

  static byte[] read(Path base, String rel) throws IOException {
    Path f = base.resolve(rel).normalize();
    if (!f.startsWith(base.normalize())) {
      throw new IOException("image path leaves the brief's folder: " + rel);
    }
    return Files.readAllBytes(f);
  }

  /** Self-contained HTML: images referenced by the Markdown (relative to {@code base}) are inlined as data: URIs. */
  public static String html(String md, Path base) throws IOException {
    StringBuilder b = new StringBuilder();
    List<Block> blocks = parse(md);
    String title = blocks.stream().filter(x -> x instanceof Heading h && h.level() == 1).map(x -> ((Heading) x).text()).findFirst().orElse("民情分析简报");
    b.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title)).append("</title>\n<style>\n")
        .append("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }\n")
        .append("body { font-family: \"FangSong\", \"仿宋\", \"FangSong_GB2312\", \"Noto Serif CJK SC\", \"Noto Sans CJK SC\", serif; font-size: 16pt; line-height: 1.75; color: #111; max-width: 180mm; margin: 2em auto; }\n")
        .append("h1 { font-family: \"方正小标宋简体\", \"SimSun\", \"Noto Serif CJK SC\", serif; font-size: 22pt; text-align: center; font-weight: bold; margin: 0.5em 0 1em; }\n")
        .append("h2 { font-family: \"SimHei\", \"黑体\", \"Noto Sans CJK SC\", sans-serif; font-size: 16pt; font-weight: normal; margin: 1.2em 0 0.4em; }\n")
        .append("p { text-indent: 2em; margin: 0.3em 0; }\n")
        .append("table { border-collapse: collapse; width: 100%; font-size: 11pt; line-height: 1.4; margin: 0.5em 0 1em; page-break-inside: auto; }\n")
        .append("th, td { border: 1px solid #444; padding: 3px 6px; vertical-align: top; } td.n { text-align: right; white-space: nowrap; } td.spark { font-family: \"DejaVu Sans Mono\", \"Courier New\", monospace; font-size: 8pt; line-height: 1.9; white-space: nowrap; } th { background: #eee; font-family: \"SimHei\", \"Noto Sans CJK SC\", sans-serif; font-weight: normal; }\n")
        .append("tr { page-break-inside: avoid; } ul, ol { margin: 0.3em 0 0.3em 1.5em; padding: 0; } li { margin: 0.2em 0; } li.num { list-style: none; text-indent: -1.2em; }\n")
        .append("figure { margin: 0.8em 0 1.2em; text-align: center; page-break-inside: avoid; } figure img { width: 100%; height: auto; } ")
        .append("figcaption { font-family: \"SimHei\", \"Noto Sans CJK SC\", sans-serif; font-size: 12pt; color: #333; margin-top: 0.2em; }\n")
        .append("hr { border: none; border-top: 1px solid #999; margin: 1.5em 0 0.5em; } .note { font-size: 11pt; color: #444; text-indent: 0; }\n")
        .append("</style>\n</head>\n<body>\n");
    int openDepth = 0;
    boolean afterRule = false;
    for (Block x : blocks) {
      if (!(x instanceof Item) && openDepth > 0) {
        b.append("</ul>\n".repeat(openDepth));
        openDepth = 0;
      }
      if (x instanceof Heading h) {
        b.append("<h").append(Math.min(h.level(), 3)).append('>').append(inline(h.text())).append("</h").append(Math.min(h.level(), 3)).append(">\n");
      } else if (x instanceof Para p) {
        b.append(afterRule ? "<p class=\"note\">" : "<p>").append(inline(p.text())).append("</p>\n");
      } else if (x instanceof Item it) {
        while (openDepth < it.indent() + 1) {
          b.append("<ul>\n");
          openDepth++;
        }
        while (openDepth > it.indent() + 1) {
          b.append("</ul>\n");
          openDepth--;
        }
        b.append(it.marker().endsWith(".") ? "<li class=\"num\">" + esc(it.marker()) + " " : "<li>").append(inline(it.text())).append("</li>\n");
      } else if (x instanceof Table t) {
        b.append("<table>\n<thead><tr>");
        t.header().forEach(c -> b.append("<th>").append(inline(c)).append("</th>"));
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : t.rows()) {
          b.append("<tr>");
          for (int c = 0; c < r.size(); c++) {
            b.append(sparkline(r.get(c)) ? "<td class=\"spark\">" : c < t.right().size() && t.right().get(c) ? "<td class=\"n\">" : "<td>").append(inline(r.get(c))).append("</td>");
          }
          b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
      } else if (x instanceof Image im) {
        b.append("<figure><img alt=\"").append(esc(im.caption())).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(read(base, im.path()))).append("\"><figcaption>").append(esc(im.caption())).append("</figcaption></figure>\n");
      } else {
        b.append("<hr>\n");
        afterRule = true;
      }
    }
    b.append("</ul>\n".repeat(openDepth));
    b.append("</body>\n</html>\n");
    return b.toString();
  }

  // ------------------------------------------------------------------ DOCX

  static final String TITLE_FONT = "方正小标宋简体";
  static final String HEADING_FONT = "黑体";
  static final String BODY_FONT = "仿宋_GB2312";

  /** Printed width of a chart in the DOCX: the full text width of A4 with GB/T 9704 margins (156 mm). */
  static final double IMAGE_WIDTH_PT = 156 / 25.4 * 72;

  public static byte[] docx(String md, Path base) throws IOException {
    try (XWPFDocument doc = new XWPFDocument()) {
      CTSectPr sect = doc.getDocument().getBody().addNewSectPr();
      CTPageSz size = sect.addNewPgSz();
      size.setW(BigInteger.valueOf(11906)); // A4 in twentieths of a point
      size.setH(BigInteger.valueOf(16838));
      CTPageMar mar = sect.addNewPgMar();
      mar.setTop(BigInteger.valueOf(2098)); // 37 mm
      mar.setBottom(BigInteger.valueOf(1984)); // 35 mm
      mar.setLeft(BigInteger.valueOf(1588)); // 28 mm
      mar.setRight(BigInteger.valueOf(1474)); // 26 mm
      for (Block x : parse(md)) {
        if (x instanceof Heading h && h.level() == 1) {
          XWPFParagraph p = doc.createParagraph();
          p.setAlignment(ParagraphAlignment.CENTER);
          p.setSpacingAfter(400);
          runs(p, h.text(), TITLE_FONT, 22, true);
        } else if (x instanceof Heading h) {
          XWPFParagraph p = doc.createParagraph();
          p.setStyle("Heading" + Math.min(h.level() - 1, 3));
          p.setSpacingBefore(240);
          runs(p, h.text(), HEADING_FONT, 16, false);
        } else if (x instanceof Para p0) {
          XWPFParagraph p = doc.createParagraph();
          p.setFirstLineIndent(640); // two characters of 16 pt
          runs(p, p0.text(), BODY_FONT, 16, false);
        } else if (x instanceof Item it) {
          XWPFParagraph p = doc.createParagraph();
          p.setIndentationLeft(640 * (it.indent() + 1));
          p.setIndentationHanging(320);
          runs(p, (it.marker().endsWith(".") ? it.marker() : "•") + " " + it.text(), BODY_FONT, 16, false);
        } else if (x instanceof Table t) {
          XWPFTable table = doc.createTable(t.rows().size() + 1, t.header().size());
          table.setWidth("100%");
          fill(table.getRow(0), t.header(), t.right(), true);
          for (int r = 0; r < t.rows().size(); r++) {
            fill(table.getRow(r + 1), t.rows().get(r), t.right(), false);
          }
          doc.createParagraph();
        } else if (x instanceof Image im) {
          byte[] png = read(base, im.path());
          BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
          XWPFParagraph p = doc.createParagraph();
          p.setAlignment(ParagraphAlignment.CENTER);
          p.setSpacingBefore(120);
          XWPFRun r = p.createRun();
          try {
            r.addPicture(new ByteArrayInputStream(png), Document.PICTURE_TYPE_PNG, im.path().substring(im.path().lastIndexOf('/') + 1),
                Units.toEMU(IMAGE_WIDTH_PT), Units.toEMU(IMAGE_WIDTH_PT * img.getHeight() / img.getWidth()));
          } catch (InvalidFormatException e) {
            throw new IOException("cannot embed " + im.path(), e);
          }
          XWPFParagraph cap = doc.createParagraph();
          cap.setAlignment(ParagraphAlignment.CENTER);
          cap.setSpacingAfter(200);
          run(cap, im.caption(), HEADING_FONT, 12, false);
        } else {
          doc.createParagraph();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.getProperties().getCoreProperties().setCreator("Minqing");
      doc.write(out);
      return stableZip(out.toByteArray());
    }
  }

  private static void fill(XWPFTableRow row, List<String> cells, List<Boolean> right, boolean header) {
    for (int c = 0; c < cells.size() && c < row.getTableCells().size(); c++) {
      XWPFTableCell cell = row.getCell(c);
      XWPFParagraph p = cell.getParagraphs().get(0);
      p.setAlignment(header ? ParagraphAlignment.CENTER : c < right.size() && right.get(c) ? ParagraphAlignment.RIGHT : ParagraphAlignment.LEFT);
      if (!header && sparkline(cells.get(c))) {
        XWPFRun r = p.createRun();
        r.setText(cells.get(c));
        r.setFontFamily(SPARK_FONT, XWPFRun.FontCharRange.eastAsia);
        r.setFontFamily(SPARK_FONT, XWPFRun.FontCharRange.ascii);
        r.setFontFamily(SPARK_FONT, XWPFRun.FontCharRange.hAnsi);
        r.setFontSize(8);
      } else {
        runs(p, cells.get(c), header ? HEADING_FONT : BODY_FONT, 10.5, false);
      }
    }
  }

  /** A narrow monospace font for trend sparklines: in a CJK font their eighth-blocks are full-width and the column takes a third of the table. */
  static final String SPARK_FONT = "Courier New";

  /** Whether a table cell is a sparkline (eighth-blocks ▁ … █ only). */
  static boolean sparkline(String cell) {
    return !cell.isEmpty() && cell.chars().allMatch(ch -> ch >= 0x2581 && ch <= 0x2588);
  }

  /** Text with **bold** spans as runs in the given font (East Asian and Latin). */
  private static void runs(XWPFParagraph p, String text, String font, double size, boolean bold) {
    Matcher m = Pattern.compile("\\*\\*(.+?)\\*\\*").matcher(text);
    int last = 0;
    while (m.find()) {
      run(p, text.substring(last, m.start()), font, size, bold);
      run(p, m.group(1), font, size, true);
      last = m.end();
    }
    run(p, text.substring(last), font, size, bold);
  }

  private static void run(XWPFParagraph p, String s, String font, double size, boolean bold) {
    if (s.isEmpty()) {
      return;
    }
    XWPFRun r = p.createRun();
    r.setText(s);
    r.setFontFamily(font, XWPFRun.FontCharRange.eastAsia);
    r.setFontFamily("Times New Roman", XWPFRun.FontCharRange.ascii);
    r.setFontSize(size);
    r.setBold(bold);
  }

  /** Rewrites a zip with every entry at a fixed time and the core properties' dates removed: same content → same bytes. */
  static byte[] stableZip(byte[] zip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream z = new ZipOutputStream(out)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] data = in.readAllBytes();
        if (e.getName().equals("docProps/core.xml")) {
          data = new String(data, java.nio.charset.StandardCharsets.UTF_8).replaceAll("<dcterms:created[^>]*>[^<]*</dcterms:created>", "")
              .replaceAll("<dcterms:modified[^>]*>[^<]*</dcterms:modified>", "").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ZipEntry n = new ZipEntry(e.getName());
        n.setTime(315532800000L + 12L * 3600 * 1000); // 1980-01-01T12:00Z, the zip format's first representable day
        z.putNextEntry(n);
        z.write(data);
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
