package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A terminal signs the names a passenger reads. Characters that re-order or hide the text around
 * them (a right-to-left override next to an amount, a line break) are refused when a name is made
 * and when one is decoded, so a wallet never shows one.
 */
class DisplayTextTest {
  private static final SoftwareSigner ISSUER = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom());
  private static final SoftwareSigner TERMINAL = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom());

  private static TerminalCertificate certificate(String name) {
    return new TerminalCertificate(1, 7, 3, name, TERMINAL.publicKey(), Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2027-11-01T00:00:00Z"), Bytes.empty()).signedBy(ISSUER);
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"202E", "202D", "202A", "2066", "2067", "2068", "2069", "200E", "200F", "061C", "000A",
      "000D", "0009", "001B", "007F", "0085", "2028", "2029"})
  void aNameWithAReorderingOrControlCharacter_isRefused_whenMadeAndWhenDecoded(String hex) throws DecodeException {
    String misleading = new String(Character.toChars(Integer.parseInt(hex, 16)));
    assertThat(DisplayText.misleads(misleading.codePointAt(0))).isTrue();
    assertThatThrownBy(() -> certificate("Cart" + misleading + "01"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+" + hex);
    assertThatThrownBy(() -> new LineItem("Tea" + misleading, 1, 100)).isInstanceOf(IllegalArgumentException.class);

    // The same bytes arriving on the wire: a genuine certificate whose name bytes are swapped in place.
    String stand = "X".repeat(misleading.getBytes(StandardCharsets.UTF_8).length);
    byte[] encoded = certificate("Cart" + stand + "01").encode();
    byte[] name = ("Cart" + stand + "01").getBytes(StandardCharsets.UTF_8);
    byte[] evil = ("Cart" + misleading + "01").getBytes(StandardCharsets.UTF_8);
    int at = indexOf(encoded, name);
    System.arraycopy(evil, 0, encoded, at, evil.length);
    assertThatThrownBy(() -> TerminalCertificate.decode(encoded)).isInstanceOf(DecodeException.class)
        .satisfies(e -> assertThat(((DecodeException) e).failure()).isEqualTo(DecodeFailure.BAD_VALUE));
  }

  @Test
  void joinersAndOtherScripts_stayAllowed() throws DecodeException {
    for (String name : new String[] {"春秋航空 1号车", "کافه\u200Cبار", "Crew 👩\u200D✈️", "Café Ümlaut"}) {
      TerminalCertificate certificate = certificate(name);
      assertThat(TerminalCertificate.decode(certificate.encode()).displayName()).isEqualTo(name);
    }
  }

  @Test
  void theWrittenOutSets_areUnicodesCategoriesOnThisRuntime() {
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      int type = Character.getType(c);
      boolean category = type == Character.CONTROL || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR;
      if (category) {
        assertThat(DisplayText.misleads(c)).as("U+%04X", c).isTrue();
      }
      assertThat(DisplayText.isSpace(c)).as("U+%04X", c).isEqualTo(type == Character.SPACE_SEPARATOR);
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "   ", "\u00A0", "\u3000\u2003", "\u202F ", " \t "})
  void blankText_isRefused_whenMadeAndWhenDecoded(String blank) {
    assertThat(DisplayText.isBlank(blank)).isTrue();
    assertThatThrownBy(() -> certificate(blank)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LineItem(blank, 1, 100)).isInstanceOf(IllegalArgumentException.class);
    String stand = "X".repeat(Math.max(1, blank.getBytes(StandardCharsets.UTF_8).length));
    byte[] encoded = certificate(stand).encode();
    byte[] swapped = withName(encoded, stand, blank);
    // Empty is a length below the minimum of 1; spaces only are a value the field does not allow.
    DecodeFailure expected = blank.isEmpty() ? DecodeFailure.BELOW_MINIMUM : DecodeFailure.BAD_VALUE;
    assertThatThrownBy(() -> TerminalCertificate.decode(swapped)).isInstanceOf(DecodeException.class)
        .satisfies(e -> assertThat(((DecodeException) e).failure()).isEqualTo(expected));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"\u200BCart", " Cart ", "\u00A0x", "\u3000茶"})
  void textWithAnythingButSpaces_isNotBlank(String text) {
    assertThat(DisplayText.isBlank(text)).isFalse();
  }

  /** The encoding with the certificate's name {@code from} replaced by {@code to}, its length prefix too. */
  private static byte[] withName(byte[] encoded, String from, String to) {
    byte[] fromBytes = from.getBytes(StandardCharsets.UTF_8);
    byte[] toBytes = to.getBytes(StandardCharsets.UTF_8);
    int at = indexOf(encoded, fromBytes);
    byte[] out = new byte[encoded.length - fromBytes.length + toBytes.length];
    System.arraycopy(encoded, 0, out, 0, at - 1);
    out[at - 1] = (byte) toBytes.length;
    System.arraycopy(toBytes, 0, out, at, toBytes.length);
    System.arraycopy(encoded, at + fromBytes.length, out, at + toBytes.length, encoded.length - at - fromBytes.length);
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("name bytes not found");
  }
}
