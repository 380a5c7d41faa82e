package org.minqing.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minqing.datasets.schema.QuarantineReason;
import org.minqing.nlp.ComplainantKeys;
import org.minqing.nlp.PiiMasker;

class RowMapperTest {
  private static final ZoneId SH = ZoneId.of("Asia/Shanghai");
  private static final ComplainantKeys KEYS = new ComplainantKeys("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8));
  private static final List<String> FJ4_HEADER = List.of("留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间");

  private static IngestRecord fj4(String... v) {
    return new RowMapper(Profiles.load("tipdm_fj4", List.of()), "f.csv", FJ4_HEADER, SH, KEYS).map(RawRecord.ok(2, v));
  }

  @Test
  void acceptedRowIsNormalisedMaskedHashedAndDated() {
    IngestRecord r = fj4("2549", "A00045581", "Ａ２区景蓉华苑物业", "2019/4/25 9:32:09",
        "\n\t\t\t我叫王建国，电话13812345678。\u3000\u3000物业乱收费", "您好，请拨打0731-88886666咨询。", "2019/5/10 14:07:45");
    assertTrue(r.accepted);
    assertEquals("tipdm_fj4:2549", r.complaintId);
    assertEquals("A2区景蓉华苑物业", r.title);
    assertEquals("我叫[姓名]，电话[电话]。 物业乱收费", r.text);
    assertEquals("您好，请拨打[电话]咨询。", r.replyText);
    assertEquals(Instant.parse("2019-04-25T01:32:09Z"), r.receivedAt, "times without offset are Asia/Shanghai");
    assertEquals("2019-04-25", r.dt);
    assertEquals(KEYS.keyOf("A00045581"), r.complainantKey);
    assertNotEquals("A00045581", r.complainantKey);
    assertEquals("web", r.channel);
    assertEquals(16, r.textHash.length());
  }

  @Test
  void partitionDateIsTheShanghaiDateNotUtc() {
    IngestRecord r = fj4("1", "u", "t", "2019/4/25 7:00:00", "深夜施工", "", "");
    assertEquals("2019-04-25", r.dt, "07:00 in Shanghai is 23:00 UTC the day before");
  }

  @Test
  void dateWithoutTimeOfDayIsAccepted() {
    IngestRecord r = fj4("27610", "u", "t", "2018/4/20 10:00:00", "内容", "答复", "2018/4/24");
    assertTrue(r.accepted, r.toString());
    assertEquals(Instant.parse("2018-04-23T16:00:00Z"), r.repliedAt);
  }

  @Test
  void impossibleDateIsBadTimestampNotSilentlyClamped() {
    IngestRecord r = fj4("1", "u", "t", "2019/2/30 10:00:00", "内容", "", "");
    assertFalse(r.accepted);
    assertEquals(QuarantineReason.BAD_TIMESTAMP, r.reason);
    assertEquals("留言时间", r.column);
    assertTrue(r.message.contains("2019/2/30") && r.message.contains("yyyy/M/d H:mm:ss"), r.message);
  }

  @Test
  void replyBeforeComplaintIsBadValue() {
    IngestRecord r = fj4("1", "u", "t", "2019/4/25 9:00:00", "内容", "答复", "2019/4/24 9:00:00");
    assertEquals(QuarantineReason.BAD_VALUE, r.reason);
    assertEquals("答复时间", r.column);
  }

  @Test
  void emptyTextAndMissingIdAndMissingTime() {
    assertEquals(QuarantineReason.EMPTY_TEXT, fj4("1", "u", "t", "2019/4/25 9:00:00", " \n\t\u3000", "", "").reason);
    assertEquals(QuarantineReason.MISSING_FIELD, fj4(" ", "u", "t", "2019/4/25 9:00:00", "内容", "", "").reason);
    IngestRecord noTime = fj4("1", "u", "t", "", "内容", "", "");
    assertEquals(QuarantineReason.MISSING_FIELD, noTime.reason);
    assertEquals("留言时间", noTime.column);
  }

  @Test
  void brokenRecordIsUnparseableWithTheReadersReason() {
    var m = new RowMapper(Profiles.load("tipdm_fj4", List.of()), "f.csv", FJ4_HEADER, SH, KEYS);
    IngestRecord r = m.map(RawRecord.broken(9, "Record has 3 fields but the header has 7", new String[] {"a", "b", "c"}));
    assertEquals(QuarantineReason.UNPARSEABLE_ROW, r.reason);
    assertEquals(9, r.sourceLine);
    assertTrue(r.raw.startsWith("留言编号=a | 留言用户=b"), r.raw);
  }

  @Test
  void quarantinedRawRowIsMaskedToo() {
    IngestRecord r = fj4("1", "u", "t", "bad", "我的手机13812345678", "", "");
    assertFalse(r.accepted);
    assertFalse(r.raw.contains("13812345678"), r.raw);
    assertTrue(r.raw.contains(PiiMasker.PHONE), r.raw);
  }

  @Test
  void replacementCharacterMeansWrongEncoding() {
    IngestRecord r = fj4("1", "u", "t", "2019/4/25 9:00:00", "乱码\uFFFD\uFFFD", "", "");
    assertEquals(QuarantineReason.ENCODING_ERROR, r.reason);
    assertTrue(r.message.contains("encoding"), r.message);
  }

  @Test
  void countsMustBeWholeNonNegativeNumbers() {
    List<String> h = List.of("留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "反对数", "点赞数");
    var m = new RowMapper(Profiles.load("tipdm_fj3", List.of()), "f.csv", h, SH, KEYS);
    IngestRecord ok = m.map(RawRecord.ok(2, new String[] {"1", "u", "t", "2019/4/25 9:00:00", "x", "0", "12"}));
    assertEquals(12, ok.likes);
    assertEquals(0, ok.dislikes);
    IngestRecord fromExcel = m.map(RawRecord.ok(3, new String[] {"2.0", "u", "t", "2019/4/25 9:00:00", "x", "", "3.0"}));
    assertEquals("2", fromExcel.sourceId);
    assertEquals(3, fromExcel.likes);
    assertNull(fromExcel.dislikes);
    IngestRecord bad = m.map(RawRecord.ok(4, new String[] {"3", "u", "t", "2019/4/25 9:00:00", "x", "0", "十二"}));
    assertEquals(QuarantineReason.BAD_NUMBER, bad.reason);
    assertTrue(bad.message.contains("十二"), bad.message);
    assertEquals(QuarantineReason.BAD_NUMBER, m.map(RawRecord.ok(5, new String[] {"4", "u", "t", "2019/4/25 9:00:00", "x", "-1", "1"})).reason);
  }

  @Test
  void idFromSeveralColumnsAndFromContent() {
    var full = new RowMapper(Profiles.load("tipdm_labeled_full", List.of()), "f.csv",
        List.of("留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级标签", "来源"), SH, KEYS);
    IngestRecord r = full.map(RawRecord.ok(2, new String[] {"37042", "A1", "医保", "2019/1/2 3:04:05", "报销", "劳动和社会保障", "organiser_sample"}));
    assertEquals("tipdm_labeled_full:organiser_sample-37042", r.complaintId);
    assertEquals("劳动和社会保障", r.categoryGiven);

    var text = new RowMapper(Profiles.load("tipdm_labeled_text", List.of()), "f.csv", List.of("一级标签", "留言文本"), SH, KEYS);
    IngestRecord a = text.map(RawRecord.ok(2, new String[] {"交通运输", "公交车太少"}));
    IngestRecord b = text.map(RawRecord.ok(3, new String[] {"交通运输", "公交车太少"}));
    assertEquals(a.complaintId, b.complaintId, "the same text gets the same id");
    assertEquals("undated", a.dt);
    assertNull(a.receivedAt);
  }

  @Test
  void channelColumnIsMappedWithDefaultsAndProfileValues() {
    List<String> h = List.of("工单编号", "来电号码", "受理时间", "渠道", "诉求标题", "诉求内容", "所属区县", "所属街道", "所属社区", "小区名称", "联名人数", "问题分类", "答复内容", "答复时间");
    var m = new RowMapper(Profiles.load("demo_hotline", List.of()), "f.csv", h, SH, KEYS);
    String[] row = {"GD1", "13812345678", "2026-08-01 07:26:40", "约谈", "t", "x", "城东区", "东门街道", "玉安社区", "金湖花园", "22", "", "", ""};
    IngestRecord r = m.map(RawRecord.ok(2, row));
    assertEquals("appointment", r.channel);
    assertEquals(22, r.coSigners);
    assertEquals("金湖花园", r.estate);
    assertNull(r.categoryGiven);
    row[3] = "传真";
    assertEquals("other", m.map(RawRecord.ok(3, row)).channel);
    row[3] = "";
    assertEquals("other", m.map(RawRecord.ok(4, row)).channel, "no channel column value and no profile default");
  }

  @Test
  void wrongHeaderFailsFastNamingExpectedAndFoundColumns() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new RowMapper(Profiles.load("tipdm_fj4", List.of()), "exports/x.csv", List.of("留言编号", "留言详情"), SH, KEYS));
    assertTrue(e.getMessage().contains("exports/x.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("missing column(s) [留言用户, 留言主题, 留言时间, 答复意见, 答复时间]"), e.getMessage());
    assertTrue(e.getMessage().contains("the file has [留言编号, 留言详情]"), e.getMessage());
  }
}
