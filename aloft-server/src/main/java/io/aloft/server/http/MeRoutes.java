package io.aloft.server.http;

/**
 * {@code GET /v1/me}: who the presented secret or signature belongs to. A wallet app or a terminal
 * holds only its secret or key; this tells it its account, airline or terminal id, which every
 * other path names.
 */
public final class MeRoutes {
  private final Authenticator authenticator;

  public MeRoutes(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  record Me(String role, Long accountId, Long airlineId, Long terminalId) {}

  public void register(Routes routes) {
    routes.get("/v1/me", ctx -> ctx.json(me(authenticator.require(ctx))));
  }

  private static Me me(Principal principal) {
    if (principal instanceof Principal.Wallet wallet) {
      return new Me("wallet", wallet.accountId(), null, null);
    }
    if (principal instanceof Principal.Merchant merchant) {
      return new Me("merchant", null, merchant.airlineId(), null);
    }
    if (principal instanceof Principal.Terminal terminal) {
      return new Me("terminal", null, terminal.airlineId(), terminal.terminalId());
    }
    if (principal instanceof Principal.Registration registration) {
      return new Me("registration", null, registration.airlineId(), null);
    }
    return new Me("admin", null, null, null);
  }
}
