package io.aloft.server.account;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.db.Database;
import io.aloft.server.ledger.Entries;
import io.aloft.server.ledger.Entry;
import io.aloft.server.ledger.EntryKind;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.ledger.PayerFunds;
import io.aloft.server.http.ApiTokens;
import io.aloft.server.http.Secrets;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * Accounts in PostgreSQL: creation with a wallet token, balance top-ups, write-offs, status and
 * score changes.
 */
public final class Accounts {
  /** No single account holds more than this (10^15 minor units); guards sums against overflow. */
  public static final long MAX_BALANCE_MINOR = 1_000_000_000_000_000L;
  public static final int MAX_DISPLAY_NAME_LENGTH = 100;
  /** Most top-ups are small; a single one above 10^12 minor units is a typo or an attack. */
  public static final long MAX_TOP_UP_MINOR = 1_000_000_000_000L;
  /** Longest name of where an operator's score came from ({@code operator}, a bureau's name). */
  public static final int MAX_SCORE_SOURCE_LENGTH = 64;
  /** Ten years: older arrears than that are all of them, which writing off "all" says plainly. */
  public static final int MAX_WRITE_OFF_AGE_DAYS = 3650;
  /** Longest text a search looks for: a whole display name. */
  public static final int MAX_SEARCH_LENGTH = MAX_DISPLAY_NAME_LENGTH;
  /** Most accounts one search page returns. */
  public static final int MAX_SEARCH_PAGE = 100;

  private final Database database;
  private final Ledger ledger;
  private final Clock clock;
  private final SecureRandom random;

  public Accounts(Database database, Ledger ledger, Clock clock, SecureRandom random) {
    this.database = database;
    this.ledger = ledger;
    this.clock = clock;
    this.random = random;
  }

  /** A new account and the wallet token its owner authenticates with (shown once, stored hashed). */
  public record Created(Account account, String walletToken) {}

  public Created create(String displayName, int identityLevel, Money openingBalance, Optional<Integer> score,
      String scoreSource) {
    String token = Secrets.newToken("wallet", random);
    long id = database.inTransaction(connection -> {
      long accountId = insertAccount(connection, displayName, identityLevel, openingBalance, score, scoreSource);
      ApiTokens.insert(connection, Secrets.hash(token), "wallet", accountId, null, clock.instant(), null);
      if (openingBalance.amountMinor() > 0) {
        PayerFunds.Credit credit = new PayerFunds(0, 0).credit(openingBalance.amountMinor());
        ledger.post(connection, List.of(Entries.topUp(EntryKind.OPENING_BALANCE, accountId, openingBalance.currency(),
            credit)), clock.instant());
      }
      return accountId;
    });
    return new Created(find(id).orElseThrow(), token);
  }

