package io.aloft.protocol.message;

import java.util.Optional;

/**
 * What the issuer decided for one uploaded payment or refund. The wire id is stable; see
 * docs/protocol.md ("Settlement report").
 */
public enum SettlementOutcome {
  /** Settled by this upload: the merchant is paid and the payer charged (or, for a refund, credited). */
  SETTLED(1),
  /** Already settled from an earlier or another upload, with identical content: paid once. */
  DUPLICATE(2),
  /**
   * Another payment with the same credential and counter but different content was settled
   * first: a double spend. The credential is revoked and a case opened; this one is not paid.
   */
  CONFLICT(3),
  /** Refused by the settlement rules; the entry names the reason. Nothing moved. */
  REJECTED(4),
  /**
   * Not decided yet: a wallet's bill that no terminal has uploaded (the issuer holds no receipt), a
   * refund whose payment has not settled, or, answering an outcome query, an id with nothing on
   * record for the asking account: one nobody uploaded, one never issued and another account's
   * alike.
   */
  PENDING(5);

  private final int wireId;

  SettlementOutcome(int wireId) {
    this.wireId = wireId;
  }

  public int wireId() {
    return wireId;
  }

  public static Optional<SettlementOutcome> fromWireId(int wireId) {
    for (SettlementOutcome outcome : values()) {
      if (outcome.wireId == wireId) {
        return Optional.of(outcome);
      }
    }
    return Optional.empty();
  }
}
