package io.aloft.server.console;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.account.Account;
import io.aloft.server.account.AccountAudit;
import io.aloft.server.account.AccountStandings;
import io.aloft.server.account.AccountStatus;
import io.aloft.server.account.Accounts;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Requests;
import io.aloft.server.score.ScoreProvider;
import io.aloft.server.score.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operator's account actions as the console offers them: what each checks (the JSON API's
 * limits, through the same {@link Requests} checks and {@link Accounts} constants), what it says
 * confirming will do, and the {@link Accounts} call it makes, the one {@code AccountRoutes} makes.
 */
final class AccountActions {
  private final Accounts accounts;
  private final AccountStandings standings;
  private final Duration writeOffAfter;

  AccountActions(Accounts accounts, AccountStandings standings, Duration writeOffAfter) {
    this.accounts = accounts;
    this.standings = standings;
    this.writeOffAfter = writeOffAfter;
  }

  /** The age the write-off form offers first: the server's write-off age, in whole days. */
  long defaultWriteOffDays() {
    return Math.max(1, writeOffAfter.toDays());
  }

  /** What an operator can do to an account, with the path segment and the form fields of each. */
  enum Action {
    TOP_UP("top-up", "amount"),
    STATUS("status", "status"),
    SCORE("score", "score", "source"),
    WRITE_OFF("write-off", "scope", "days");

    final String slug;
    final List<String> fields;

    Action(String slug, String... fields) {
      this.slug = slug;
      this.fields = List.of(fields);
    }

    /** The audit log's name for it, as the JSON API's. */
    String auditName() {
      return switch (this) {
        case TOP_UP -> AccountAudit.TOP_UP;
        case STATUS -> AccountAudit.STATUS;
        case SCORE -> AccountAudit.SCORE;
        case WRITE_OFF -> AccountAudit.WRITE_OFF;
      };
    }

    /** The id of a field of this action's form, unique on the account's page. */
    String fieldId(String field) {
      return slug + "-" + field;
    }

    String messagePrefix() {
      return switch (this) {
        case TOP_UP -> "accounts.topUp";
        case STATUS -> "accounts.setStatus";
        case SCORE -> "accounts.setScore";
        case WRITE_OFF -> "accounts.writeOff";
      };
    }
  }

  sealed interface Checked permits Invalid, Plan {}

  record Invalid(List<AccountPages.FieldError> errors) implements Checked {}

  /**
   * A checked action: what it will do in words, the fields that describe it, the work, and the
   * audit log's sentence for its result (read once the work is done).
   */
  record Plan(List<AccountPages.Message> effects, Map<String, String> fields, Work work, Supplier<String> audit)
      implements Checked {}

  @FunctionalInterface
  interface Work {
    Outcome run();
  }

  sealed interface Outcome permits Done, Refused {}

  /** Done: where the browser goes next (the account's page saying what was done). */
  record Done(String location) implements Outcome {}

  /** Refused by the service for a reason the checks could not see; the words' message key. */
  record Refused(String messageKey) implements Outcome {}

  Checked check(Action action, AccountStandings.Standing standing, Map<String, String> values,
      Language language) {
    return switch (action) {
      case TOP_UP -> checkTopUp(standing, text(values, "amount"), language);
      case STATUS -> checkStatus(standing, text(values, "status"), language);
      case SCORE -> checkScore(standing, text(values, "score"), text(values, "source"), language);
      case WRITE_OFF -> checkWriteOff(standing, text(values, "scope"), text(values, "days"), language);
    };
  }

  private static String text(Map<String, String> values, String name) {
    return Optional.ofNullable(values.get(name)).orElse("").strip();
  }

  private static Invalid invalid(Action action, String field, String key, Object... arguments) {
    return new Invalid(List.of(new AccountPages.FieldError("edit-" + action.fieldId(field), new AccountPages.Message(key, List.of(arguments)))));
  }

