package io.aloft.wallet.enrolment;

import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TrustBundle;

/** The credential the wallet pays with and the trust bundle it checks terminals against. */
public record Enrolment(OfflineCredential credential, TrustBundle bundle) {
  public Enrolment {
    if (credential == null || bundle == null) {
      throw new IllegalArgumentException("an enrolment has a credential and a bundle");
    }
    if (credential.flightId() != bundle.flightId()) {
      throw new IllegalArgumentException(
          "credential for flight " + credential.flightId() + ", bundle for " + bundle.flightId());
    }
  }

  /**
   * True when a terminal holding this bundle's version, or a newer one, finds this credential by
   * its serial. A whole bundle says so by listing it. The wallet form's manifest is empty: the
   * issuer lists every unrevoked credential of the flight in the terminals' bundle of each version
   * from the one that issued it, and the wallet installed this form after its credential was
   * issued, so only a revocation says no.
   */
  public boolean listedInManifest() {
    if (bundle.isRevoked(credential.serial())) {
      return false;
    }
    return bundle.manifest().isEmpty() || bundle.manifestEntry(credential.serial()).filter(credential::equals).isPresent();
  }
}
