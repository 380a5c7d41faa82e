package org.minqing.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiMaskerTest {
  private final PiiMasker m = PiiMasker.INSTANCE;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "我的电话13812345678，请回电|我的电话[电话]，请回电",
        "手机：138-1234-5678|手机：[电话]",
        "联系+86 139 1234 5678谢谢|联系[电话]谢谢",
        "座机0731-88886666转|座机[电话]转",
        "联系电话：6688123|联系电话：[电话]",
        "身份证号43010219800101123X，|身份证号[身份证号]，",
        "身份证430102198001011234|身份证[身份证号]",
        "卡号6222021234567890128已冻结|卡号[银行卡号]已冻结",
        "打到6222 0212 3456 7890 128里|打到[银行卡号]里",
        "退款请打到6222021234567890123。|退款请打到[银行卡号]。",
        "邮箱 zhang.san@163.com 回复|邮箱 [邮箱] 回复",
        "我叫曹正科，电话*****|我叫[姓名]，电话*****",
        "本人王小明反映|本人王小明反映",
        "姓名：李四，住址|姓名：[姓名]，住址",
        "住在米兰春天G2栋320，|住在米兰春天[门牌]，",
        "3栋2单元501室漏水|[门牌]漏水",
        "我家2-1-301楼上|我家[门牌]楼上",
      })
  void masks(String in, String expected) {
    assertEquals(expected, m.mask(in));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2019年12月30日下午3点",
        "征收社会抚养费94256元",
        "A市A2区桂花坪街道",
        "已经等了16年",
        "我是业主，希望解决",
        "价格是0.24元一块",
        "订单号2019123012",
        "2019-12-30 17:06:14",
        "12345热线",
      })
  void leavesOrdinaryTextAlone(String in) {
    assertEquals(in, m.mask(in));
  }

  @Test
  void countsReplacementsPerKind() {
    long[] counts = new long[PiiMasker.Kind.values().length];
    m.mask("电话13812345678或13912345678，身份证43010219800101123X", counts);
    assertEquals(2, counts[PiiMasker.Kind.PHONE.ordinal()]);
    assertEquals(1, counts[PiiMasker.Kind.ID_CARD.ordinal()]);
    assertEquals(0, counts[PiiMasker.Kind.EMAIL.ordinal()]);
  }

  @Test
  void luhnCheck() {
    assertTrue(PiiMasker.luhn("6222021234567890128"));
    assertFalse(PiiMasker.luhn("6222021234567890123"));
  }

  @Test
  void nullStaysNull() {
    assertEquals(null, m.mask(null));
  }
}
