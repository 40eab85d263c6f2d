package io.aloft.server.account;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.allowance.Allowance;
import io.aloft.server.allowance.Allowances;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Json;
import io.aloft.server.http.Principal;
import io.aloft.server.http.RequestIds;
import io.aloft.server.http.Reply;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.aloft.server.http.Views.MoneyView;
import io.aloft.server.score.EligibilityPolicy;
import io.aloft.server.score.ScoreProvider;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** HTTP endpoints for accounts: the operator creates and manages them, a wallet reads its own. */
public final class AccountRoutes {
  /** Bound on one score import request. */
  static final int MAX_SCORE_IMPORT = 1000;

  private final Accounts accounts;
  private final Authenticator authenticator;
  private final Idempotency idempotency;
  private final AccountStandings standings;
  private final Duration writeOffAfter;
  private final AuditLog audit;

  public AccountRoutes(Accounts accounts, Authenticator authenticator, Idempotency idempotency,
      ScoreProvider scoreProvider, EligibilityPolicy policy, Allowances allowances, Duration writeOffAfter,
      Clock clock, AuditLog audit) {
    this.accounts = accounts;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
    this.standings = new AccountStandings(scoreProvider, policy, allowances, clock);
    this.writeOffAfter = writeOffAfter;
    this.audit = audit;
  }

  public void register(Routes routes) {
    routes.post("/v1/accounts", this::create);
    routes.get("/v1/accounts/{accountId}", this::get);
    routes.post("/v1/accounts/{accountId}/top-ups", this::topUp);
    routes.post("/v1/accounts/{accountId}/status", this::setStatus);
    routes.post("/v1/accounts/{accountId}/score", this::setScore);
    routes.post("/v1/accounts/{accountId}/write-off", this::writeOff);
    routes.post("/v1/scores/import", this::importScores);
  }

  record CreateAccount(String displayName, Integer identityLevel, String currency, Long openingBalanceMinor,
      Integer score, String scoreSource) {}

  record ScoreView(int value, String source, int thresholdScore, boolean meetsThreshold) {}

  /**
   * {@code arrears} is what offline payments left owing; {@code writtenOff} what of it an operator
   * wrote off and is still owed; {@code offlineAllowance} how much of the tier's total limit a new
   * credential could have now; {@code notice}, when present, tells the passenger in a sentence why
   * offline payment is not available and what restores it.
   */
  record AccountView(long id, String displayName, int identityLevel, String status, MoneyView balance,
      MoneyView arrears, String arrearsSince, MoneyView writtenOff, ScoreView score,
      AllowanceView offlineAllowance, String notice, String createdAt) {}

  /**
   * {@code limit}: the tier's total limit for the current score (0 when below the threshold);
   * {@code inUse}: what open credentials reserve until their payments settle; {@code available}:
   * the most a new credential gets; {@code heldBy}: the credentials reserving most, largest first.
   */
  record AllowanceView(MoneyView limit, MoneyView inUse, MoneyView available, List<HoldView> heldBy) {}

  record HoldView(long flightId, String flight, String flightDate, String serial, MoneyView reserved,
      String releasedBy) {}

  record CreatedView(AccountView account, String walletToken) {}

  private void create(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    CreateAccount request = Json.read(ctx.bodyAsBytes(), CreateAccount.class);
    String name = Requests.text(request.displayName(), "displayName", Accounts.MAX_DISPLAY_NAME_LENGTH);
    int level = Requests.range(request.identityLevel(), "identityLevel", 0, 3);
    long opening = request.openingBalanceMinor() == null ? 0 : request.openingBalanceMinor();
    Money balance = Requests.money(opening, request.currency(), "openingBalance", 0, Accounts.MAX_TOP_UP_MINOR);
    Optional<Integer> score = Optional.ofNullable(request.score())
        .map(value -> Requests.range(value, "score", ScoreProvider.MIN_SCORE, ScoreProvider.MAX_SCORE));
    String source = score.isPresent() ? source(request.scoreSource()) : null;
    idempotency.run(ctx, principal, () -> {
      Accounts.Created created = accounts.create(name, level, balance, score, source);
      return Reply.created(new CreatedView(view(created.account()), created.walletToken()));
    });
  }

  private void get(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long id = Requests.pathId(ctx, "accountId");
    Authenticator.requireAdminOrAccount(principal, id);
    ctx.json(view(existing(accounts.find(id), id)));
  }

  record TopUp(Long amountMinor, String currency) {}

