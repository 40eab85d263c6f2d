package io.aloft.server.payout;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.server.airline.Airlines;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Json;
import io.aloft.server.http.PageRequest;
import io.aloft.server.http.PageRequest.Page;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Reply;
import io.aloft.server.http.RequestIds;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.aloft.server.http.Views.MoneyView;
import io.aloft.server.ledger.MerchantAccounts;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Payouts and statements over HTTP: the operator pays an airline out; the operator and that
 * airline list its payouts and read its statement (JSON, or CSV with {@code Accept: text/csv} or
 * the {@code .csv} path). A payout needs an {@code Idempotency-Key}: it moves money.
 */
public final class PayoutRoutes {
  private final Payouts payouts;
  private final Statements statements;
  private final MerchantAccounts merchants;
  private final Airlines airlines;
  private final Authenticator authenticator;
  private final Idempotency idempotency;

  public PayoutRoutes(Payouts payouts, Statements statements, MerchantAccounts merchants, Airlines airlines,
      Authenticator authenticator, Idempotency idempotency) {
    this.payouts = payouts;
    this.statements = statements;
    this.merchants = merchants;
    this.airlines = airlines;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
  }

  public void register(Routes routes) {
    routes.post("/v1/airlines/{airlineId}/payouts", this::pay);
    routes.get("/v1/airlines/{airlineId}/payouts", this::list);
    routes.get("/v1/airlines/{airlineId}/statement", ctx -> statement(ctx, wantsCsv(ctx)));
    routes.get("/v1/airlines/{airlineId}/statement.csv", ctx -> statement(ctx, true));
  }

  record PayoutBody(Long amountMinor, String currency, String bankReference) {}

  record PayoutView(long id, String reference, long airlineId, MoneyView amount, String bankReference,
      String createdAt, long ledgerEntryId) {
    static PayoutView of(Payouts.Payout payout) {
      return new PayoutView(payout.id(), payout.reference(), payout.airlineId(), MoneyView.of(payout.amount()),
          payout.bankReference().orElse(null), payout.createdAt().toString(), payout.ledgerEntryId());
    }
  }

  /** The payout and what the airline is still owed in its currency afterwards. */
  record PaidView(PayoutView payout, MoneyView owedAfter) {}

  private void pay(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    long airlineId = Requests.pathId(ctx, "airlineId");
    PayoutBody body = Json.read(ctx.bodyAsBytes(), PayoutBody.class);
    long amountMinor = Requests.required(body.amountMinor(), "amountMinor");
    CurrencyUnit currency = Requests.currency(body.currency(), "currency");
    Optional<String> bank = body.bankReference() == null ? Optional.empty()
        : Optional.of(Requests.text(body.bankReference(), "bankReference", Payouts.MAX_BANK_REFERENCE));
    String key = ctx.header(Idempotency.HEADER);
    if (key == null) {
      throw ApiProblem.invalidRequest("A payout moves money: send an Idempotency-Key header, and the same key"
          + " again if you retry.");
    }
    String requestId = RequestIds.of(ctx);
    idempotency.run(ctx, principal, () -> paid(payouts.pay(new Payouts.Request(airlineId, currency, amountMinor,
        bank, principal.name(), "api:" + airlineId + ":" + key, requestId)), currency));
  }

  private static Reply paid(Payouts.Result result, CurrencyUnit currency) {
    if (result instanceof Payouts.Result.Paid paid) {
      return Reply.created(new PaidView(PayoutView.of(paid.payout()),
          new MoneyView(paid.owedAfterMinor(), currency.code())));
    }
    throw refused((Payouts.Result.Refused) result, currency);
  }

  /** Each refusal as its own problem type (docs/api.md, "Errors"). */
  static ApiProblem refused(Payouts.Result.Refused refused, CurrencyUnit currency) {
    return switch (refused.reason()) {
      case UNKNOWN_AIRLINE -> ApiProblem.notFound("No airline has this id.");
      case AMOUNT_NOT_POSITIVE -> ApiProblem.of(422, "payout-amount-not-positive", "A payout must be above zero",
          "Field 'amountMinor' must be at least 1.");
      case NOTHING_OWED -> ApiProblem.of(422, "payout-nothing-owed", "Nothing is owed in this currency",
          "The airline is owed nothing in " + currency.code() + ".").with("owedMinor", refused.owedMinor());
      case OVER_OWED -> ApiProblem.of(422, "payout-over-owed", "More than the airline is owed",
          "The airline is owed " + refused.owedMinor() + " minor units of " + currency.code() + "; pay at most that.")
          .with("owedMinor", refused.owedMinor());
    };
  }

  /** A page of payouts, and what the airline is owed now per currency beside it. */
  record PayoutList(@JsonUnwrapped Page<PayoutView> page, List<MoneyView> owed) {}

  private void list(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, airlineId);
    requireAirline(airlineId);
    PageRequest request = PageRequest.of(ctx);
    Payouts.Page page = payouts.list(Optional.of(airlineId), request.startingAfter(), request.limit());
    List<MoneyView> owed = merchants.owed(Optional.of(airlineId)).stream()
        .map(o -> new MoneyView(o.owedMinor(), o.currency())).toList();
    ctx.json(new PayoutList(new Page<>(page.payouts(), page.hasMore()).map(PayoutView::of), owed));
  }

  record LineView(long ledgerEntryId, String at, String kind, String currency, long amountMinor, long balanceMinor,
      String reference) {}

  record StatementView(long airlineId, String from, String to, String periodStart, String periodEnd,
      List<Statements.CurrencyStatement> currencies, List<LineView> lines, boolean truncated) {
    static StatementView of(Statements.Statement statement) {
      return new StatementView(statement.airlineId(), statement.period().from().toString(),
          statement.period().to().toString(), statement.period().start().toString(),
          statement.period().end().toString(), statement.currencies(), statement.lines().stream()
              .map(line -> new LineView(line.ledgerEntryId(), line.at().toString(), line.kind(), line.currency(),
                  line.amountMinor(), line.balanceMinor(), line.reference().orElse(null))).toList(),
          statement.truncated());
    }
  }

  private void statement(Context ctx, boolean csv) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, airlineId);
    requireAirline(airlineId);
    Statements.Period period = period(ctx.queryParam("from"), ctx.queryParam("to"));
    Statements.Statement statement = statements.of(airlineId, period);
    if (csv) {
      ctx.contentType("text/csv; charset=utf-8");
      ctx.header("Content-Disposition", "attachment; filename=\"" + Statements.csvFileName(airlineId, period) + "\"");
      ctx.result(Statements.csv(statement));
    } else {
      ctx.json(StatementView.of(statement));
    }
  }

  private static Statements.Period period(String fromText, String toText) {
    LocalDate from = Requests.date(fromText, "from");
    LocalDate to = Requests.date(toText, "to");
    Optional<Statements.PeriodProblem> problem = Statements.Period.check(from, to);
    if (problem.isPresent()) {
      throw ApiProblem.invalidRequest(problem.get() == Statements.PeriodProblem.TO_BEFORE_FROM
          ? "'to' must not be before 'from'." : "A statement covers at most " + Statements.MAX_DAYS + " days.");
    }
    return new Statements.Period(from, to);
  }

  /** CSV when the client asks for it first: {@code Accept: text/csv}. */
  private static boolean wantsCsv(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.strip().toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
  }

  private void requireAirline(long airlineId) {
    if (airlines.find(airlineId).isEmpty()) {
      throw ApiProblem.notFound("No airline has id " + airlineId + ".");
    }
  }
}