  private static String location(Account account, String done) {
    return "/console/accounts/" + account.id() + "?done=" + done;
  }

  private Checked checkTopUp(AccountStandings.Standing standing, String text, Language language) {
    Account account = standing.account();
    CurrencyUnit currency = account.currency();
    Money amount;
    try {
      amount = Money.parse(text, currency);
      Requests.money(amount.amountMinor(), currency.code(), "amount", 1, Accounts.MAX_TOP_UP_MINOR);
    } catch (IllegalArgumentException | ApiProblem e) {
      return invalid(Action.TOP_UP, "amount", "accounts.topUp.error.amount", currency.code(), currency.exponent(),
          money(1, currency, language), money(Accounts.MAX_TOP_UP_MINOR, currency, language));
    }
    List<AccountPages.Message> effects = List.of(
        new AccountPages.Message("accounts.topUp.effect.add", List.of(money(amount, language), account.displayName(), account.id())),
        new AccountPages.Message("accounts.topUp.effect.now", List.of(money(account.balance(), language),
            money(account.arrears(), language), money(account.writtenOff(), language))),
        new AccountPages.Message("accounts.topUp.effect.order", List.of()));
    Money topUp = amount;
    Account[] after = {account};
    Work work = () -> {
      Accounts.TopUpResult result = accounts.topUp(account.id(), topUp);
      if (result instanceof Accounts.TopUpResult.Done done) {
        after[0] = done.account();
        return new Done(location(account, "top-up"));
      }
      if (result instanceof Accounts.TopUpResult.WrongCurrency) {
        return new Refused("accounts.topUp.error.currency");
      }
      if (result instanceof Accounts.TopUpResult.OverMaximum) {
        return new Refused("accounts.topUp.error.max");
      }
      return new Refused("accounts.error.gone");
    };
    return new Plan(effects, Map.of("amount", amount.toPlainString()), work,
        () -> AccountAudit.topUp(topUp, after[0]));
  }

  private Checked checkStatus(AccountStandings.Standing standing, String text, Language language) {
    Account account = standing.account();
    AccountStatus status;
    try {
      status = AccountStatus.fromWireName(text);
    } catch (IllegalArgumentException e) {
      return invalid(Action.STATUS, "status", "accounts.setStatus.error.choose");
    }
    List<AccountPages.Message> effects = List.of(
        new AccountPages.Message("accounts.setStatus.effect.change", List.of(account.displayName(), account.id(),
            language.text("accounts.status." + account.status().wireName()),
            language.text("accounts.status." + status.wireName()))),
        new AccountPages.Message("accounts.setStatus.effect." + status.wireName(), List.of()));
    Work work = () -> accounts.setStatus(account.id(), status).<Outcome>map(changed -> new Done(location(account,
        "status"))).orElse(new Refused("accounts.error.gone"));
    return new Plan(effects, Map.of("status", status.wireName()), work, () -> AccountAudit.status(status));
  }

