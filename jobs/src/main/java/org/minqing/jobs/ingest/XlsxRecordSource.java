package org.minqing.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The first sheet of an XLSX workbook, read with POI's streaming (SAX) API so the workbook's object
 * model is never built. Row 1 is the header. Date cells become {@code yyyy-MM-dd HH:mm:ss}, which
 * the row mapper always accepts besides the profile's formats; numbers keep their display form.
 *
 * <p>Caveat: the sheet's rows are collected per file on the executor that reads it (an XLSX sheet
 * holds at most 1,048,576 rows); use CSV for larger exports.
 */
final class XlsxRecordSource implements RecordSource {
  static final DateTimeFormatter ISO_SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final List<String> header;
  private final Iterator<RawRecord> rows;

  XlsxRecordSource(InputStream in, String fileName) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    List<String> hdr = new ArrayList<>();
    try (OPCPackage pkg = OPCPackage.open(in)) {
      XSSFReader r = new XSSFReader(pkg);
      ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
      StylesTable styles = r.getStylesTable();
      XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) r.getSheetsData();
      if (!sheets.hasNext()) {
        throw new IllegalArgumentException("XLSX file " + fileName + " has no sheet");
      }
      try (InputStream sheet = sheets.next()) {
        Collector c = new Collector(out, hdr);
        XMLReader xml = XMLHelper.newXMLReader();
        xml.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, c, new IsoDates(), false));
        xml.parse(new InputSource(sheet));
      }
    } catch (OpenXML4JException | SAXException | javax.xml.parsers.ParserConfigurationException | org.apache.poi.UnsupportedFileFormatException e) {
      throw new IllegalArgumentException("XLSX file " + fileName + " cannot be read as a workbook: " + e.getMessage(), e);
    }
    if (hdr.isEmpty()) {
      throw new IllegalArgumentException("XLSX file " + fileName + " is empty: expected a header row in the first sheet");
    }
    this.header = List.copyOf(hdr);
    this.rows = out.iterator();
  }

  /** Formats date cells as ISO (not the workbook's locale format); everything else as Excel shows it. */
  private static final class IsoDates extends DataFormatter {
    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
      if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
        LocalDateTime t = DateUtil.getLocalDateTime(value, use1904, true);
        return t.format(ISO_SPACE);
      }
      return super.formatRawCellContents(value, formatIndex, formatString, use1904);
    }
  }

  private static final class Collector implements XSSFSheetXMLHandler.SheetContentsHandler {
    private final List<RawRecord> out;
    private final List<String> header;
    private TreeMap<Integer, String> cells;
    private boolean first = true;

    Collector(List<RawRecord> out, List<String> header) {
      this.out = out;
      this.header = header;
    }

    @Override
    public void startRow(int rowNum) {
      cells = new TreeMap<>();
    }

    @Override
    public void endRow(int rowNum) {
      if (cells.isEmpty()) {
        return;
      }
      if (first) {
        first = false;
        int n = cells.lastKey() + 1;
        for (int i = 0; i < n; i++) {
          header.add(cells.getOrDefault(i, "").strip());
        }
        return;
      }
      String[] v = new String[header.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = cells.getOrDefault(i, "");
      }
      out.add(RawRecord.ok(rowNum + 1L, v));
    }

    @Override
    public void cell(String ref, String formatted, XSSFComment comment) {
      if (ref == null || formatted == null) {
        return;
      }
      cells.put((int) new CellReference(ref).getCol(), formatted);
    }
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public boolean hasNext() {
    return rows.hasNext();
  }

  @Override
  public RawRecord next() {
    return rows.next();
  }

  @Override
  public void close() {}
}
