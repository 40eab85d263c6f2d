package io.aloft.server.console;

import io.aloft.protocol.money.Money;
import io.aloft.server.account.Account;
import io.aloft.server.account.AccountAudit;
import io.aloft.server.account.AccountStandings;
import io.aloft.server.account.AccountStatus;
import io.aloft.server.account.Accounts;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Routes;
import io.aloft.server.report.SettlementReports;
import io.aloft.server.score.ScoreProvider;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The console's account pages, for the operator only: search by id or name, an account's page
 * (standing, allowance, credentials, settled payments), and four actions (top up, set status, set
 * score, write off). Each action is a confirmation page of its own: its GET says what will happen,
 * its POST does it ({@link AccountActions}: the same {@link Accounts} calls and limits as the JSON
 * API's {@code AccountRoutes}), records it in the audit log, and runs at most once per form (the
 * form's one-time key goes through {@link Idempotency}, so a second submit gets the first result back).
 */
public final class AccountPages {
  /** Credentials an account's page lists, newest first. */
  public static final int CREDENTIALS_SHOWN = 50;
  /** Longest form value read; anything longer is refused by the checks, and echoed cut. */
  private static final int MAX_VALUE_LENGTH = 200;

  private final Console console;
  private final Accounts accounts;
  private final AccountStandings standings;
  private final SettlementReports reports;
  private final Idempotency idempotency;
  private final AccountActions actions;

  public AccountPages(Console console, Accounts accounts, AccountStandings standings, SettlementReports reports,
      Idempotency idempotency, Duration writeOffAfter) {
    this.console = console;
    this.accounts = accounts;
    this.standings = standings;
    this.reports = reports;
    this.idempotency = idempotency;
    this.actions = new AccountActions(accounts, standings, writeOffAfter);
  }

  /** What an account's page may say was just done ({@code ?done=}). */
  private static final List<String> DONE = List.of("top-up", "status", "score", "write-off", "write-off-nothing");

  public void register(Routes routes) {
    console.operatorPage(routes, "/console/accounts", this::search);
    console.operatorPage(routes, "/console/accounts/{accountId}", this::account);
    for (AccountActions.Action action : AccountActions.Action.values()) {
      String path = "/console/accounts/{accountId}/" + action.slug;
      console.operatorPage(routes, path, (ctx, visit) -> review(ctx, visit, action));
      console.operatorAction(routes, path, (ctx, visit) -> act(ctx, visit, action));
    }
  }

  // The models the templates draw.

  public record Search(String query, List<Account> accounts, Optional<Long> nextCursor) {
    /** The query string of the next page, keeping the search. */
    public String nextQuery() {
      return "?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&starting_after=" + nextCursor.orElse(0L);
    }
  }

  /** A text and its arguments, put together by the page in its language. */
  public record Message(String key, List<Object> arguments) {
    public Object[] args() {
      return arguments.toArray();
    }
  }

  public record Option(String value, String labelKey, boolean selected) {}

  /** One form field; a select when it has options. {@code id} is unique on the page. */
  public record Field(String id, String name, String labelKey, Optional<Message> hint, String value,
      List<Option> options, int maxLength, String inputMode, Optional<Message> error) {
    public boolean select() {
      return !options.isEmpty();
    }

    /** The ids of the error and hint that describe the field, or null (no attribute) for neither. */
    public String describedBy() {
      String ids = (error.isPresent() ? id + "-error " : "") + (hint.isPresent() ? id + "-hint" : "");
      return ids.isBlank() ? null : ids.strip();
    }
  }

  /** A GET form that leads to an action's confirmation page. */
  public record Form(String slug, String headingKey, String action, List<Field> fields, String submitKey) {}

  public record FieldError(String fieldId, Message message) {}

  public record Hidden(String name, String value) {}

  /** What the confirm button will do, the fields it posts again, and the form's one-time key. */
  public record Confirmation(List<Message> effects, List<Hidden> hidden, String key, String submitKey) {}

  public record AccountView(AccountStandings.Standing standing, List<SettlementReports.AccountCredential> credentials,
      SettlementReports.AccountPayments payments, boolean laterPayments, Optional<String> done, List<Form> forms) {
    public Account account() {
      return standing.account();
    }

    public String currency() {
      return standing.account().currency().code();
    }

    /** The query string of the page of older payments. */
    public String olderPayments() {
      List<SettlementReports.AccountPayment> shown = payments.payments();
      return "?payments_after=" + shown.get(shown.size() - 1).cursor();
    }
  }

  public record Review(AccountStandings.Standing standing, String slug, String headingKey, Form form,
      List<FieldError> errors, Optional<Confirmation> confirmation) {
    public Account account() {
      return standing.account();
    }
  }

  // Pages.

  private void search(Context ctx, Visit visit) {
    String query = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
    if (query.length() > Accounts.MAX_SEARCH_LENGTH) {
      query = query.substring(0, Accounts.MAX_SEARCH_LENGTH);
    }
    Search model;
    if (query.isEmpty()) {
      model = new Search(query, List.of(), Optional.empty());
    } else {
      Accounts.SearchPage page = accounts.search(query, Console.longParam(ctx.queryParam("starting_after")),
          Console.PAGE_SIZE);
      List<Account> found = page.accounts();
      model = new Search(query, found,
          page.hasMore() ? Optional.of(found.get(found.size() - 1).id()) : Optional.empty());
    }
    console.render(ctx, "console/accounts.jte", visit.page("accounts.title", "accounts", ctx.path()), model);
  }

  private void account(Context ctx, Visit visit) {
    Optional<Account> account = existing(ctx, visit);
    if (account.isEmpty()) {
      return;
    }
    long id = account.get().id();
    AccountStandings.Standing standing = standings.of(account.get());
    Optional<SettlementReports.PaymentCursor> after =
        SettlementReports.PaymentCursor.parse(ctx.queryParam("payments_after"));
    AccountView model = new AccountView(standing, reports.credentialsOfAccount(id, CREDENTIALS_SHOWN),
        reports.paymentsOfAccount(id, after, Console.PAGE_SIZE), after.isPresent(),
        Optional.ofNullable(ctx.queryParam("done")).filter(DONE::contains),
        Arrays.stream(AccountActions.Action.values()).map(action -> form(action, standing, defaults(action, standing), "", List.of())).toList());
    console.render(ctx, "console/account.jte", titled(visit, ctx, "account.title", account.get()), model);
  }

  /** An action's page: the form, and once it is filled in correctly, what confirming will do. */
  private void review(Context ctx, Visit visit, AccountActions.Action action) {
    Optional<Account> account = existing(ctx, visit);
    if (account.isEmpty()) {
      return;
    }
    AccountStandings.Standing standing = standings.of(account.get());
    Map<String, String> values = values(action, ctx::queryParam);
    if (values.values().stream().allMatch(Objects::isNull)) {
      renderReview(ctx, visit, action, standing, defaults(action, standing), List.of(), Optional.empty(), 200);
      return;
    }
    AccountActions.Checked checked = actions.check(action, standing, values, visit.language());
    if (checked instanceof AccountActions.Invalid invalid) {
      renderReview(ctx, visit, action, standing, values, invalid.errors(), Optional.empty(), 200);
      return;
    }
    AccountActions.Plan plan = (AccountActions.Plan) checked;
    renderReview(ctx, visit, action, standing, values, List.of(), Optional.of(confirmation(action, plan)), 200);
  }

  /** The confirmed action: checked again, run at most once per form, audited, then back to the account. */
  private void act(Context ctx, Visit visit, AccountActions.Action action) {
    Optional<Account> account = existing(ctx, visit);
    if (account.isEmpty()) {
      return;
    }
    AccountStandings.Standing standing = standings.of(account.get());
    Map<String, String> values = values(action, ctx::formParam);
    AccountActions.Checked checked = actions.check(action, standing, values, visit.language());
    if (checked instanceof AccountActions.Invalid invalid) {
      renderReview(ctx, visit, action, standing, values, invalid.errors(), Optional.empty(), 422);
      return;
    }
    AccountActions.Plan plan = (AccountActions.Plan) checked;
    boolean[] ran = {false};
    Idempotency.Stored result;
    try {
      result = idempotency.once(visit.principal(), "POST", ctx.path(), ctx.formParam("key"), request(plan), () -> {
        ran[0] = true;
        AccountActions.Outcome outcome = plan.work().run();
        return outcome instanceof AccountActions.Done done
            ? new Idempotency.Stored(303, "text/plain", done.location().getBytes(StandardCharsets.UTF_8))
            : new Idempotency.Stored(422, "text/plain",
                ((AccountActions.Refused) outcome).messageKey().getBytes(StandardCharsets.UTF_8));
      });
    } catch (ApiProblem problem) {
      if (problem.status() == 409) {
        console.problem(ctx, visit, 409, "accounts.error.resent.heading", "accounts.error.resent.message");
      } else {
        console.problem(ctx, visit, 400, "error.csrf.heading", "accounts.error.key");
      }
      return;
    }
    String body = new String(result.body(), StandardCharsets.UTF_8);
    if (result.status() == 303) {
      // Recorded once, by the request that ran the action; a second submit only sees its result.
      if (ran[0]) {
        console.audit().record(visit.actor(), action.auditName(), AccountAudit.subject(account.get().id()),
            plan.audit().get(), visit.requestId());
      }
      ctx.redirect(body, HttpStatus.SEE_OTHER);
      return;
    }
    Money limit = Money.of(Accounts.MAX_BALANCE_MINOR, account.get().currency());
    renderReview(ctx, visit, action, standing, values,
        List.of(new FieldError("edit-" + action.fieldId(action.fields.get(0)), new Message(body,
            List.of(Formats.money(limit.amountMinor(), limit.currency().code(), visit.language()))))),
        Optional.empty(), 422);
  }

  private void renderReview(Context ctx, Visit visit, AccountActions.Action action, AccountStandings.Standing standing,
      Map<String, String> values, List<FieldError> errors, Optional<Confirmation> confirmation, int status) {
    ctx.status(status);
    Review model = new Review(standing, action.slug, action.messagePrefix() + ".heading",
        form(action, standing, values, "edit-", errors), errors, confirmation);
    console.render(ctx, "console/accountaction.jte",
        titled(visit, ctx, action.messagePrefix() + ".title", standing.account()), model);
  }

  private static Page titled(Visit visit, Context ctx, String titleKey, Account account) {
    Page page = visit.page(titleKey, "accounts", ctx.path());
    return page.titled(account.displayName() + " · " + page.title());
  }

  /** The account in the path, or a 404 page (the operator may see every account, so nothing is hidden). */
  private Optional<Account> existing(Context ctx, Visit visit) {
    Optional<Account> account = Console.longParam(ctx.pathParam("accountId")).flatMap(accounts::find);
    if (account.isEmpty()) {
      console.problem(ctx, visit, 404, "error.notFound.heading", "accounts.error.notFound");
    }
    return account;
  }

  // Forms.

  private static Map<String, String> values(AccountActions.Action action, Function<String, String> read) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : action.fields) {
      String value = read.apply(field);
      values.put(field, value == null ? null
          : value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value);
    }
    return values;
  }

  private Map<String, String> defaults(AccountActions.Action action, AccountStandings.Standing standing) {
    Map<String, String> values = new LinkedHashMap<>();
    switch (action) {
      case TOP_UP -> values.put("amount", "");
      case STATUS -> values.put("status", standing.account().status().wireName());
      case SCORE -> {
        values.put("score", String.valueOf(standing.score().value()));
        values.put("source", "operator");
      }
      case WRITE_OFF -> {
        values.put("scope", "older");
        values.put("days", String.valueOf(actions.defaultWriteOffDays()));
      }
    }
    return values;
  }

  private static Form form(AccountActions.Action action, AccountStandings.Standing standing, Map<String, String> values,
      String idPrefix, List<FieldError> errors) {
    String prefix = action.messagePrefix();
    Account account = standing.account();
    String currency = account.currency().code();
    List<Field> fields = new ArrayList<>();
    for (String name : action.fields) {
      String value = Optional.ofNullable(values.get(name)).orElse("");
      String id = idPrefix + action.fieldId(name);
      String label = prefix + ".field." + name;
      Optional<Message> error = errors.stream().filter(e -> e.fieldId().equals(id)).map(FieldError::message)
          .findFirst();
      fields.add(switch (name) {
        case "amount" -> new Field(id, name, label, Optional.of(new Message(prefix + ".hint.amount",
            List.of(currency, account.currency().exponent() == 0 ? "500" : "50." + "0".repeat(
                account.currency().exponent())))), value, List.of(), 24, "decimal", error);
        case "status" -> new Field(id, name, label, Optional.empty(), value,
            Arrays.stream(AccountStatus.values()).map(status -> new Option(status.wireName(),
                "accounts.status." + status.wireName(), status.wireName().equals(value))).toList(), 0, "text", error);
        case "score" -> new Field(id, name, label, Optional.of(new Message(prefix + ".hint.score",
            List.of(ScoreProvider.MIN_SCORE, ScoreProvider.MAX_SCORE, standing.thresholdScore()))), value, List.of(),
            3, "numeric", error);
        case "source" -> new Field(id, name, label, Optional.of(new Message(prefix + ".hint.source",
            List.of(Accounts.MAX_SCORE_SOURCE_LENGTH))), value, List.of(), Accounts.MAX_SCORE_SOURCE_LENGTH, "text", error);
        case "scope" -> new Field(id, name, label, Optional.empty(), value, List.of(
            new Option("older", prefix + ".scope.older", !value.equals("all")),
            new Option("all", prefix + ".scope.all", value.equals("all"))), 0, "text", error);
        case "days" -> new Field(id, name, label, Optional.of(new Message(prefix + ".hint.days",
            List.of(Accounts.MAX_WRITE_OFF_AGE_DAYS))), value, List.of(), 4, "numeric", error);
        default -> throw new IllegalStateException("no field " + name);
      });
    }
    return new Form(action.slug, prefix + ".heading", "/console/accounts/" + account.id() + "/" + action.slug,
        fields, prefix + ".review");
  }

  private Confirmation confirmation(AccountActions.Action action, AccountActions.Plan plan) {
    List<Hidden> hidden = plan.fields().entrySet().stream().map(e -> new Hidden(e.getKey(), e.getValue())).toList();
    return new Confirmation(plan.effects(), hidden, console.randomHex(16), action.messagePrefix() + ".confirm");
  }

  /** What the one-time key protects: the action's checked fields, in a fixed order. */
  private static byte[] request(AccountActions.Plan plan) {
    StringBuilder text = new StringBuilder();
    plan.fields().forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
