package io.aloft.protocol.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9285's published examples (section 4.3 and 4.4) and strict decoding. */
class Base45Test {

  @ParameterizedTest(name = "\"{0}\" encodes as \"{1}\"")
  @CsvSource(delimiter = '|', value = {"AB|BB8", "Hello!!|%69 VD92EX0", "base-45|UJCLQE7W581", "ietf!|QED8WEX0"})
  void encode_matchesRfc9285Examples(String plain, String encoded) throws DecodeException {
    assertThat(Base45.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    assertThat(new String(Base45.decode(encoded), StandardCharsets.US_ASCII)).isEqualTo(plain);
  }

  @Test
  void decode_ofRfcExampleQED8WEX0_isIetf() throws DecodeException {
    assertThat(Base45.decode("QED8WEX0")).isEqualTo("ietf!".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void encode_ofEmptyAndEdgeBytes_roundTrips() throws DecodeException {
    assertThat(Base45.encode(new byte[0])).isEmpty();
    assertThat(Base45.decode("")).isEmpty();
    byte[] edges = {0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertThat(Base45.encode(edges)).isEqualTo("000FGWU5");
    assertThat(Base45.decode(Base45.encode(edges))).isEqualTo(edges);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {
      "GGW",        // 65536: one above what two bytes hold
      ":::",        // 44 + 44*45 + 44*2025, far above
      "A",          // a lone character
      "BB8A",       // a lone character after a group
      "U6",         // 6*45 + 30 = 300: a final pair above 255
      "bb8",        // lowercase is not in the alphabet
      "BB_",        // underscore is not either
      "BB\u00e9",   // nor anything beyond ASCII
      "AB\n"})
  void decode_ofInvalidText_failsWithBadText(String text) {
    assertThatThrownBy(() -> Base45.decode(text))
        .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.failure()).isEqualTo(DecodeFailure.BAD_TEXT));
  }

  @Test
  void qrText_prefixesAl1AndUsesOnlyTheAlphanumericSet() throws DecodeException {
    byte[] message = {1, 4, (byte) 0x80, 0};
    String text = QrText.encode(message);
    assertThat(text).startsWith("AL1").matches("[0-9A-Z $%*+\\-./:]+");
    assertThat(QrText.decode(text)).isEqualTo(message);
    assertThat(QrText.decode("\r\n" + text + "\n\t")).isEqualTo(message);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"", "AL", "AL2BB8", "al1BB8", " AL1BB8", "AL1BB8 \n", "XAL1BB8", "AL1A"})
  void qrText_withoutThePrefixOrWithBadBase45_failsWithBadText(String text) {
    assertThatThrownBy(() -> QrText.decode(text))
        .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.failure()).isEqualTo(DecodeFailure.BAD_TEXT));
  }

  @Test
  void qrText_longerThanAnyQrCode_failsBeforeDecoding() {
    String huge = "AL1" + "0".repeat(10_000_000);
    assertThatThrownBy(() -> QrText.decode(huge))
        .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.failure()).isEqualTo(DecodeFailure.OUT_OF_BOUNDS));
    assertThatThrownBy(() -> QrText.decode(null)).isInstanceOf(DecodeException.class);
  }
}
