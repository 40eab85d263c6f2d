package io.aloft.server.http;

import io.aloft.server.audit.AuditLog;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;

/**
 * Writes the audit row for the operator's and airlines' API changes that have no audit of their
 * own: creating airlines, flights and accounts, importing scores, rotating and revoking keys and
 * tokens, registration codes, credential revocations, FX rates and webhook endpoints. One row per change that
 * succeeded, after its answer, naming who, what, which resource and the request id. Routes whose
 * service audits inside its own transaction (account actions, payouts, case resolutions, catalogue
 * replacements, terminal revocations) are not listed here, so each change is recorded once; a
 * stored answer given again for an {@code Idempotency-Key} records nothing.
 */
public final class ApiAudit {
  static final String PRINCIPAL = "aloft.principal";
  static final String REPLAYED = "aloft.idempotent-replay";

  /** Audited route templates ("METHOD template") and the action each records. */
  static final Map<String, String> ACTIONS = Map.ofEntries(
      Map.entry("POST /v1/airlines", "airline.create"),
      Map.entry("POST /v1/airlines/{airlineId}/flights", "flight.create"),
      Map.entry("POST /v1/airlines/{airlineId}/registration-codes", "registration-code.create"),
      Map.entry("POST /v1/airlines/{airlineId}/merchant-keys/rotate", "merchant-key.rotate"),
      Map.entry("POST /v1/airlines/{airlineId}/merchant-keys/revoke", "merchant-key.revoke"),
      Map.entry("POST /v1/accounts", "account.create"),
      Map.entry("POST /v1/accounts/{accountId}/wallet-token/rotate", "wallet-token.rotate"),
      Map.entry("POST /v1/accounts/{accountId}/wallet-token/revoke", "wallet-token.revoke"),
      Map.entry("POST /v1/scores/import", "score.import"),
      Map.entry("POST /v1/credentials/{serial}/revoke", "credential.revoke"),
      Map.entry("PUT /v1/fx-rates", "fx-rates.replace"),
      Map.entry("POST /v1/webhook-endpoints", "webhook-endpoint.create"),
      Map.entry("POST /v1/webhook-endpoints/{endpointId}/disable", "webhook-endpoint.disable"),
      Map.entry("POST /v1/webhook-endpoints/{endpointId}/redeliver", "webhook.redeliver"));

  private final AuditLog audit;

  public ApiAudit(AuditLog audit) {
    this.audit = audit;
  }

  /** Runs after every API request: records it when it is one of {@link #ACTIONS} and succeeded. */
  public void after(Context ctx) {
    if (ctx.method() != HandlerType.POST && ctx.method() != HandlerType.PUT) {
      return;
    }
    int status = ctx.statusCode();
    if (status < 200 || status >= 300 || ctx.attribute(REPLAYED) != null) {
      return;
    }
    String action = ACTIONS.get(ctx.method().name() + " " + template(ctx));
    Object principal = ctx.attribute(PRINCIPAL);
    if (action == null || !(principal instanceof Principal.Admin || principal instanceof Principal.Merchant)) {
      return;
    }
    audit.record(((Principal) principal).name(), action, Requests.abbreviate(ctx.path()), "HTTP " + status,
        RequestIds.of(ctx));
  }

  private static String template(Context ctx) {
    return Routes.template(ctx).orElse("");
  }
}
