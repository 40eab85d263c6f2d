package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.qrcode.decoder.Mode;
import io.aloft.protocol.QrSizes;
import io.aloft.protocol.Samples;
import io.aloft.protocol.Samples.Sample;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The QR bounds of DESIGN.md's targets, measured with ZXing at error correction M on realistic
 * values (see {@link Samples}). A layout change that pushes a code past its bound fails here.
 */
class QrSizeTest {
  private static final Samples SAMPLES = new Samples();

  @Test
  void samples_useRealisticNotTinyValues() {
    for (PaymentAuthorization code : new PaymentAuthorization[] {SAMPLES.handshake, SAMPLES.selfContained}) {
      assertThat(code.counter()).isGreaterThanOrEqualTo(128);
      assertThat(code.amountMinor()).isGreaterThanOrEqualTo(16_384);
      assertThat(code.cumulativeMinor()).isGreaterThanOrEqualTo(16_384);
    }
    assertThat(SAMPLES.selfContained.embeddedCredential().orElseThrow().deviceKey().algorithm())
        .isEqualTo(SignatureAlgorithm.ECDSA_P256);
    assertThat(SAMPLES.request.amount().amountMinor()).isGreaterThanOrEqualTo(16_384);
    assertThat(SAMPLES.request.items()).isEmpty();
  }

  @Test
  void selfContainedOneScanCode_fitsQrVersion10() {
    assertThat(QrSizes.measure(SAMPLES.selfContained.toQrText()).version()).isLessThanOrEqualTo(10);
  }

  @Test
  void compactHandshakeAuthorization_fitsQrVersion7() {
    assertThat(QrSizes.measure(SAMPLES.handshake.toQrText()).version()).isLessThanOrEqualTo(7);
  }

  @Test
  void paymentRequestWithoutItems_fitsQrVersion7() {
    assertThat(QrSizes.measure(SAMPLES.request.toQrText()).version()).isLessThanOrEqualTo(7);
  }

  static Stream<Sample> samples() {
    return SAMPLES.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyQrText_isEncodedInAlphanumericMode(Sample sample) {
    assertThat(QrSizes.measure(sample.message().toQrText()).mode()).isEqualTo(Mode.ALPHANUMERIC);
  }
}
