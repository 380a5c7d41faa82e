package org.minqing.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class ReadersTest {
  private static final SourceProfile FJ3 = Profiles.load("tipdm_fj3", List.of());

  private static List<RawRecord> all(RecordSource s) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    while (s.hasNext()) {
      out.add(s.next());
    }
    s.close();
    return out;
  }

  private static RecordSource csv(byte[] bytes, String enc) throws IOException {
    return new CsvRecordSource(new ByteArrayInputStream(bytes), enc, "t.csv");
  }

  @Test
  void csvQuotedLineBreaksAndDoubledQuotesAndStartLines() throws IOException {
    String s = "id,text\r\n1,\"第一行\r\n第二行，含\"\"引号\"\"\"\r\n2,普通\r\n";
    List<RawRecord> r = all(csv(s.getBytes(StandardCharsets.UTF_8), "auto"));
    assertEquals(2, r.size());
    assertArrayEquals(new String[] {"1", "第一行\r\n第二行，含\"引号\""}, r.get(0).values());
    assertEquals(2, r.get(0).line());
    assertEquals(4, r.get(1).line(), "the second record starts on line 4, after the two-line field");
  }

  @Test
  void utf8BomIsSkippedInTheHeader() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    b.write("留言编号,留言详情\n7,你好\n".getBytes(StandardCharsets.UTF_8));
    RecordSource s = csv(b.toByteArray(), "auto");
    assertEquals(List.of("留言编号", "留言详情"), s.header());
    assertEquals("你好", all(s).get(0).values()[1]);
  }

  @Test
  void gbkIsDetectedWhenNotValidUtf8() throws IOException {
    byte[] gbk = "工单编号,诉求内容\n1,小区路灯不亮，房产证办不下来\n".getBytes(Charset.forName("GBK"));
    List<RawRecord> r = all(csv(gbk, "auto"));
    assertEquals("小区路灯不亮，房产证办不下来", r.get(0).values()[1]);
  }

  @Test
  void detectionIsNotFooledByAMultibyteCharCutAtTheProbeBoundary() {
    byte[] b = "房".repeat(10).getBytes(StandardCharsets.UTF_8);
    byte[] cut = java.util.Arrays.copyOf(b, b.length - 1);
    assertTrue(Encodings.isUtf8(cut, false));
    assertFalse(Encodings.isUtf8(cut, true));
  }

  @Test
  void wrongFieldCountIsABrokenRecordAndReadingGoesOn() throws IOException {
    List<RawRecord> r = all(csv("a,b\n1,2\n3,4,5\n6,7\n".getBytes(StandardCharsets.UTF_8), "utf-8"));
    assertEquals(3, r.size());
    assertTrue(r.get(1).isBroken());
    assertTrue(r.get(1).error().contains("3 fields but the header has 2"), r.get(1).error());
    assertFalse(r.get(2).isBroken());
  }

  @Test
  void unterminatedQuoteEndsTheFileWithOneBrokenRecordNamingTheLine() throws IOException {
    List<RawRecord> r = all(csv("a,b\n1,2\n3,\"never closed\n4,5\n".getBytes(StandardCharsets.UTF_8), "utf-8"));
    assertEquals(2, r.size());
    assertTrue(r.get(1).isBroken());
    assertEquals(3, r.get(1).line());
    assertTrue(r.get(1).error().contains("line 3"), r.get(1).error());
  }

  @Test
  void jsonlKeepsGoodLinesAndReportsBrokenOnes() throws IOException {
    String s = "{\"id\":\"a\",\"text\":\"一\",\"n\":3}\n\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"extra\":{\"x\":1}}\n[1,2]\n";
    RecordSource src = new JsonlRecordSource(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), "auto", List.of("id", "text", "n"));
    List<RawRecord> r = all(src);
    assertEquals(4, r.size());
    assertArrayEquals(new String[] {"a", "一", "3"}, r.get(0).values());
    assertTrue(r.get(1).isBroken());
    assertEquals(3, r.get(1).line());
    assertArrayEquals(new String[] {"c", "", ""}, r.get(2).values());
    assertTrue(r.get(3).isBroken());
  }

  @Test
  void xlsxStringsNumbersAndDateCells() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet sh = wb.createSheet("附件3");
      Row h = sh.createRow(0);
      String[] cols = {"留言编号", "留言时间", "留言详情", "点赞数"};
      for (int i = 0; i < cols.length; i++) {
        h.createCell(i).setCellValue(cols[i]);
      }
      CellStyle date = wb.createCellStyle();
      date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy/m/d h:mm:ss"));
      Row r1 = sh.createRow(1);
      r1.createCell(0).setCellValue(188006);
      r1.createCell(1).setCellValue(LocalDateTime.of(2019, 2, 28, 11, 25, 5));
      r1.getCell(1).setCellStyle(date);
      r1.createCell(2).setCellValue("房产证办不下来");
      r1.createCell(3).setCellValue(12);
      Row r2 = sh.createRow(3); // a gap row: the line number is the sheet row
      r2.createCell(0).setCellValue("188007");
      r2.createCell(1).setCellValue("2019/2/14 20:00:00");
      r2.createCell(2).setCellValue("路灯");
      wb.write(out);
    }
    RecordSource s = new XlsxRecordSource(new ByteArrayInputStream(out.toByteArray()), "t.xlsx");
    assertEquals(List.of("留言编号", "留言时间", "留言详情", "点赞数"), s.header());
    List<RawRecord> r = all(s);
    assertEquals(2, r.size());
    assertArrayEquals(new String[] {"188006", "2019-02-28 11:25:05", "房产证办不下来", "12"}, r.get(0).values());
    assertEquals(2, r.get(0).line());
    assertEquals(4, r.get(1).line());
    assertEquals("", r.get(1).values()[3]);
  }

  @Test
  void garbageIsNotAWorkbook() {
    var e = assertThrows(IllegalArgumentException.class, () -> new XlsxRecordSource(new ByteArrayInputStream("not a zip".getBytes()), "exports/bad.xlsx"));
    assertTrue(e.getMessage().startsWith("XLSX file exports/bad.xlsx cannot be read as a workbook"), e.getMessage());
  }
}
