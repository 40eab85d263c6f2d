package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Samples;
import io.aloft.protocol.Samples.Sample;
import io.aloft.protocol.crypto.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A signature over one message type never verifies as another type, even over the same body bytes. */
class DomainSeparationTest {
  private static final Samples SAMPLES = new Samples();

  static Stream<Sample> samples() {
    return SAMPLES.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void signature_verifiesOnlyUnderItsOwnTypesDomain(Sample sample) {
    SignedMessage message = sample.message();
    byte[] suffix = sample.answered().map(PaymentRequest::digest).orElse(new byte[0]);
    for (MessageType type : MessageType.values()) {
      byte[] input = concat(type.signingDomain(), message.body(), suffix);
      assertThat(Signatures.verify(sample.signer(), input, message.signature()))
          .as("%s signature checked as %s", message.type(), type)
          .isEqualTo(type == message.type());
    }
    // Without any domain at all, too.
    assertThat(Signatures.verify(sample.signer(), concat(message.body(), suffix), message.signature())).isFalse();
  }

  @Test
  void domains_areDistinctAndNoneIsAPrefixOfAnother() {
    for (MessageType a : MessageType.values()) {
      String domain = new String(a.signingDomain(), StandardCharsets.US_ASCII);
      assertThat(domain).startsWith("aloft:v1:").endsWith("\0");
      for (MessageType b : MessageType.values()) {
        if (a != b) {
          assertThat(domain).doesNotStartWith(new String(b.signingDomain(), StandardCharsets.US_ASCII));
        }
      }
    }
  }

  @Test
  void handshake_signsTheRequestItAnswers_butAOneScanCodeSignsNone() {
    byte[] body = SAMPLES.handshake.body();
    byte[] expected = concat("aloft:v1:handshake-authorization\0".getBytes(StandardCharsets.US_ASCII), body,
        SAMPLES.request.digest());
    assertThat(SAMPLES.handshake.signingInput(java.util.Optional.of(SAMPLES.request))).isEqualTo(expected);
    assertThat(SAMPLES.cap.signingInput()).isEqualTo(concat(
        "aloft:v1:one-scan-code\0".getBytes(StandardCharsets.US_ASCII), SAMPLES.cap.body()));
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
