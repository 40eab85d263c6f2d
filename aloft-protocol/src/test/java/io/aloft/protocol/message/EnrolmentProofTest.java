package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Flight;
import io.aloft.protocol.ProjectFiles;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EnrolmentProofTest {
  private static final Bytes CHALLENGE = Bytes.fromHex(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void proofSignedByTheEnrolledKey_verifies(SignatureAlgorithm algorithm) {
    Flight flight = new Flight(algorithm);
    assertThat(EnrolmentProof.sign(CHALLENGE, Flight.FLIGHT_ID, flight.device).verifies()).isTrue();
  }

  @Test
  void proofForAnotherKey_anotherChallenge_orAnotherFlight_doesNotVerify() {
    Flight flight = new Flight(SignatureAlgorithm.ECDSA_P256);
    EnrolmentProof proof = EnrolmentProof.sign(CHALLENGE, Flight.FLIGHT_ID, flight.device);
    // The victim-lockout attempt: a signature by the attacker's own key, naming the victim's key.
    Flight victim = new Flight(SignatureAlgorithm.ED25519);
    assertThat(new EnrolmentProof(CHALLENGE, Flight.FLIGHT_ID, victim.device.publicKey(), proof.signature())
        .verifies()).isFalse();
    Bytes otherChallenge = Bytes.of(new byte[EnrolmentProof.CHALLENGE_LENGTH]);
    assertThat(new EnrolmentProof(otherChallenge, Flight.FLIGHT_ID, proof.deviceKey(), proof.signature()).verifies())
        .isFalse();
    assertThat(new EnrolmentProof(CHALLENGE, Flight.FLIGHT_ID + 1, proof.deviceKey(), proof.signature()).verifies())
        .isFalse();
  }

  @Test
  void everyFlippedSignatureByte_isRejected() {
    Flight flight = new Flight(SignatureAlgorithm.ED25519);
    EnrolmentProof proof = EnrolmentProof.sign(CHALLENGE, Flight.FLIGHT_ID, flight.device);
    byte[] signature = proof.signature().toByteArray();
    for (int i = 0; i < signature.length; i++) {
      byte[] tampered = signature.clone();
      tampered[i] ^= 0x01;
      assertThat(new EnrolmentProof(CHALLENGE, Flight.FLIGHT_ID, proof.deviceKey(), Bytes.of(tampered)).verifies())
          .as("byte %d", i).isFalse();
    }
  }

  @Test
  void signatureOverTheSameFieldsUnderAnotherMessagesDomain_doesNotVerify() {
    Flight flight = new Flight(SignatureAlgorithm.ED25519);
    byte[] input = EnrolmentProof.signingInput(CHALLENGE, Flight.FLIGHT_ID, flight.device.publicKey());
    for (MessageType type : MessageType.values()) {
      byte[] body = java.util.Arrays.copyOfRange(input, input.length - (2 + 32 + 4 + 1 + 32), input.length);
      Bytes signature = Bytes.of(flight.device.sign(Wire.signingInput(type, body)));
      assertThat(new EnrolmentProof(CHALLENGE, Flight.FLIGHT_ID, flight.device.publicKey(), signature).verifies())
          .as(type.name()).isFalse();
    }
    assertThat(MessageType.fromWireId(EnrolmentProof.WIRE_ID)).isEmpty();
  }

  @Test
  void malformedProofs_areCallerBugs() {
    Flight flight = new Flight(SignatureAlgorithm.ED25519);
    Bytes signature = Bytes.of(new byte[64]);
    assertThatThrownBy(() -> new EnrolmentProof(Bytes.of(new byte[31]), 1, flight.device.publicKey(), signature))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("challenge");
    assertThatThrownBy(() -> new EnrolmentProof(CHALLENGE, 0, flight.device.publicKey(), signature))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flightId");
    assertThatThrownBy(() -> new EnrolmentProof(CHALLENGE, 1, flight.device.publicKey(), Bytes.of(new byte[63])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature");
  }

  @Test
  void protocolMd_showsThisCodesSigningInputAndSignature() throws Exception {
    Flight flight = new Flight(SignatureAlgorithm.ED25519);
    EnrolmentProof proof = EnrolmentProof.sign(CHALLENGE, Flight.FLIGHT_ID, flight.device);
    String input = Bytes.of(EnrolmentProof.signingInput(CHALLENGE, Flight.FLIGHT_ID, proof.deviceKey())).hex();
    System.out.println("enrolment proof input " + input + "\nsignature " + proof.signature().hex());
    String doc = Files.readString(ProjectFiles.docs().resolve("protocol.md"), StandardCharsets.UTF_8);
    assertThat(doc).contains(input, proof.signature().hex());
  }

  @Test
  void walletFormOfABundle_hasNoManifest_keepsEverythingElse_andVerifiesUnderTheIssuer() {
    Flight flight = new Flight(SignatureAlgorithm.ECDSA_P256);
    TrustBundle full = flight.bundle;
    TrustBundle wallet = full.withoutManifest(flight.issuer);
    assertThat(full.manifest()).isNotEmpty();
    assertThat(wallet.manifest()).isEmpty();
    assertThat(wallet.manifestEntry(flight.credential.serial())).isEmpty();
    assertThat(List.of(wallet.bundleVersion(), wallet.flightId(), wallet.issuedAt(), wallet.expiresAt(),
        wallet.issuerKeys(), wallet.terminals(), wallet.revokedCredentials(), wallet.revokedTerminals(),
        wallet.fxRates())).isEqualTo(List.of(full.bundleVersion(), full.flightId(), full.issuedAt(),
        full.expiresAt(), full.issuerKeys(), full.terminals(), full.revokedCredentials(), full.revokedTerminals(),
        full.fxRates()));
    assertThat(Signatures.verify(flight.issuer.publicKey(), wallet.signingInput(), wallet.signature())).isTrue();
    assertThat(full.withoutManifest(flight.issuer).encode()).as("one wallet form per bundle")
        .isEqualTo(wallet.encode());
  }

  /**
   * Byte for byte, whatever fields a bundle gains: the wallet form's body is the whole bundle's
   * with the manifest's count and credentials replaced by a zero count, and nothing else changed.
   */
  @Test
  void walletFormOfABundle_differsFromTheWholeOnlyInItsManifest() {
    Flight flight = new Flight(SignatureAlgorithm.ED25519);
    byte[] full = flight.bundle.body();
    byte[] wallet = flight.bundle.withoutManifest(flight.issuer).body();
    io.aloft.protocol.codec.ByteWriter manifest = new io.aloft.protocol.codec.ByteWriter();
    manifest.varint(flight.bundle.manifest().size());
    flight.bundle.manifest().forEach(c -> manifest.raw(c.encode()));
    byte[] listed = manifest.toByteArray();
    int prefix = 0;
    while (prefix < wallet.length && full[prefix] == wallet[prefix]) {
      prefix++;
    }
    int suffix = wallet.length - prefix - 1;
    assertThat(wallet[prefix]).as("an empty manifest's count").isZero();
    assertThat(full.length).isEqualTo(wallet.length - 1 + listed.length);
    assertThat(java.util.Arrays.copyOfRange(full, prefix, prefix + listed.length)).isEqualTo(listed);
    assertThat(java.util.Arrays.copyOfRange(full, full.length - suffix, full.length))
        .isEqualTo(java.util.Arrays.copyOfRange(wallet, wallet.length - suffix, wallet.length));
  }
}
