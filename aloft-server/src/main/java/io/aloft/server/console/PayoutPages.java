package io.aloft.server.console;

import io.aloft.protocol.message.DisplayText;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Airlines;
import io.aloft.server.http.Routes;
import io.aloft.server.ledger.MerchantAccounts;
import io.aloft.server.payout.Payouts;
import io.aloft.server.payout.Statements;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payouts and statements in the console. The operator sees what each airline is owed per
 * currency and pays it out through a confirmation page; an airline sees its own payouts. Both
 * read an airline's statement for a period, on screen and as CSV. Paying goes through
 * {@link Payouts#pay}, the same as the JSON API; the confirmation form carries a one-time token
 * that makes a second submit of the same form answer with the payout already made.
 */
public final class PayoutPages {
  private static final int LISTED = 25;

  private final Console console;
  private final Payouts payouts;
  private final Statements statements;
  private final MerchantAccounts merchants;
  private final Airlines airlines;

  public PayoutPages(Console console, Payouts payouts, Statements statements, MerchantAccounts merchants,
      Airlines airlines) {
    this.console = console;
    this.payouts = payouts;
    this.statements = statements;
    this.merchants = merchants;
    this.airlines = airlines;
  }

  public void register(Routes routes) {
    console.page(routes, "/console/payouts", this::payouts);
    console.operatorPage(routes, "/console/payouts/new", this::confirm);
    console.operatorAction(routes, "/console/payouts", this::pay);
    console.page(routes, "/console/airlines/{airlineId}/statement", (ctx, visit) -> statement(ctx, visit, false));
    console.page(routes, "/console/airlines/{airlineId}/statement.csv", (ctx, visit) -> statement(ctx, visit, true));
  }

  /** What one airline is owed in one currency. */
  public record OwedLine(long airlineId, String airlineName, String currency, long owedMinor) {}

  /** One payout with its airline's name. */
  public record PayoutLine(Payouts.Payout payout, String airlineName) {}

  public record PayoutsView(List<OwedLine> owed, List<PayoutLine> payouts, Optional<Long> nextCursor,
      Optional<PayoutLine> justPaid, Optional<Long> airlineId) {}

  /**
   * The confirmation page: who is paid, what they are owed, the amount to pay (the whole amount
   * unless the operator changes it) and the form's one-time token.
   */
  public record ConfirmView(Airline airline, String currency, long owedMinor, String amount, String bankReference,
      String token, Optional<String> errorKey, List<Object> errorArguments) {}

  public record StatementView(Airline airline, String from, String to, Optional<Statements.Statement> statement,
      Optional<String> errorKey) {
    /** The query string of this period, for the CSV link. */
    public String query() {
      return "?from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to="
          + URLEncoder.encode(to, StandardCharsets.UTF_8);
    }
  }

  private void payouts(Context ctx, Visit visit) {
    Map<Long, Airline> named = new HashMap<>();
    List<MerchantAccounts.Owed> balances = merchants.owed(visit.scope());
    Payouts.Page page = payouts.list(visit.scope(), Console.longParam(ctx.queryParam("starting_after")), LISTED);
    balances.forEach(line -> name(named, line.airlineId()));
    page.payouts().forEach(payout -> name(named, payout.airlineId()));
    List<OwedLine> owed = new ArrayList<>();
    for (MerchantAccounts.Owed line : balances) {
      Airline airline = named.get(line.airlineId());
      owed.add(new OwedLine(line.airlineId(), airline == null ? "" : airline.name(), line.currency(),
          line.owedMinor()));
    }
    List<PayoutLine> lines = page.payouts().stream().map(payout -> line(payout, named)).toList();
    Optional<Long> next = page.hasMore() ? Optional.of(lines.get(lines.size() - 1).payout().id()) : Optional.empty();
    Optional<PayoutLine> justPaid = Optional.ofNullable(ctx.queryParam("paid"))
        .filter(reference -> reference.length() <= 20)
        .flatMap(payouts::find)
        .filter(payout -> visit.scope().map(airline -> airline == payout.airlineId()).orElse(true))
        .map(payout -> line(payout, name(named, payout.airlineId())));
    console.render(ctx, "console/payouts.jte", visit.page("payouts.title", "payouts", ctx.path()),
        new PayoutsView(owed, lines, next, justPaid, visit.scope()));
  }

  /** The airlines named on the page, each read once. */
  private Map<Long, Airline> name(Map<Long, Airline> named, long airlineId) {
    if (!named.containsKey(airlineId)) {
      airlines.find(airlineId).ifPresent(airline -> named.put(airlineId, airline));
    }
    return named;
  }

  private static PayoutLine line(Payouts.Payout payout, Map<Long, Airline> named) {
    Airline airline = named.get(payout.airlineId());
    return new PayoutLine(payout, airline == null ? "" : airline.name());
  }

  private void confirm(Context ctx, Visit visit) {
    Optional<Airline> airline = Console.longParam(ctx.queryParam("airline")).flatMap(airlines::find);
    Optional<CurrencyUnit> currency = Optional.ofNullable(ctx.queryParam("currency")).flatMap(CurrencyUnit::find);
    if (airline.isEmpty() || currency.isEmpty()) {
      console.problem(ctx, visit, 404, "error.notFound.heading", "payouts.error.notFound");
      return;
    }
    long owed = owed(airline.get().id(), currency.get().code());
    Optional<String> error = owed > 0 ? Optional.empty() : Optional.of("payouts.refusal.nothing_owed");
    String amount = owed > 0 ? Money.of(owed, currency.get()).toPlainString() : "";
    renderConfirm(ctx, visit, 200, new ConfirmView(airline.get(), currency.get().code(), owed, amount, "",
        console.randomHex(16), error, List.of()));
  }

  private long owed(long airlineId, String currency) {
    return merchants.owed(Optional.of(airlineId)).stream().filter(o -> o.currency().equals(currency))
        .mapToLong(MerchantAccounts.Owed::owedMinor).findFirst().orElse(0);
  }

  private void renderConfirm(Context ctx, Visit visit, int status, ConfirmView model) {
    ctx.status(status);
    console.render(ctx, "console/payout-confirm.jte", visit.page("payouts.confirm.title", "payouts",
        "/console/payouts/new?airline=" + model.airline().id() + "&currency=" + model.currency()), model);
  }

  private void pay(Context ctx, Visit visit) {
    Optional<Airline> airline = Console.longParam(ctx.formParam("airline")).flatMap(airlines::find);
    Optional<CurrencyUnit> currency = Optional.ofNullable(ctx.formParam("currency")).flatMap(CurrencyUnit::find);
    String token = Optional.ofNullable(ctx.formParam("token")).orElse("");
    if (airline.isEmpty() || currency.isEmpty() || !token.matches("[0-9a-f]{32}")) {
      console.problem(ctx, visit, 400, "payouts.error.form.heading", "payouts.error.form");
      return;
    }
    String amountText = Optional.ofNullable(ctx.formParam("amount")).orElse("").strip();
    String bank = Optional.ofNullable(ctx.formParam("bank_reference")).orElse("").strip();
    long owed = owed(airline.get().id(), currency.get().code());
    ConfirmView again = new ConfirmView(airline.get(), currency.get().code(), owed, limited(amountText, 24),
        limited(bank, Payouts.MAX_BANK_REFERENCE), token, Optional.empty(), List.of());
    if (bank.length() > Payouts.MAX_BANK_REFERENCE || bank.codePoints().anyMatch(DisplayText::misleads)) {
      renderConfirm(ctx, visit, 400, withError(again, "payouts.error.bankReference", Payouts.MAX_BANK_REFERENCE));
      return;
    }
    Money amount;
    try {
      amount = Money.parse(amountText, currency.get());
    } catch (IllegalArgumentException e) {
      renderConfirm(ctx, visit, 400, withError(again, "payouts.error.amount", currency.get().exponent()));
      return;
    }
    Payouts.Result result = payouts.pay(new Payouts.Request(airline.get().id(), currency.get(), amount.amountMinor(),
        bank.isEmpty() ? Optional.empty() : Optional.of(bank), visit.actor(), "console:" + token, visit.requestId()));
    if (result instanceof Payouts.Result.Paid paid) {
      ctx.redirect("/console/payouts?paid=" + paid.payout().reference(), io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    Payouts.Result.Refused refused = (Payouts.Result.Refused) result;
    String key = "payouts.refusal." + refused.reason().name().toLowerCase(java.util.Locale.ROOT);
    renderConfirm(ctx, visit, 422, withError(again, key,
        Formats.money(refused.owedMinor(), currency.get().code(), visit.language())));
  }

  private static ConfirmView withError(ConfirmView view, String key, Object... arguments) {
    return new ConfirmView(view.airline(), view.currency(), view.owedMinor(), view.amount(), view.bankReference(),
        view.token(), Optional.of(key), List.of(arguments));
  }

  private static String limited(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  private void statement(Context ctx, Visit visit, boolean csv) {
    Optional<Long> id = Console.longParam(ctx.pathParam("airlineId"));
    Optional<Airline> airline = id.flatMap(airlines::find);
    boolean visible = airline.isPresent() && visit.scope().map(own -> own == airline.get().id()).orElse(true);
    if (!visible) {
      // An airline gets the same 403 for another airline and for an id that does not exist.
      if (visit.scope().isPresent()) {
        console.problem(ctx, visit, 403, "error.forbidden.heading", "statement.error.forbidden");
      } else {
        console.problem(ctx, visit, 404, "error.notFound.heading", "statement.error.notFound");
      }
      return;
    }
    LocalDate today = LocalDate.ofInstant(console.clock().instant(), ZoneOffset.UTC);
    String fromText = limited(Optional.ofNullable(ctx.queryParam("from")).orElse(today.withDayOfMonth(1).toString())
        .strip(), 10);
    String toText = limited(Optional.ofNullable(ctx.queryParam("to")).orElse(today.toString()).strip(), 10);
    Optional<String> error = Optional.empty();
    Optional<Statements.Statement> statement = Optional.empty();
    try {
      LocalDate from = LocalDate.parse(fromText);
      LocalDate to = LocalDate.parse(toText);
      Optional<Statements.PeriodProblem> problem = Statements.Period.check(from, to);
      if (problem.isPresent()) {
        error = Optional.of(problem.get() == Statements.PeriodProblem.TO_BEFORE_FROM ? "statement.error.order"
            : "statement.error.tooLong");
      } else {
        statement = Optional.of(statements.of(airline.get().id(), new Statements.Period(from, to)));
      }
    } catch (DateTimeParseException e) {
      error = Optional.of("statement.error.date");
    }
    if (csv && statement.isPresent()) {
      ctx.contentType("text/csv; charset=utf-8");
      ctx.header("Content-Disposition", "attachment; filename=\""
          + Statements.csvFileName(airline.get().id(), statement.get().period()) + "\"");
      ctx.result(Statements.csv(statement.get()));
      return;
    }
    if (error.isPresent()) {
      ctx.status(400);
    }
    Page page = visit.page("statement.title", "payouts", ctx.path());
    console.render(ctx, "console/statement.jte", page.titled(airline.get().name() + " · " + page.title()),
        new StatementView(airline.get(), fromText, toText, statement, error));
  }
}
