package io.aloft.protocol.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MoneyTest {
  private static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  private static final CurrencyUnit JPY = CurrencyUnit.of("JPY");
  private static final CurrencyUnit KWD = CurrencyUnit.of("KWD");
  private static final CurrencyUnit EUR = CurrencyUnit.of("EUR");

  @ParameterizedTest(name = "{0} {1} is {2} minor units and formats as {3}")
  @CsvSource({
      "12.50, CNY, 1250, 12.50",
      "12.5, CNY, 1250, 12.50",
      "12, CNY, 1200, 12.00",
      "0, CNY, 0, 0.00",
      "7, JPY, 7, 7",
      "1500, JPY, 1500, 1500",
      "0.125, KWD, 125, 0.125",
      "3.5, KWD, 3500, 3.500",
      "92233720368547758.07, CNY, 9223372036854775807, 92233720368547758.07",
      "9223372036854775807, JPY, 9223372036854775807, 9223372036854775807"})
  void parse_readsMajorUnitsByTheCurrencyExponent(String text, String code, long minor, String formatted) {
    Money money = Money.parse(text, CurrencyUnit.of(code));
    assertThat(money.amountMinor()).isEqualTo(minor);
    assertThat(money.toPlainString()).isEqualTo(formatted);
    assertThat(Money.parse(money.toPlainString(), money.currency())).isEqualTo(money);
  }

  @ParameterizedTest(name = "\"{0}\" in {1} is refused")
  @CsvSource({
      "12.505, CNY", "1.0, JPY", "0.1234, KWD", "-1, CNY", "+1, CNY", "1e3, CNY", "'1,000', CNY",
      "'', CNY", ".5, CNY", "5., CNY", "' 5', CNY", "١٢, CNY", "0x10, CNY"})
  void parse_withMoreDecimalsThanTheCurrencyOrNotPlainDecimal_refuses(String text, String code) {
    assertThatThrownBy(() -> Money.parse(text, CurrencyUnit.of(code)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "\"{0}\" in {1} overflows")
  @CsvSource({"92233720368547758.08, CNY", "9223372036854775808, JPY", "9999999999999999999, KWD"})
  void parse_aboveLongMaxMinorUnits_refusesAsTooLarge(String text, String code) {
    assertThatThrownBy(() -> Money.parse(text, CurrencyUnit.of(code)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void parse_withNullTextOrCurrency_refuses() {
    assertThatThrownBy(() -> Money.parse(null, CNY)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.parse("1", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_withNegativeAmount_refusesNamingTheValue() {
    assertThatThrownBy(() -> Money.of(-1, CNY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amountMinor")
        .hasMessageContaining("-1");
  }

  @Test
  void of_withoutCurrency_refuses() {
    assertThatThrownBy(() -> Money.of(1, (CurrencyUnit) null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.of(1, "XYZ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plus_overflowingLong_throwsInsteadOfWrapping() {
    assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, CNY).plus(Money.of(1, CNY)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void plusAndMinus_inOneCurrency_areExact() {
    assertThat(Money.of(1250, CNY).plus(Money.of(50, CNY))).isEqualTo(Money.of(1300, CNY));
    assertThat(Money.of(1250, CNY).minus(Money.of(1250, CNY))).isEqualTo(Money.zero(CNY));
  }

  @Test
  void minus_belowZero_refuses() {
    assertThatThrownBy(() -> Money.of(1, CNY).minus(Money.of(2, CNY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mixingCurrencies_refusesNamingBothCurrencies() {
    Money yuan = Money.of(100, CNY);
    Money yen = Money.of(100, JPY);
    assertThatThrownBy(() -> yuan.plus(yen)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CNY").hasMessageContaining("JPY");
    assertThatThrownBy(() -> yuan.minus(yen)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CNY").hasMessageContaining("JPY");
    assertThatThrownBy(() -> yuan.compareTo(yen)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CNY").hasMessageContaining("JPY");
    assertThatThrownBy(() -> yuan.isGreaterThan(yen)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_showsAmountAndCode() {
    assertThat(Money.of(1250, CNY)).hasToString("12.50 CNY");
    assertThat(Money.of(7, JPY)).hasToString("7 JPY");
  }

  @Test
  void fxConvert_betweenExponents_isExact() {
    // 1 EUR = 7.8 CNY: 21.50 EUR is 167.70 CNY exactly.
    assertThat(new FxRate(EUR, CNY, 7_800_000_000L).convert(Money.of(2_150, EUR))).isEqualTo(Money.of(16_770, CNY));
    // 1 CNY = 20.5 JPY: 12.34 CNY is 252.97 JPY, rounded half-even to 253.
    assertThat(new FxRate(CNY, JPY, 20_500_000_000L).convert(Money.of(1_234, CNY))).isEqualTo(Money.of(253, JPY));
    // 1 JPY = 0.002 KWD: 1500 JPY is 3.000 KWD.
    assertThat(new FxRate(JPY, KWD, 2_000_000L).convert(Money.of(1_500, JPY))).isEqualTo(Money.of(3_000, KWD));
  }

  @ParameterizedTest(name = "{0} JPY at 0.5 EUR cents each is {1} EUR minor")
  @CsvSource({"1, 0", "3, 2", "5, 2", "7, 4", "9, 4", "2, 1"})
  void fxConvert_roundsHalfToEven(long yen, long cents) {
    // 1 JPY = 0.005 EUR, so odd yen land on exactly half a cent.
    assertThat(new FxRate(JPY, EUR, 5_000_000L).convert(Money.of(yen, JPY))).isEqualTo(Money.of(cents, EUR));
  }

  @ParameterizedTest(name = "{0} JPY at 0.5 EUR cents each costs the payer {1} EUR minor")
  @CsvSource({"1, 1", "2, 1", "3, 2", "5, 3", "7, 4"})
  void fxChargeFor_roundsUpAgainstThePayer(long yen, long cents) {
    assertThat(new FxRate(JPY, EUR, 5_000_000L).chargeFor(Money.of(yen, JPY))).isEqualTo(Money.of(cents, EUR));
  }

  @Test
  void fxChargeFor_neverMakesAForeignPaymentFree_andIsExactWhenTheConversionIs() {
    // 1 JPY = 0.00001 EUR: one yen is a thousandth of a cent, still charged one cent.
    assertThat(new FxRate(JPY, EUR, 10_000L).chargeFor(Money.of(1, JPY))).isEqualTo(Money.of(1, EUR));
    assertThat(new FxRate(JPY, EUR, 10_000L).convert(Money.of(1, JPY))).isEqualTo(Money.of(0, EUR));
    assertThat(new FxRate(EUR, CNY, 7_800_000_000L).chargeFor(Money.of(2_150, EUR))).isEqualTo(Money.of(16_770, CNY));
    // 12.34 CNY at 20.5 is 252.97 JPY: the payer pays 253, never 252.
    assertThat(new FxRate(CNY, JPY, 20_500_000_000L).chargeFor(Money.of(1_234, CNY))).isEqualTo(Money.of(253, JPY));
    assertThat(new FxRate(CNY, JPY, 20_000_000_000L).chargeFor(Money.of(1, CNY))).isEqualTo(Money.of(1, JPY));
  }

  @Test
  void fxConvert_fromAnotherCurrency_refusesNamingBoth() {
    assertThatThrownBy(() -> new FxRate(EUR, CNY, 1).convert(Money.of(1, JPY)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EUR").hasMessageContaining("JPY");
  }

  @Test
  void fxConvert_overflowingLong_throws() {
    assertThatThrownBy(() -> new FxRate(EUR, JPY, 1_000_000_000_000L).convert(Money.of(Long.MAX_VALUE, EUR)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void fxRate_withSameCurrencyTwiceOrNonPositiveRate_refuses() {
    assertThatThrownBy(() -> new FxRate(CNY, CNY, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FxRate(EUR, CNY, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void currencyUnit_knowsIsoExponentsAndNumericCodes() {
    assertThat(CNY).isEqualTo(new CurrencyUnit("CNY", 156, 2));
    assertThat(JPY.exponent()).isZero();
    assertThat(KWD.exponent()).isEqualTo(3);
    assertThat(CurrencyUnit.byNumericCode(392)).contains(JPY);
    assertThat(CurrencyUnit.find("XXX")).isEmpty();
    assertThat(CurrencyUnit.byNumericCode(0)).isEmpty();
  }

  @ParameterizedTest(name = "{0}/{1}/{2} is not ISO 4217")
  @CsvSource({"CNY, 999, 2", "CNY, 156, 3", "XXX, 999, 0", "QQQ, 1, 2", "cny, 156, 2"})
  void currencyUnit_withATripleIsoDoesNotDefine_refuses(String code, int numeric, int exponent) {
    assertThatThrownBy(() -> new CurrencyUnit(code, numeric, exponent)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "numeric {0} names {1}; the withdrawn {2} is unknown")
  @CsvSource({"532, XCG, ANG", "975, , BGN", "891, , CSD"})
  void currencyUnit_aWithdrawnCurrency_isUnknown_andItsNumericCodeNamesOnlyACurrentOne(
      int numeric, String current, String withdrawn) {
    assertThat(CurrencyUnit.find(withdrawn)).isEmpty();
    assertThat(CurrencyUnit.byNumericCode(numeric).map(CurrencyUnit::code))
        .isEqualTo(java.util.Optional.ofNullable(current));
  }

  @ParameterizedTest
  @ValueSource(strings = {"CNY", "EUR", "JPY", "KWD", "USD", "CLF"})
  void currencyUnit_commonCurrencies_areFoundByTheirNumericCode(String code) {
    CurrencyUnit unit = CurrencyUnit.of(code);
    assertThat(CurrencyUnit.byNumericCode(unit.numericCode())).contains(unit);
  }

  @Test
  void aRateWrittenAsADecimal_isReadExactly_andWrittenBackWithoutTrailingZeros() {
    FxRate rate = FxRate.ofDecimal(EUR, CNY, "7.812500");
    assertThat(rate.rateNanos()).isEqualTo(7_812_500_000L);
    assertThat(rate.decimal()).isEqualTo("7.8125");
    assertThat(FxRate.ofDecimal(JPY, EUR, "0.000000001").rateNanos()).isEqualTo(1);
    assertThat(FxRate.ofDecimal(EUR, CNY, "8").decimal()).isEqualTo("8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "0.0", "-1", "7,8", "1e3", " 7.8", "7.", ".5", "0.0000000001", "99999999999"})
  void aRateThatIsNotAPositiveDecimalWithAtMostNineDecimals_isRefused(String text) {
    assertThatThrownBy(() -> FxRate.ofDecimal(EUR, CNY, text)).isInstanceOf(IllegalArgumentException.class);
  }
}
