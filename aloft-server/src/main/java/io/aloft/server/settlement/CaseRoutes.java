package io.aloft.server.settlement;

import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Json;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Reply;
import io.aloft.server.http.RequestIds;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * A case with its evidence decoded ({@code GET /v1/cases/{caseId}}: the operator, or the airline
 * it belongs to) and the operator's resolution ({@code POST /v1/cases/{caseId}/resolution}).
 */
public final class CaseRoutes {
  private final CaseResolutions cases;
  private final Authenticator authenticator;
  private final Idempotency idempotency;

  public CaseRoutes(CaseResolutions cases, Authenticator authenticator, Idempotency idempotency) {
    this.cases = cases;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
  }

  public void register(Routes routes) {
    routes.get("/v1/cases/{caseId}", this::get);
    routes.post("/v1/cases/{caseId}/resolution", this::resolve);
  }

  private void get(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long id = Requests.pathId(ctx, "caseId");
    Optional<CaseFile> file = cases.find(id);
    Authenticator.requireVisibleToAirline(principal, file.map(CaseFile::airlineId), "No case has id " + id + ".");
    ctx.json(principal instanceof Principal.Admin ? file.get() : file.get().forAirline());
  }

  record ResolutionRequest(String resolution, String note) {}

  private void resolve(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    long id = Requests.pathId(ctx, "caseId");
    ResolutionRequest body = Json.read(ctx.bodyAsBytes(), ResolutionRequest.class);
    String wire = Requests.text(body.resolution(), "resolution", 32);
    Resolution resolution = Resolution.fromWireName(wire).orElseThrow(() -> ApiProblem.invalidRequest(
        "Field 'resolution' must be one of charge_payer, credit_payer, write_off, confirm."));
    if (body.note() == null) {
      throw ApiProblem.invalidRequest("Field 'note' is required: say why the case is resolved this way.");
    }
    CaseResolutions.noteProblem(body.note()).ifPresent(problem -> {
      throw ApiProblem.invalidRequest("Field 'note': " + problem + ".");
    });
    String requestId = RequestIds.of(ctx);
    idempotency.run(ctx, principal, () -> reply(id, cases.resolve(id,
        new CaseResolutions.Request(resolution, body.note(), principal.name(), requestId, Optional.empty()))));
  }

  private static Reply reply(long id, CaseResolutions.Outcome outcome) {
    if (outcome instanceof CaseResolutions.Outcome.Resolved resolved) {
      return Reply.ok(resolved.file());
    }
    if (outcome instanceof CaseResolutions.Outcome.AlreadyClosed closed) {
      throw ApiProblem.of(409, "case-closed", "The case is closed", "Case " + id + " was resolved already ("
          + closed.file().resolution().resolution() + "); a case is resolved once.")
          .with("resolution", closed.file().resolution());
    }
    if (outcome instanceof CaseResolutions.Outcome.DoesNotFit misfit) {
      throw ApiProblem.of(422, "resolution-not-offered", "This resolution does not fit the case", "Case " + id
          + " (" + misfit.file().kind() + ") offers " + String.join(", ", misfit.file().resolutions().stream()
              .map(CaseFile.Offer::resolution).toList()) + ".")
          .with("resolutions", misfit.file().resolutions());
    }
    throw ApiProblem.notFound("No case has id " + id + ".");
  }
}
