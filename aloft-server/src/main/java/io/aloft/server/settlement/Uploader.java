package io.aloft.server.settlement;

/** Who uploaded: a terminal (for its airline) or a passenger's wallet (for its account). */
public sealed interface Uploader {
  /** A terminal's signed batch, sent with its airline's merchant key. */
  record Terminal(long terminalId, long airlineId) implements Uploader {}

  /** A wallet's bills, sent with the passenger's wallet token. */
  record Wallet(long accountId) implements Uploader {}

  default String sourceName() {
    return this instanceof Terminal ? "terminal" : "wallet";
  }
}
