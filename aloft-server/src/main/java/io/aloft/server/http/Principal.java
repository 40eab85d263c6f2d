package io.aloft.server.http;

/** Who is calling, as proven by the bearer secret. Each kind sees only what it owns. */
public sealed interface Principal {
  /** A stable name for idempotency scoping and audit, e.g. {@code airline:7}. */
  String name();

  /** The operator, holding the admin key. */
  record Admin() implements Principal {
    @Override
    public String name() {
      return "admin";
    }
  }

  /** An airline (merchant), holding one of its merchant API keys. */
  record Merchant(long airlineId) implements Principal {
    @Override
    public String name() {
      return "airline:" + airlineId;
    }
  }

  /** A passenger's wallet, holding the wallet token of one account. */
  record Wallet(long accountId) implements Principal {
    @Override
    public String name() {
      return "account:" + accountId;
    }
  }
}
