package io.aloft.server.settlement;

import io.aloft.protocol.rules.AcceptancePolicy;

/**
 * The knobs of settlement.
 *
 * @param merchantFeeBasisPoints the provider's fee on each settled sale, in 1/100 of a percent
 *     of the charge (60 = 0.6%), rounded half up to the minor unit; kept on refunds
 * @param acceptance the acceptance policy terminals run under; settlement re-runs the rules with
 *     it, so it must be the one the airline's terminals were configured with
 */
public record SettlementPolicy(int merchantFeeBasisPoints, AcceptancePolicy acceptance) {
  public static final SettlementPolicy DEFAULT = new SettlementPolicy(60, AcceptancePolicy.DEFAULT);

  public SettlementPolicy {
    if (merchantFeeBasisPoints < 0 || merchantFeeBasisPoints > 10_000) {
      throw new IllegalArgumentException("merchantFeeBasisPoints must be 0..10000: " + merchantFeeBasisPoints);
    }
    if (acceptance == null) {
      throw new IllegalArgumentException("acceptance must not be null");
    }
  }
}
