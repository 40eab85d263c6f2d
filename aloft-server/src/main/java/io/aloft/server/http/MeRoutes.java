package io.aloft.server.http;

/**
 * {@code GET /v1/me}: who the presented secret belongs to. A wallet app or a terminal holds only
 * its secret; this tells it its account or airline id, which every other path names.
 */
public final class MeRoutes {
  private final Authenticator authenticator;

  public MeRoutes(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  record Me(String role, Long accountId, Long airlineId) {}

  public void register(Routes routes) {
    routes.get("/v1/me", ctx -> ctx.json(me(authenticator.require(ctx))));
  }

  private static Me me(Principal principal) {
    if (principal instanceof Principal.Wallet wallet) {
      return new Me("wallet", wallet.accountId(), null);
    }
    if (principal instanceof Principal.Merchant merchant) {
      return new Me("merchant", null, merchant.airlineId());
    }
    return new Me("admin", null, null);
  }
}
