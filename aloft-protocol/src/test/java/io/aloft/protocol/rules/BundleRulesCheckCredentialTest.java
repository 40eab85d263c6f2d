package io.aloft.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Flight;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TrustBundle;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleRulesCheckCredentialTest {
  private final Flight flight = new Flight(SignatureAlgorithm.ECDSA_P256);

  @Test
  void credentialSignedForTheBundlesFlight_isAccepted() {
    assertThat(BundleRules.checkCredential(flight.credential, flight.bundle).value()).isEqualTo(flight.credential);
  }

  @Test
  void credentialSignedByAStranger_isRefusedAsBadSignature() {
    SoftwareSigner stranger = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Flight.seed(9));
    OfflineCredential forged = withFlight(flight.credential.flightId()).signedBy(stranger);
    assertThat(BundleRules.checkCredential(forged, flight.bundle).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void credentialForAnotherFlight_isRefusedAsWrongFlight() {
    OfflineCredential other = withFlight(Flight.FLIGHT_ID + 1).signedBy(flight.issuer);
    assertThat(BundleRules.checkCredential(other, flight.bundle).reason()).isEqualTo(Reason.WRONG_FLIGHT);
  }

  @Test
  void credentialRevokedByTheBundle_isRefusedAsRevoked() {
    TrustBundle b = flight.bundle;
    TrustBundle revoking = new TrustBundle(b.signerKeyId(), b.bundleVersion() + 1, b.flightId(), b.flightCode(),
        b.issuedAt(), b.expiresAt(), b.issuerKeys(), b.terminals(), List.of(flight.credential.serial()),
        b.revokedTerminals(), b.manifest(), b.fxRates(), Bytes.empty()).signedBy(flight.issuer);
    assertThat(BundleRules.checkCredential(flight.credential, revoking).reason()).isEqualTo(Reason.CREDENTIAL_REVOKED);
  }

  private OfflineCredential withFlight(long flightId) {
    OfflineCredential c = flight.credential;
    return new OfflineCredential(c.serial(), c.issuerKeyId(), c.deviceKey(), c.currency(), c.perPaymentLimitMinor(),
        c.totalLimitMinor(), c.validFrom(), c.validUntil(), flightId, c.scoreTier(), Bytes.empty());
  }
}
