package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Samples;
import io.aloft.protocol.Samples.Sample;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Untamperable: changing any single byte of any signed message either fails to decode or yields a
 * message whose signature no longer verifies. Never accepted.
 */
class TamperTest {
  static final Samples SAMPLES = new Samples();
  private static final int[] MASKS = {0x01, 0x80, 0xFF};

  static Stream<Sample> samples() {
    return SAMPLES.all().stream();
  }

  /** Empty when {@code tampered} is refused; otherwise a description of how it got through. */
  static Optional<String> accepted(Sample sample, byte[] tampered) {
    try {
      SignedMessage decoded = sample.decoder().decode(tampered);
      return sample.verifies(decoded) ? Optional.of(sample.name() + " still verifies") : Optional.empty();
    } catch (DecodeException refused) {
      return Optional.empty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void flippingAnyByte_isRefused(Sample sample) {
    byte[] encoded = sample.message().encode();
    assertThat(sample.verifies(sample.message())).as("the untampered sample verifies").isTrue();
    List<String> accepted = new ArrayList<>();
    for (int at = 0; at < encoded.length; at++) {
      for (int mask : MASKS) {
        byte[] tampered = encoded.clone();
        tampered[at] ^= (byte) mask;
        int position = at;
        accepted(sample, tampered).ifPresent(why -> accepted.add("byte " + position + " ^ " + mask + ": " + why));
      }
    }
    assertThat(accepted).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void changingTheSignatureBytesOrTheSigner_isRefused(Sample sample) throws DecodeException {
    SignedMessage decoded = sample.decoder().decode(sample.message().encode());
    assertThat(sample.verifies(decoded)).isTrue();
    Sample otherSigner = new Sample(sample.name(), sample.message(),
        sample.signer().equals(SAMPLES.flight.issuer.publicKey())
            ? SAMPLES.flight.terminalKey.publicKey() : SAMPLES.flight.issuer.publicKey(),
        sample.answered(), sample.decoder());
    assertThat(otherSigner.verifies(decoded)).isFalse();
  }

  @ParameterizedTest(name = "request byte {0}")
  @MethodSource("requestPositions")
  void handshake_checkedAgainstAnyAlteredRequest_doesNotVerify(int position) {
    byte[] request = SAMPLES.request.encode();
    for (int mask : MASKS) {
      byte[] tampered = request.clone();
      tampered[position] ^= (byte) mask;
      try {
        PaymentRequest altered = PaymentRequest.decode(tampered);
        assertThat(Signatures.verify(SAMPLES.flight.device.publicKey(),
            SAMPLES.handshake.signingInput(Optional.of(altered)), SAMPLES.handshake.signature())).isFalse();
      } catch (DecodeException refused) {
        // refused before any signature: fine
      }
    }
  }

  static Stream<Integer> requestPositions() {
    return Stream.iterate(0, i -> i < SAMPLES.request.encode().length, i -> i + 1);
  }
}
