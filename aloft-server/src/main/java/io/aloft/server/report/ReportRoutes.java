package io.aloft.server.report;

import io.aloft.server.http.Authenticator;
import io.aloft.server.http.PageRequest;
import io.aloft.server.http.PageRequest.Page;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.settlement.CaseRow;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Reports for merchants (their own airline only) and the operator, and the operator's ledger
 * check. Read-only.
 */
public final class ReportRoutes {
  private final SettlementReports reports;
  private final Ledger ledger;
  private final Authenticator authenticator;

  public ReportRoutes(SettlementReports reports, Ledger ledger, Authenticator authenticator) {
    this.reports = reports;
    this.ledger = ledger;
    this.authenticator = authenticator;
  }

  public void register(Routes routes) {
    routes.get("/v1/flights/{flightId}/settlement-report", this::flight);
    routes.get("/v1/airlines/{airlineId}/settlement-report", this::airline);
    routes.get("/v1/airlines/{airlineId}/cases", this::airlineCases);
    routes.get("/v1/cases", this::allCases);
    routes.get("/v1/ledger/check", this::check);
  }

  private void flight(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long flightId = Requests.pathId(ctx, "flightId");
    java.util.Optional<Long> airlineId = reports.airlineOfFlight(flightId);
    Authenticator.requireVisibleToAirline(principal, airlineId, "No flight has id " + flightId + ".");
    ctx.json(reports.flight(flightId, airlineId.get()));
  }

  private void airline(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, airlineId);
    ctx.json(reports.airline(airlineId));
  }

  private void airlineCases(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, airlineId);
    ctx.json(cases(Optional.of(airlineId), PageRequest.of(ctx)));
  }

  private void allCases(Context ctx) {
    Authenticator.requireAdmin(authenticator.require(ctx));
    ctx.json(cases(Optional.empty(), PageRequest.of(ctx)));
  }

  private Page<CaseRow> cases(Optional<Long> airlineId, PageRequest request) {
    SettlementReports.CasePage page = reports.casesPage(airlineId, request.startingAfter(), request.limit());
    return new Page<>(page.cases(), page.hasMore());
  }

  private void check(Context ctx) {
    Authenticator.requireAdmin(authenticator.require(ctx));
    Ledger.CheckResult result = ledger.check();
    ctx.json(result);
  }
}