  private void topUp(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    long id = Requests.pathId(ctx, "accountId");
    TopUp request = Json.read(ctx.bodyAsBytes(), TopUp.class);
    Money amount = Requests.money(request.amountMinor(), request.currency(), "amount", 1, Accounts.MAX_TOP_UP_MINOR);
    audited(ctx, principal, AccountAudit.TOP_UP, id, detail -> {
      Accounts.TopUpResult result = accounts.topUp(id, amount);
      Reply reply = topUpReply(result, id, amount);
      detail.accept(AccountAudit.topUp(amount, ((Accounts.TopUpResult.Done) result).account()));
      return reply;
    });
  }

  /**
   * Runs an operator's change once per Idempotency-Key, then records it in the audit log with the
   * request id: only when it ran and succeeded in this request ({@code work} gives the sentence), so
   * a replay or a refusal records nothing. Recorded after the answer is stored, so a failing audit
   * write can never release the key and let a retry run the change twice.
   */
  private void audited(Context ctx, Principal principal, String action, long accountId,
      Function<Consumer<String>, Reply> work) {
    String[] detail = {null};
    idempotency.run(ctx, principal, () -> work.apply(sentence -> detail[0] = sentence));
    if (detail[0] != null) {
      audit.record(principal.name(), action, AccountAudit.subject(accountId), detail[0], RequestIds.of(ctx));
    }
  }

  private Reply topUpReply(Accounts.TopUpResult result, long id, Money amount) {
    if (result instanceof Accounts.TopUpResult.Done done) {
      return Reply.ok(view(done.account()));
    }
    if (result instanceof Accounts.TopUpResult.WrongCurrency wrong) {
      throw ApiProblem.of(422, "currency-mismatch", "Currency does not match the account", "The account holds "
          + wrong.accountCurrency().code() + "; the top-up is in " + amount.currency().code() + ".");
    }
    if (result instanceof Accounts.TopUpResult.OverMaximum over) {
      throw ApiProblem.of(422, "balance-limit", "Balance would exceed the maximum",
          "An account may hold at most " + over.maxBalanceMinor() + " minor units.");
    }
    throw noAccount(id);
  }

  record SetStatus(String status) {}