  private long insertAccount(Connection connection, String displayName, int identityLevel, Money balance,
      Optional<Integer> score, String scoreSource) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO accounts (created_at, display_name, identity_level, status, currency, balance_minor,"
            + " score_override, score_source, score_set_at) VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?) RETURNING id")) {
      Timestamp now = Timestamp.from(clock.instant());
      insert.setTimestamp(1, now);
      insert.setString(2, displayName);
      insert.setInt(3, identityLevel);
      insert.setString(4, balance.currency().code());
      insert.setLong(5, balance.amountMinor());
      setScore(insert, 6, score, scoreSource, now);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void setScore(PreparedStatement statement, int index, Optional<Integer> score, String source,
      Timestamp now) throws SQLException {
    if (score.isPresent()) {
      statement.setInt(index, score.get());
      statement.setString(index + 1, source);
      statement.setTimestamp(index + 2, now);
    } else {
      statement.setNull(index, Types.SMALLINT);
      statement.setNull(index + 1, Types.VARCHAR);
      statement.setNull(index + 2, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  public Optional<Account> find(long id) {
    return database.inTransaction(connection -> find(connection, id, false));
  }

  /**
   * The score feedback of an account's settled payments: per flight, one point per full 10.00
   * (1,000 minor units) the payer was charged, at most 15; nothing for a flight where settlement
   * opened a case about the account. Read from the payments (through {@code settled_payments}, which
   * settlement publishes: settlement sits above accounts), so the order in which they settled (and
   * whether a case came before or after them) cannot change it.
   */
  static final String PAYMENT_POINTS = "(SELECT coalesce(sum(least(15, f.charged / 1000)), 0) FROM"
      + " (SELECT s.flight_id, sum(s.payer_charged_minor) AS charged FROM settled_payments s"
      + " WHERE s.account_id = accounts.id AND s.funded_by = 'payer' AND NOT s.case_on_flight"
      + " GROUP BY s.flight_id) f)::int";

  /** Reads an account; with {@code forUpdate} the row stays locked until the transaction ends. */
  public static Optional<Account> find(Connection connection, long id, boolean forUpdate) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT *, " + PAYMENT_POINTS + " AS payment_points FROM accounts WHERE id = ?"
            + (forUpdate ? " FOR UPDATE OF accounts" : ""))) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  /** The currency the account holds its funds in. */
  public static CurrencyUnit currencyOf(Connection connection, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT currency FROM accounts WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no account " + id);
        }
        return CurrencyUnit.of(row.getString(1));
      }
    }
  }

  /**
   * Stores the payer's funds, arrears and written-off debt after a case resolution, with the
   * standing the caller decided; {@code fell} counts a new arrears episode. The caller holds the
   * account's lock.
   */
  public static void storeResolution(Connection connection, long accountId, PayerFunds after, long writtenOffMinor,
      AccountStatus status, boolean fell, boolean owesAfter, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE accounts SET balance_minor = ?, arrears_minor = ?, written_off_minor = ?, status = ?,"
            + " arrears_episode_count = arrears_episode_count + ?,"
            + " arrears_since = CASE WHEN ? THEN coalesce(arrears_since, ?) ELSE NULL END WHERE id = ?")) {
      update.setLong(1, after.balanceMinor());
      update.setLong(2, after.arrearsMinor());
      update.setLong(3, writtenOffMinor);
      update.setString(4, status.wireName());
      update.setInt(5, fell ? 1 : 0);
      update.setBoolean(6, owesAfter);
      update.setTimestamp(7, Timestamp.from(now));
      update.setLong(8, accountId);
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("account " + accountId + " vanished under its lock");
      }
    }
  }

  /** An account as a settlement run reads it under the account's row lock. */
  public record PayerStanding(long accountId, CurrencyUnit currency, AccountStatus status, PayerFunds funds,
      long writtenOffMinor) {}

  /**
   * Locks the accounts in ascending id and reads their funds and standing, in one statement.
   * Settlement calls it after locking the credentials, as every writer does.
   */
  public static List<PayerStanding> lockPayers(Connection connection, SortedSet<Long> accountIds)
      throws SQLException {
    List<PayerStanding> payers = new ArrayList<>(accountIds.size());
    if (accountIds.isEmpty()) {
      return payers;
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, currency, status, balance_minor, arrears_minor, written_off_minor FROM accounts WHERE id = ANY(?)"
            + " ORDER BY id FOR UPDATE")) {
      select.setArray(1, connection.createArrayOf("bigint", accountIds.toArray()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          payers.add(new PayerStanding(row.getLong(1), CurrencyUnit.of(row.getString(2)),
              AccountStatus.fromWireName(row.getString(3)), new PayerFunds(row.getLong(4), row.getLong(5)),
              row.getLong(6)));
        }
      }
    }
    return payers;
  }

  /**
   * What a settlement run leaves an account with: its funds and status, how many payments settled,
   * and whether it fell into arrears (a new arrears episode, dated now when it had none).
   */
  public record SettledPayer(long accountId, PayerFunds funds, AccountStatus status, int settledPayments,
      boolean fellIntoArrears) {}

  /**
   * Stores every payer's funds and status in one statement. The caller holds their row locks
   * ({@link #lockPayers}) and passes them in ascending id.
   */
  public static void storeSettled(Connection connection, List<SettledPayer> payers, Instant now)
      throws SQLException {
    if (payers.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE accounts a SET balance_minor = d.balance, arrears_minor = d.arrears, status = d.status,"
            + " settled_payment_count = a.settled_payment_count + d.settled,"
            + " arrears_episode_count = a.arrears_episode_count + d.episodes,"
            + " arrears_since = CASE WHEN d.arrears > 0 THEN coalesce(a.arrears_since, ?) ELSE NULL END"
            + " FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::int[], ?::int[])"
            + " AS d(id, balance, arrears, status, settled, episodes) WHERE a.id = d.id")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setArray(2, array(connection, "bigint", payers, SettledPayer::accountId));
      update.setArray(3, array(connection, "bigint", payers, p -> p.funds().balanceMinor()));
      update.setArray(4, array(connection, "bigint", payers, p -> p.funds().arrearsMinor()));
      update.setArray(5, array(connection, "text", payers, p -> p.status().wireName()));
      update.setArray(6, array(connection, "integer", payers, SettledPayer::settledPayments));
      update.setArray(7, array(connection, "integer", payers, p -> p.fellIntoArrears() ? 1 : 0));
      int updated = update.executeUpdate();
      if (updated != payers.size()) {
        throw new IllegalStateException("updated " + updated + " accounts of " + payers.size());
      }
    }
  }

  private static Array array(Connection connection, String type, List<SettledPayer> payers,
      Function<SettledPayer, Object> column) throws SQLException {
    return connection.createArrayOf(type, payers.stream().map(column).toArray());
  }

  /**
   * Suspends the accounts caught double spending and counts each catch (an id listed twice counts
   * two): a double spend costs score. Revoking their credentials is enrolment's.
   */
  public static void suspendForDoubleSpend(Connection connection, List<Long> accountIds) throws SQLException {
    if (accountIds.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE accounts a SET status = 'suspended', double_spend_count = a.double_spend_count + d.n"
            + " FROM (SELECT id, count(*) AS n FROM unnest(?::bigint[]) AS x(id) GROUP BY id) d WHERE a.id = d.id")) {
      update.setArray(1, connection.createArrayOf("bigint", accountIds.toArray()));
      update.executeUpdate();
    }
  }

  private static Account read(ResultSet row) throws SQLException {
    int override = row.getInt("score_override");
    Optional<Integer> score = row.wasNull() ? Optional.empty() : Optional.of(override);
    return new Account(
        row.getLong("id"),
        row.getTimestamp("created_at").toInstant(),
        row.getString("display_name"),
        row.getInt("identity_level"),
        AccountStatus.fromWireName(row.getString("status")),
        Money.of(row.getLong("balance_minor"), CurrencyUnit.of(row.getString("currency"))),
        score,
        Optional.ofNullable(row.getString("score_source")),
        row.getInt("payment_points"),
        row.getInt("arrears_episode_count"),
        Money.of(row.getLong("arrears_minor"), CurrencyUnit.of(row.getString("currency"))),
        Optional.ofNullable(row.getTimestamp("arrears_since")).map(Timestamp::toInstant),
        Money.of(row.getLong("written_off_minor"), CurrencyUnit.of(row.getString("currency"))),
        row.getInt("double_spend_count"));
  }

  /** One page of a search, newest account first; {@code hasMore} when another page follows its last account. */
  public record SearchPage(List<Account> accounts, boolean hasMore) {}

  /**
   * Accounts whose id is {@code query} (when it is a number) or whose display name contains it in
   * any case, newest first: {@code limit} of them with an id below {@code startingAfter} (the last
   * id of the page before). {@code %} and {@code _} in the query are matched as themselves.
   */
  public SearchPage search(String query, Optional<Long> startingAfter, int limit) {
    if (query.isBlank() || query.length() > MAX_SEARCH_LENGTH) {
      throw new IllegalArgumentException("query must be 1.." + MAX_SEARCH_LENGTH + " characters");
    }
    if (limit < 1 || limit > MAX_SEARCH_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_SEARCH_PAGE + ": " + limit);
    }
    String text = query.strip();
    long id = text.matches("\\d{1,18}") ? Long.parseLong(text) : -1;
    String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return database.inTransaction(connection -> {
      List<Account> found = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT *, " + PAYMENT_POINTS + " AS payment_points FROM accounts"
              + " WHERE (id = ? OR display_name ILIKE ? ESCAPE '\\') AND id < ? ORDER BY id DESC LIMIT ?")) {
        select.setLong(1, id);
        select.setString(2, pattern);
        select.setLong(3, startingAfter.orElse(Long.MAX_VALUE));
        select.setInt(4, limit + 1);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            found.add(read(row));
          }
        }
      }
      boolean more = found.size() > limit;
      return new SearchPage(more ? found.subList(0, limit) : found, more);
    });
  }

  /** Outcome of a top-up that the caller may have got wrong. */
  public sealed interface TopUpResult {
    record Done(Account account) implements TopUpResult {}
    record NoSuchAccount() implements TopUpResult {}
    record WrongCurrency(CurrencyUnit accountCurrency) implements TopUpResult {}
    record OverMaximum(long maxBalanceMinor) implements TopUpResult {}
  }

  public TopUpResult topUp(long accountId, Money amount) {
    return database.inTransaction(connection -> {
      Optional<Account> found = find(connection, accountId, true);
      if (found.isEmpty()) {
        return new TopUpResult.NoSuchAccount();
      }
      Account account = found.get();
      if (!account.currency().equals(amount.currency())) {
        return new TopUpResult.WrongCurrency(account.currency());
      }
      if (amount.amountMinor() > MAX_BALANCE_MINOR - account.balance().amountMinor()) {
        return new TopUpResult.OverMaximum(MAX_BALANCE_MINOR);
      }
      PayerFunds.Credit credit = new PayerFunds(account.balance().amountMinor(), account.arrears().amountMinor())
          .credit(amount.amountMinor());
      long recovered = recoverable(account.writtenOff().amountMinor(), credit.after());
      PayerFunds after = new PayerFunds(credit.after().balanceMinor() - recovered, credit.after().arrearsMinor());
      updateFunds(connection, account, after, recovered);
      List<Entry> entries = new ArrayList<>();
      entries.add(Entries.topUp(EntryKind.TOP_UP, accountId, amount.currency(), credit));
      if (recovered > 0) {
        entries.add(Entries.recovery(accountId, amount.currency(), recovered));
      }
      ledger.post(connection, entries, clock.instant());
      return new TopUpResult.Done(find(connection, accountId, false).orElseThrow());
    });
  }

  /**
   * Of written-off debt, what the funds pay once arrears are collected: arrears first (they are
   * the provider's receivable), then written-off debt from whatever the account holds, which
   * includes funds that arrived earlier by refund while the debt was outstanding.
   */
  static long recoverable(long writtenOffMinor, PayerFunds afterArrears) {
    return Math.min(writtenOffMinor, afterArrears.balanceMinor());
  }

  /**
   * Stores funds after a top-up: arrears are collected first, then written-off debt, and an
   * account that owes nothing any more is active again (offline use resumes at its next enrolment).
   */
  private static void updateFunds(Connection connection, Account account, PayerFunds funds, long recoveredMinor)
      throws SQLException {
    long writtenOffAfter = account.writtenOff().amountMinor() - recoveredMinor;
    boolean owesAfter = funds.inArrears() || writtenOffAfter > 0;
    boolean repaid = account.owesDebt() && !owesAfter;
    AccountStatus status = account.status().afterDebt(account.owesDebt(), owesAfter);
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE accounts SET balance_minor = ?, arrears_minor = ?, written_off_minor = ?, status = ?,"
            + " arrears_since = CASE WHEN ? THEN NULL ELSE arrears_since END WHERE id = ?")) {
      update.setLong(1, funds.balanceMinor());
      update.setLong(2, funds.arrearsMinor());
      update.setLong(3, writtenOffAfter);
      update.setString(4, status.wireName());
      update.setBoolean(5, repaid);
      update.setLong(6, account.id());
      update.executeUpdate();
    }
  }

  /** What a write-off did: the account afterwards and the amount moved (zero when nothing qualified). */
  public sealed interface WriteOffResult {
    record Done(Account account, Money writtenOff) implements WriteOffResult {}
    record NoSuchAccount() implements WriteOffResult {}
  }

  /**
   * Moves the account's arrears older than {@code olderThan} (all of them when empty) to the
   * provider's guarantee account in one balanced entry. The passenger still owes the amount: it
   * moves from {@code arrears} to {@code writtenOff}, offline use stays refused and the score keeps
   * counting it until a top-up recovers it. Holds the account's row lock, like settlement and
   * top-ups, so the arrears it reads are the arrears it writes off.
   */
  public WriteOffResult writeOff(long accountId, Optional<Duration> olderThan) {
    return database.inTransaction(connection -> {
      Optional<Account> found = find(connection, accountId, true);
      if (found.isEmpty()) {
        return new WriteOffResult.NoSuchAccount();
      }
      Account account = found.get();
      Instant now = clock.instant();
      long recent = olderThan.isEmpty() ? 0 : shortfallSince(connection, accountId, now.minus(olderThan.get()));
      long amount = olderArrears(account.arrears().amountMinor(), recent);
      if (amount > 0) {
        ledger.post(connection, List.of(Entries.writeOff(accountId, account.currency(), amount)), now);
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE accounts SET arrears_minor = arrears_minor - ?, written_off_minor = written_off_minor + ?"
                + " WHERE id = ?")) {
          update.setLong(1, amount);
          update.setLong(2, amount);
          update.setLong(3, accountId);
          update.executeUpdate();
        }
      }
      return new WriteOffResult.Done(find(connection, accountId, false).orElseThrow(),
          Money.of(amount, account.currency()));
    });
  }

  /**
   * Arrears older than a cutoff, given the shortfalls settled after it. Collections (top-ups,
   * refunds) pay the oldest arrears first, so what is owed now is the newest shortfalls; the part
   * of today's arrears that recent shortfalls do not explain is older than the cutoff.
   */
  static long olderArrears(long arrearsMinor, long shortfallSinceCutoffMinor) {
    return Math.max(0, arrearsMinor - shortfallSinceCutoffMinor);
  }

  private static long shortfallSince(Connection connection, long accountId, Instant cutoff) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT coalesce(sum(shortfall_minor), 0) FROM settled_payments"
            + " WHERE account_id = ? AND shortfall_minor > 0 AND settled_at > ?")) {
      select.setLong(1, accountId);
      select.setTimestamp(2, Timestamp.from(cutoff));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Sets the status; empty when there is no such account. */
  public Optional<Account> setStatus(long accountId, AccountStatus status) {
    return database.inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE accounts SET status = ? WHERE id = ?")) {
        update.setString(1, status.wireName());
        update.setLong(2, accountId);
        if (update.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return find(connection, accountId, false);
    });
  }

  /** One operator-supplied score; {@code score} empty clears the override so the computed score applies. */
  public record ScoreEntry(long accountId, Optional<Integer> score, String source) {}

  /** Applies every entry in one transaction; returns the ids that do not exist (nothing is applied then). */
  public List<Long> setScores(List<ScoreEntry> entries) {
    return database.inTransaction(connection -> {
      List<Long> missing = new java.util.ArrayList<>();
      Timestamp now = Timestamp.from(clock.instant());
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE accounts SET score_override = ?, score_source = ?, score_set_at = ? WHERE id = ?")) {
        for (ScoreEntry entry : entries) {
          setScore(update, 1, entry.score(), entry.source(), now);
          update.setLong(4, entry.accountId());
          if (update.executeUpdate() == 0) {
            missing.add(entry.accountId());
          }
        }
      }
      if (!missing.isEmpty()) {
        connection.rollback();
      }
      return missing;
    });
  }
}
