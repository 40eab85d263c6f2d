package io.aloft.wallet.issuer;

import java.util.List;

/**
 * What the issuer says after an upload: an outcome per payment asked about (payments it has
 * not heard of are left out or PENDING).
 *
 * <p>It carries no credential: the issuer restores the passenger's offline allowance as payments
 * settle, and the wallet gets it back by enrolling for its next flight (see docs/settlement.md,
 * "Allowance restore"). A fresh credential for the same flight in mid-journey would need the
 * signed report to carry it, and terminals already offline would not know its serial.
 */
public record OutcomeReport(List<PaymentOutcome> outcomes) {
  public OutcomeReport {
    if (outcomes == null) {
      throw new IllegalArgumentException("outcomes must not be null");
    }
    outcomes = List.copyOf(outcomes);
  }
}
