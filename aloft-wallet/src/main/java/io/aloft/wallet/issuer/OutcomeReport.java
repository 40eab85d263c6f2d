package io.aloft.wallet.issuer;

import io.aloft.protocol.message.OfflineCredential;
import java.util.List;
import java.util.Optional;

/**
 * What the issuer says after an upload: an outcome per payment asked about (payments it has
 * not heard of are left out or PENDING), and, when settling restored the passenger's offline
 * allowance, a fresh credential (new serial, cumulative spend from zero) for the same flight.
 */
public record OutcomeReport(List<PaymentOutcome> outcomes, Optional<OfflineCredential> renewedCredential) {
  public OutcomeReport {
    if (outcomes == null || renewedCredential == null) {
      throw new IllegalArgumentException("outcomes and renewedCredential must not be null");
    }
    outcomes = List.copyOf(outcomes);
  }
}
