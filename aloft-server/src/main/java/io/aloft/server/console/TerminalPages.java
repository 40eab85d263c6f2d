package io.aloft.server.console;

import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Airlines;
import io.aloft.server.airline.Terminal;
import io.aloft.server.airline.Terminals;
import io.aloft.server.http.Routes;
import io.aloft.server.report.SettlementReports;
import io.aloft.server.trust.TrustBundles;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Terminals in the console: an airline sees its own, the operator all (filtered by airline), each
 * with its key fingerprint, the last bundle it fetched, its last upload and whether it is revoked.
 * Revoking asks for confirmation on a page of its own and calls {@link Terminals#revoke}, the
 * service {@code POST /v1/terminals/{id}/revoke} calls, with the viewer's scope (an airline can
 * revoke only its own terminals), which also records it in the audit log.
 */
public final class TerminalPages {
  private final Console console;
  private final Terminals terminals;
  private final Airlines airlines;
  private final TrustBundles bundles;
  private final SettlementReports reports;

  public TerminalPages(Console console, Terminals terminals, Airlines airlines, TrustBundles bundles,
      SettlementReports reports) {
    this.console = console;
    this.terminals = terminals;
    this.airlines = airlines;
    this.bundles = bundles;
    this.reports = reports;
  }

  /** A terminal as a row shows it: with its airline, the last bundle it fetched and its last upload. */
  public record TerminalRow(Terminal terminal, String airline, Optional<TrustBundles.TerminalFetch> bundle,
      Optional<Instant> lastUpload) {}

  /** The list: rows, the airlines to filter by (operator only), the filter, and the next page's cursor. */
  public record TerminalList(List<TerminalRow> rows, List<Airline> airlines, Optional<Long> airline,
      Optional<Long> nextCursor, Optional<Long> revoked) {
    /** The query string of the next page, keeping the filter. */
    public String nextQuery() {
      return "?starting_after=" + nextCursor.orElseThrow() + airline.map(id -> "&airline=" + id).orElse("");
    }

    public boolean selected(Airline candidate) {
      return airline.isPresent() && airline.get() == candidate.id();
    }
  }

  /** The confirmation page of a revocation. */
  public record RevokeConfirm(TerminalRow row) {}

  public void register(Routes routes) {
    console.page(routes, "/console/terminals", this::list);
    console.page(routes, "/console/terminals/{terminalId}/revoke", this::confirm);
    console.action(routes, "/console/terminals/{terminalId}/revoke", this::revoke);
  }

  private void list(Context ctx, Visit visit) {
    Optional<Long> filter = visit.scope().isPresent() ? visit.scope() : Console.longParam(ctx.queryParam("airline"));
    Optional<Long> after = Console.longParam(ctx.queryParam("starting_after"));
    Terminals.TerminalPage page = terminals.page(filter, after, Console.PAGE_SIZE);
    List<TerminalRow> rows = rows(page.terminals());
    Optional<Long> next = page.hasMore() ? Optional.of(rows.get(rows.size() - 1).terminal().id()) : Optional.empty();
    List<Airline> choices = visit.operator() ? airlines.list() : List.of();
    console.render(ctx, "console/terminals.jte", visit.page("terminals.title", "terminals", ctx.path()),
        new TerminalList(rows, choices, visit.operator() ? filter : Optional.empty(), next,
            Console.longParam(ctx.queryParam("revoked"))));
  }

  private List<TerminalRow> rows(List<Terminal> shown) {
    List<Long> ids = shown.stream().map(Terminal::id).toList();
    Map<Long, TrustBundles.TerminalFetch> fetches = bundles.lastFetches(ids);
    Map<Long, Instant> uploads = reports.lastUploads(ids);
    Map<Long, String> names = shown.stream().map(Terminal::airlineId).distinct()
        .collect(Collectors.toMap(Function.identity(), id -> airlines.find(id).map(Airline::name).orElse("")));
    return shown.stream().map(terminal -> new TerminalRow(terminal, names.get(terminal.airlineId()),
        Optional.ofNullable(fetches.get(terminal.id())), Optional.ofNullable(uploads.get(terminal.id())))).toList();
  }

  private void confirm(Context ctx, Visit visit) {
    Optional<Terminal> terminal = visibleTerminal(ctx, visit);
    if (terminal.isPresent()) {
      console.render(ctx, "console/terminal-revoke.jte", visit.page("terminals.revoke.title", "terminals",
          ctx.path()), new RevokeConfirm(rows(List.of(terminal.get())).get(0)));
    }
  }

  private void revoke(Context ctx, Visit visit) {
    Optional<Long> id = Console.longParam(ctx.pathParam("terminalId"));
    Terminals.Revocation revocation = id.isPresent()
        ? terminals.revoke(id.get(), visit.scope(), visit.actor(), visit.requestId())
        : new Terminals.Revocation.NotFound();
    if (!(revocation instanceof Terminals.Revocation.Revoked revoked)) {
      refuse(ctx, visit);
      return;
    }
    Terminal terminal = revoked.terminal();
    ctx.redirect("/console/terminals?revoked=" + terminal.id()
        + (visit.operator() ? "&airline=" + terminal.airlineId() : ""));
  }

  /**
   * The terminal in the path if this viewer may see it; otherwise renders the refusal and returns
   * empty. An airline gets the same 403 for another airline's terminal and for a missing one.
   */
  private Optional<Terminal> visibleTerminal(Context ctx, Visit visit) {
    Optional<Terminal> terminal = Console.longParam(ctx.pathParam("terminalId")).flatMap(terminals::find)
        .filter(found -> visit.scope().map(airline -> airline == found.airlineId()).orElse(true));
    if (terminal.isEmpty()) {
      refuse(ctx, visit);
    }
    return terminal;
  }

  private void refuse(Context ctx, Visit visit) {
    if (visit.scope().isPresent()) {
      console.problem(ctx, visit, 403, "error.forbidden.heading", "terminals.error.forbidden");
    } else {
      console.problem(ctx, visit, 404, "error.notFound.heading", "terminals.error.notFound");
    }
  }
}
