package io.aloft.server.http;

/** Who is calling, as proven by the bearer secret or the terminal's signature. Each kind sees only what it owns. */
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

  /** An enrolled crew terminal, proven by a request signed with its own certified key. */
  record Terminal(long terminalId, long airlineId) implements Principal {
    @Override
    public String name() {
      return "terminal:" + terminalId;
    }
  }

  /**
   * The holder of an airline's one-time registration code: may only enrol one terminal of that
   * airline (and read who it is and the airline's name and currency).
   *
   * @param codeId hex of the first bytes of the code's hash: names the code, reveals nothing of it
   */
  record Registration(long airlineId, String codeId) implements Principal {
    @Override
    public String name() {
      return "registration:" + codeId;
    }
  }
}
