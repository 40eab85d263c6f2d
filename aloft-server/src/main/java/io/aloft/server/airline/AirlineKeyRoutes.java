package io.aloft.server.airline;

import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.ApiTokens;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Json;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Reply;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * An airline's secrets: one-time registration codes that enrol a crew terminal, and rotating or
 * revoking its merchant keys. The operator or the airline itself may call each. A rotation
 * answers with the new key once and refuses every earlier key from the next request on; a
 * revocation leaves the airline without a key (and its unused codes void) until the operator
 * rotates one in. Enrolled terminals keep working through both: they sign with their own keys.
 */
public final class AirlineKeyRoutes {
  private final Airlines airlines;
  private final ApiTokens tokens;
  private final Authenticator authenticator;
  private final Idempotency idempotency;

  public AirlineKeyRoutes(Airlines airlines, ApiTokens tokens, Authenticator authenticator, Idempotency idempotency) {
    this.airlines = airlines;
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
  }

  public void register(Routes routes) {
    routes.post("/v1/airlines/{airlineId}/registration-codes", this::registrationCode);
    routes.post("/v1/airlines/{airlineId}/merchant-keys/rotate", this::rotate);
    routes.post("/v1/airlines/{airlineId}/merchant-keys/revoke", this::revoke);
  }

  record CreateCode(Integer validMinutes) {}

  record CodeView(long airlineId, String registrationCode, String expiresAt) {}

  record RotatedView(long airlineId, String merchantApiKey, int revokedKeys) {}

  record RevokedView(long airlineId, int revokedKeys) {}

  private void registrationCode(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long id = owned(ctx, principal);
    CreateCode request = Json.read(ctx.bodyAsBytes(), CreateCode.class);
    long maxMinutes = ApiTokens.MAX_REGISTRATION_VALIDITY.toMinutes();
    Duration validity = request.validMinutes() == null ? ApiTokens.DEFAULT_REGISTRATION_VALIDITY
        : Duration.ofMinutes(request.validMinutes());
    if (request.validMinutes() != null && (request.validMinutes() < 1 || request.validMinutes() > maxMinutes)) {
      throw ApiProblem.invalidRequest("Field 'validMinutes' must be 1 to " + maxMinutes + ".");
    }
    idempotency.run(ctx, principal, () -> {
      ApiTokens.Issued code = tokens.issueRegistrationCode(id, validity);
      return Reply.created(new CodeView(id, code.secret(), code.expiresAt().toString()));
    });
  }

  private void rotate(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long id = owned(ctx, principal);
    idempotency.run(ctx, principal, () -> {
      ApiTokens.Issued key = tokens.rotateMerchantKey(id);
      return Reply.ok(new RotatedView(id, key.secret(), key.revoked()));
    });
  }

  private void revoke(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long id = owned(ctx, principal);
    idempotency.run(ctx, principal, () -> Reply.ok(new RevokedView(id, tokens.revokeMerchantKeys(id))));
  }

  /** The airline id of the path, once the caller may act on it and it exists. */
  private long owned(Context ctx, Principal principal) {
    long id = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, id);
    if (airlines.find(id).isEmpty()) {
      throw ApiProblem.notFound("No airline has id " + id + ".");
    }
    return id;
  }
}
