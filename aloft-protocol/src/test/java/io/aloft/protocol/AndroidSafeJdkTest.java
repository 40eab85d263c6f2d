package io.aloft.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The SDKs avoid JDK methods that Android API 26 lacks; their replacements answer exactly as the
 * JDK methods do, which this test checks against the JDK itself (IssuerClockTest does the same
 * for the clock offset's truncation).
 */
class AndroidSafeJdkTest {
  @Property
  void hex_isHexFormats(@ForAll byte[] data) {
    assertThat(Bytes.of(data).hex()).isEqualTo(HexFormat.of().formatHex(data));
    assertThat(Bytes.fromHex(HexFormat.of().withUpperCase().formatHex(data)).toByteArray()).isEqualTo(data);
  }

  @Property
  void fromHex_acceptsAndRefusesWhatHexFormatDoes(@ForAll("hexish") String text) {
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException refused) {
      assertThatThrownBy(() -> Bytes.fromHex(text)).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    assertThat(Bytes.fromHex(text).toByteArray()).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> hexish() {
    // Hex digits of both cases, fullwidth and Arabic-Indic digits, and odd lengths.
    return Arbitraries.strings().withChars("0123456789abcdefABCDEFgG \uff11\u0661").ofMaxLength(9);
  }

  @Property
  void compareTo_ordersAsArraysCompareUnsigned(@ForAll byte[] a, @ForAll byte[] b) {
    assertThat(Integer.signum(Bytes.of(a).compareTo(Bytes.of(b))))
        .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
  }

  @Property
  void isBlankAndStrip_areStrings(@ForAll("spaced") String text) {
    assertThat(Text.isBlank(text)).isEqualTo(text.isBlank());
    assertThat(Text.strip(text)).isEqualTo(text.strip());
  }

  @Provide
  Arbitrary<String> spaced() {
    // ASCII and Unicode white space (including a supplementary-plane letter), no-break space, text.
    return Arbitraries.strings().withChars(" \t\n\r\u000b\u001c\u2003\u3000\u00a0a\u00e9\ud83d\ude00").ofMaxLength(8);
  }

  @Test
  void firstPresent_isOptionalOr_askingOnlyAsFarAsNeeded() {
    AtomicInteger asked = new AtomicInteger();
    Optional<String> found = Optionals.firstPresent(Optional.empty(),
        () -> { asked.incrementAndGet(); return Optional.empty(); },
        () -> { asked.incrementAndGet(); return Optional.of("second"); },
        () -> { asked.incrementAndGet(); return Optional.of("third"); });
    assertThat(found).contains("second");
    assertThat(asked).hasValue(2);
    assertThat(Optionals.firstPresent(Optional.of("first"), () -> { throw new AssertionError("asked"); }))
        .contains("first");
    assertThat(Optionals.firstPresent(Optional.<String>empty())).isEmpty();
    assertThatThrownBy(() -> Optionals.firstPresent(Optional.<String>empty(), () -> null))
        .isInstanceOf(NullPointerException.class);
  }
}
