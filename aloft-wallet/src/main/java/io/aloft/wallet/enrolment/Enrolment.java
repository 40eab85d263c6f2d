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

  /** True when the bundle's manifest lists this credential, so a terminal holding it knows the payer. */
  public boolean listedInManifest() {
    return bundle.manifestEntry(credential.serial()).filter(credential::equals).isPresent();
  }
}
