package io.aloft.wallet.pay;

/** How a code names its credential. */
public enum CodeForm {
  /**
   * Compact when the wallet has evidence the terminal holds a bundle that lists this credential,
   * self-contained otherwise. A handshake request says which bundle its terminal holds; for a
   * one-scan code the evidence is the newest terminal bundle seen in a request this session.
   */
  AUTO,
  /** The 8-byte serial: the terminal finds the credential in its bundle's manifest. */
  COMPACT,
  /** The whole issuer-signed credential inside the code: any terminal of the flight can check it. */
  SELF_CONTAINED
}
