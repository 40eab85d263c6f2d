package io.aloft.terminal.upload;

/** What the server decided for one uploaded journal entry. Every one is final. */
public enum Outcome {
  /** Settled now: the merchant is paid (or, for a refund, the payer is credited). */
  SETTLED,
  /** Already settled from another upload (the wallet's, or an earlier batch): paid once. */
  DUPLICATE,
  /**
   * Another payment with the same (credential, counter) but different content reached the
   * server: a double spend. It becomes a case for the operator and the credential is revoked.
   */
  CONFLICT,
  /** Refused by the server's rules; the entry's outcome carries the reason. */
  REJECTED
}
