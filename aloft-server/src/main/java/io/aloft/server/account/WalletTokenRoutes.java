package io.aloft.server.account;

import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.ApiTokens;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Reply;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;

/**
 * Rotating and revoking an account's wallet token: the operator, or the wallet itself (a phone
 * that suspects its token leaked). Rotation answers with the new token once; every earlier token
 * of the account is refused from the next request on.
 */
public final class WalletTokenRoutes {
  private final Accounts accounts;
  private final ApiTokens tokens;
  private final Authenticator authenticator;
  private final Idempotency idempotency;

  public WalletTokenRoutes(Accounts accounts, ApiTokens tokens, Authenticator authenticator, Idempotency idempotency) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
  }

  public void register(Routes routes) {
    routes.post("/v1/accounts/{accountId}/wallet-token/rotate", this::rotate);
    routes.post("/v1/accounts/{accountId}/wallet-token/revoke", this::revoke);
  }

  record RotatedView(long accountId, String walletToken, int revokedTokens) {}

  record RevokedView(long accountId, int revokedTokens) {}

  private void rotate(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long id = owned(ctx, principal);
    idempotency.run(ctx, principal, () -> {
      ApiTokens.Issued issued = tokens.rotateWalletToken(id);
      return Reply.ok(new RotatedView(id, issued.secret(), issued.revoked()));
    });
  }

  private void revoke(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long id = owned(ctx, principal);
    idempotency.run(ctx, principal, () -> Reply.ok(new RevokedView(id, tokens.revokeWalletTokens(id))));
  }

  /** The account id of the path, once the caller may act on it and it exists. */
  private long owned(Context ctx, Principal principal) {
    long id = Requests.pathId(ctx, "accountId");
    Authenticator.requireAdminOrAccount(principal, id);
    if (accounts.find(id).isEmpty()) {
      throw ApiProblem.notFound("No account has id " + id + ".");
    }
    return id;
  }
}