  private Checked checkScore(AccountStandings.Standing standing, String scoreText, String sourceText,
      Language language) {
    Account account = standing.account();
    int score;
    try {
      score = Requests.range(scoreText.matches("\\d{1,4}") ? Integer.valueOf(scoreText) : null, "score",
          ScoreProvider.MIN_SCORE, ScoreProvider.MAX_SCORE);
    } catch (ApiProblem e) {
      return invalid(Action.SCORE, "score", "accounts.setScore.error.score", ScoreProvider.MIN_SCORE,
          ScoreProvider.MAX_SCORE);
    }
    String source;
    try {
      // As the API: no source given means the operator's own.
      source = sourceText.isEmpty() ? "operator"
          : Requests.text(sourceText, "source", Accounts.MAX_SCORE_SOURCE_LENGTH);
    } catch (ApiProblem e) {
      return invalid(Action.SCORE, "source", "accounts.setScore.error.source", Accounts.MAX_SCORE_SOURCE_LENGTH);
    }
    Optional<Tier> tier = standings.tierFor(score, account.currency());
    AccountPages.Message tierLine = tier.map(t -> new AccountPages.Message("accounts.setScore.effect.tier", List.of(t.number(),
            money(t.perPaymentLimitMinor(), account.currency(), language),
            money(t.totalLimitMinor(), account.currency(), language))))
        .orElse(new AccountPages.Message("accounts.setScore.effect.belowThreshold", List.of(standing.thresholdScore())));
    List<AccountPages.Message> effects = List.of(
        new AccountPages.Message("accounts.setScore.effect.change", List.of(account.displayName(), account.id(), score, source)),
        new AccountPages.Message("accounts.setScore.effect.was", List.of(standing.score().value(), standing.score().source())),
        tierLine);
    String chosen = source;
    Work work = () -> accounts.setScores(List.of(new Accounts.ScoreEntry(account.id(), Optional.of(score), chosen)))
        .isEmpty() ? new Done(location(account, "score")) : new Refused("accounts.error.gone");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("score", String.valueOf(score));
    fields.put("source", source);
    return new Plan(effects, fields, work, () -> AccountAudit.score(score, chosen));
  }

  private Checked checkWriteOff(AccountStandings.Standing standing, String scope, String daysText,
      Language language) {
    Account account = standing.account();
    if (!scope.equals("older") && !scope.equals("all")) {
      return invalid(Action.WRITE_OFF, "scope", "accounts.writeOff.error.scope");
    }
    Optional<Duration> olderThan;
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("scope", scope);
    if (scope.equals("all")) {
      olderThan = Optional.empty();
      fields.put("days", "");
    } else if (daysText.isEmpty()) {
      // As the API: no age given means the configured age.
      olderThan = Optional.of(writeOffAfter);
      fields.put("days", "");
    } else {
      try {
        int days = Requests.range(daysText.matches("\\d{1,5}") ? Integer.valueOf(daysText) : null, "olderThanDays",
            1, Accounts.MAX_WRITE_OFF_AGE_DAYS);
        olderThan = Optional.of(Duration.ofDays(days));
        fields.put("days", String.valueOf(days));
      } catch (ApiProblem e) {
        return invalid(Action.WRITE_OFF, "days", "accounts.writeOff.error.days", Accounts.MAX_WRITE_OFF_AGE_DAYS);
      }
    }
    List<AccountPages.Message> effects = new ArrayList<>();
    effects.add(olderThan.isEmpty()
        ? new AccountPages.Message("accounts.writeOff.effect.all", List.of(account.displayName(), account.id()))
        : new AccountPages.Message("accounts.writeOff.effect.older", List.of(account.displayName(), account.id(),
            Math.max(1, olderThan.get().toDays()))));
    effects.add(new AccountPages.Message("accounts.writeOff.effect.now", List.of(money(account.arrears(), language),
        money(account.writtenOff(), language))));
    effects.add(new AccountPages.Message(account.inArrears() ? "accounts.writeOff.effect.still" : "accounts.writeOff.effect.none",
        List.of()));
    Optional<Duration> age = olderThan;
    Money[] writtenOff = {Money.zero(account.currency())};
    Work work = () -> {
      Accounts.WriteOffResult result = accounts.writeOff(account.id(), age);
      if (!(result instanceof Accounts.WriteOffResult.Done done)) {
        return new Refused("accounts.error.gone");
      }
      writtenOff[0] = done.writtenOff();
      return new Done(location(account, done.writtenOff().amountMinor() > 0 ? "write-off" : "write-off-nothing"));
    };
    return new Plan(effects, fields, work, () -> AccountAudit.writeOff(writtenOff[0], age));
  }

  private static String money(Money money, Language language) {
    return Formats.money(money.amountMinor(), money.currency().code(), language);
  }

  private static String money(long minor, CurrencyUnit currency, Language language) {
    return Formats.money(minor, currency.code(), language);
  }
}
