package io.aloft.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Samples.Sample;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.SignedMessage;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Equality and hashing of the value types: reflexive, symmetric, consistent with hashCode, and content-based. */
class ValueContractTest {

  /** {@code same} is an equal value built separately; every {@code different} differs in one field. */
  static void assertValueContract(Object value, Object same, List<?> different) {
    assertThat(value).isEqualTo(value).isEqualTo(same).isNotEqualTo(null).isNotEqualTo(new Object());
    assertThat(same).isEqualTo(value);
    assertThat(value.hashCode()).isEqualTo(same.hashCode());
    assertThat(value.toString()).isEqualTo(same.toString());
    for (Object other : different) {
      assertThat(value).as("differs from %s", other).isNotEqualTo(other);
      assertThat(other).isNotEqualTo(value);
    }
  }

  @Test
  void money_isEqualByAmountAndCurrency() {
    assertValueContract(Money.of(1250, "CNY"), Money.parse("12.50", CurrencyUnit.of("CNY")),
        List.of(Money.of(1251, "CNY"), Money.of(1250, "JPY")));
  }

  @Test
  void bytes_isEqualByContent_andCopiesOnTheWayInAndOut() {
    byte[] raw = {1, 2, 3};
    Bytes bytes = Bytes.of(raw);
    raw[0] = 9;
    assertValueContract(bytes, Bytes.fromHex("010203"), List.of(Bytes.fromHex("010204"), Bytes.fromHex("0102"),
        Bytes.empty()));
    bytes.toByteArray()[0] = 9;
    assertThat(bytes.hex()).isEqualTo("010203");
    assertThat(Bytes.of(new byte[0])).isSameAs(Bytes.empty());
  }

  @Test
  void bytes_ordersUnsigned() {
    assertThat(Bytes.fromHex("80")).isGreaterThan(Bytes.fromHex("7f"));
    assertThat(Bytes.fromHex("01")).isLessThan(Bytes.fromHex("0100"));
  }

  @Test
  void bytes_withNullOrBadHex_refuses() {
    assertThatThrownBy(() -> Bytes.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bytes.fromHex("0g")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bytes.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialSerial_isEqualByValue() {
    assertValueContract(CredentialSerial.fromHex("0011223344556677"), new CredentialSerial(Bytes.fromHex("0011223344556677")),
        List.of(CredentialSerial.fromHex("0011223344556678")));
    assertThatThrownBy(() -> CredentialSerial.fromHex("00112233")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void paymentId_isEqualBySerialAndCounter_andItsTextFormRoundTrips() {
    PaymentId id = new PaymentId(Flight.SERIAL, 200);
    assertValueContract(id, PaymentId.parse("0011223344556677-200"),
        List.of(new PaymentId(Flight.SERIAL, 201), new PaymentId(CredentialSerial.fromHex("0011223344556678"), 200)));
    assertThat(PaymentId.parse(id.toString())).isEqualTo(id);
    assertThat(id).isLessThan(new PaymentId(Flight.SERIAL, 1000));
  }

  @Test
  void paymentId_parse_refusesNonCanonicalText() {
    for (String text : List.of("0011223344556677-0200", "0011223344556677-0", "0011223344556677-4294967296",
        "0011223344556677", "0011223344556677-", "0011223344556677-+2", "001122334455667-20",
        "0011223344556677-99999999999")) {
      assertThatThrownBy(() -> PaymentId.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
    }
  }

  static Stream<Sample> samples() {
    return new Samples().all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void message_isEqualToItsDecodedCopy_andNotToAnotherSample(Sample sample) throws Exception {
    SignedMessage decoded = sample.decoder().decode(sample.message().encode());
    List<SignedMessage> others = new Samples().all().stream()
        .filter(s -> !s.name().equals(sample.name()) && s.message().getClass() == sample.message().getClass())
        .map(Sample::message).toList();
    assertValueContract(sample.message(), decoded, others);
  }
}