  private void setStatus(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    long id = Requests.pathId(ctx, "accountId");
    SetStatus request = Json.read(ctx.bodyAsBytes(), SetStatus.class);
    AccountStatus status;
    try {
      status = AccountStatus.fromWireName(Requests.required(request.status(), "status"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest(e.getMessage());
    }
    audited(ctx, principal, AccountAudit.STATUS, id, detail -> {
      Reply reply = Reply.ok(view(existing(accounts.setStatus(id, status), id)));
      detail.accept(AccountAudit.status(status));
      return reply;
    });
  }

  record SetScore(Integer score, String source) {}

  private void setScore(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    long id = Requests.pathId(ctx, "accountId");
    Accounts.ScoreEntry entry = entry(id, Json.read(ctx.bodyAsBytes(), SetScore.class));
    audited(ctx, principal, AccountAudit.SCORE, id, detail -> {
      if (!accounts.setScores(List.of(entry)).isEmpty()) {
        throw noAccount(id);
      }
      detail.accept(AccountAudit.score(entry.score().orElseThrow(), entry.source()));
      return Reply.ok(view(accounts.find(id).orElseThrow()));
    });
  }

  record ImportedScore(Long accountId, Integer score, String source) {}

  record ImportScores(List<ImportedScore> scores) {}

  record ImportedView(int imported) {}

  private void importScores(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    ImportScores request = Json.read(ctx.bodyAsBytes(), ImportScores.class);
    List<ImportedScore> scores = Requests.required(request.scores(), "scores");
    if (scores.isEmpty() || scores.size() > MAX_SCORE_IMPORT) {
      throw ApiProblem.invalidRequest("Field 'scores' must hold 1 to " + MAX_SCORE_IMPORT + " entries.");
    }
    List<Accounts.ScoreEntry> entries = new ArrayList<>();
    for (ImportedScore score : scores) {
      Requests.required(score, "scores[]");
      entries.add(entry(Requests.required(score.accountId(), "scores[].accountId"),
          new SetScore(score.score(), score.source())));
    }
    idempotency.run(ctx, principal, () -> {
      List<Long> missing = accounts.setScores(entries);
      if (!missing.isEmpty()) {
        throw ApiProblem.of(422, "unknown-accounts", "Some accounts do not exist",
            "No score was imported; unknown account ids: " + missing.subList(0, Math.min(20, missing.size())));
      }
      return Reply.ok(new ImportedView(entries.size()));
    });
  }

  private static Accounts.ScoreEntry entry(long accountId, SetScore request) {
    int score = Requests.range(request.score(), "score", ScoreProvider.MIN_SCORE, ScoreProvider.MAX_SCORE);
    return new Accounts.ScoreEntry(accountId, Optional.of(score), source(request.source()));
  }

  private static String source(String source) {
    return source == null ? "operator" : Requests.text(source, "source", Accounts.MAX_SCORE_SOURCE_LENGTH);
  }

  AccountView view(Account account) {
    AccountStandings.Standing standing = standings.of(account);
    AccountScores.Score score = standing.score();
    Allowance allowance = standing.allowance();
    return new AccountView(account.id(), account.displayName(), account.identityLevel(),
        account.status().wireName(), MoneyView.of(account.balance()), MoneyView.of(account.arrears()),
        account.arrearsSince().map(Object::toString).orElse(null), MoneyView.of(account.writtenOff()),
        new ScoreView(score.value(), score.source(), standing.thresholdScore(), standing.meetsThreshold()),
        allowanceView(allowance, account.currency()), notice(account, allowance), account.createdAt().toString());
  }

  private static AllowanceView allowanceView(Allowance allowance, CurrencyUnit currency) {
    List<HoldView> holds = allowance.holds().stream().map(hold -> new HoldView(hold.flightId(), hold.flightCode(),
        hold.flightDate().toString(), hold.serial(), MoneyView.of(Money.of(hold.reservedMinor(), currency)),
        hold.releasedBy().toString())).toList();
    return new AllowanceView(MoneyView.of(Money.of(allowance.limitMinor(), currency)),
        MoneyView.of(Money.of(allowance.reservedMinor(), currency)),
        MoneyView.of(Money.of(allowance.availableMinor(), currency)), holds);
  }

  private static String notice(Account account, Allowance allowance) {
    if (account.owesDebt()) {
      return "Offline payment is suspended: your balance did not cover offline payments and you owe "
          + account.debt() + ". It is collected automatically from your next top-up, and offline payment resumes"
          + " once it is paid.";
    }
    if (account.status() == AccountStatus.SUSPENDED) {
      return "Offline payment is suspended on this account. Contact support.";
    }
    if (allowance.limitMinor() > 0 && allowance.availableMinor() < 1) {
      return allowance.inUseMessage(account.currency());
    }
    return null;
  }

  /** {@code all: true} writes off all arrears; else those older than {@code olderThanDays}, or the default age. */
  record WriteOff(Integer olderThanDays, Boolean all) {}

  record WrittenOffView(MoneyView writtenOff, AccountView account) {}

  private void writeOff(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    long id = Requests.pathId(ctx, "accountId");
    Optional<Duration> olderThan = olderThan(Json.read(ctx.bodyAsBytes(), WriteOff.class));
    audited(ctx, principal, AccountAudit.WRITE_OFF, id, detail -> {
      Accounts.WriteOffResult result = accounts.writeOff(id, olderThan);
      if (!(result instanceof Accounts.WriteOffResult.Done done)) {
        throw noAccount(id);
      }
      detail.accept(AccountAudit.writeOff(done.writtenOff(), olderThan));
      return Reply.ok(new WrittenOffView(MoneyView.of(done.writtenOff()), view(done.account())));
    });
  }

  /** Empty means all arrears, which the operator must ask for in so many words. */
  private Optional<Duration> olderThan(WriteOff request) {
    boolean all = Boolean.TRUE.equals(request.all());
    if (all && request.olderThanDays() != null) {
      throw ApiProblem.invalidRequest("Give either 'all': true or 'olderThanDays', not both.");
    }
    if (all) {
      return Optional.empty();
    }
    if (request.olderThanDays() == null) {
      return Optional.of(writeOffAfter);
    }
    return Optional.of(Duration.ofDays(Requests.range(request.olderThanDays(), "olderThanDays", 1,
        Accounts.MAX_WRITE_OFF_AGE_DAYS)));
  }

  private static Account existing(Optional<Account> account, long id) {
    return account.orElseThrow(() -> noAccount(id));
  }

  private static ApiProblem noAccount(long id) {
    return ApiProblem.notFound("No account has id " + id + ".");
  }
}
