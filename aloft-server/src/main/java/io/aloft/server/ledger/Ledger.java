package io.aloft.server.ledger;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.server.db.BinaryCopy;
import io.aloft.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The double-entry ledger in PostgreSQL. {@link #post} writes balanced entries inside the
 * caller's transaction, set-based (one binary {@code COPY} for entries, one for postings, one
 * lock and one update of the balances they touch), and keeps every account's balance in step with
 * its postings in that same transaction. {@link #check} proves it from the rows, and reconciles
 * them with what the packages that post say their own rows imply, read through the views they
 * publish ({@code account_funds}, {@code settled_ledger_totals}, {@code settled_guarantee_movements},
 * {@code settled_ledger_links}, {@code payouts_made}), in one snapshot.
 */
public final class Ledger {
  private final Database database;
  /** Ids of accounts known to be committed; an id never changes once it is. */
  private final Map<AccountKey, Long> committedIds = new ConcurrentHashMap<>();

  public Ledger(Database database) {
    this.database = database;
  }

  /**
   * Posts {@code entries} in the caller's transaction and returns their ids, in order. The
   * balances they touch are locked in ascending account id, so concurrent postings never deadlock
   * on them.
   */
  public long[] post(Connection connection, List<Entry> entries, Instant now) throws SQLException {
    if (entries.isEmpty()) {
      return new long[0];
    }
    Set<AccountKey> keys = new LinkedHashSet<>();
    entries.forEach(entry -> entry.postings().forEach(p -> keys.add(p.account())));
    Map<AccountKey, Long> ids = ids(connection, keys);
    long[] entryIds = nextEntryIds(connection, entries.size());
    insertEntries(connection, entries, entryIds, now);
    TreeMap<Long, Long> deltas = insertPostings(connection, entries, entryIds, ids);
    updateBalances(connection, deltas);
    return entryIds;
  }

  /** Ledger account ids for {@code keys}, created inside the caller's transaction when missing. */
  public Map<AccountKey, Long> ids(Connection connection, Collection<AccountKey> keys) throws SQLException {
    Map<AccountKey, Long> ids = new HashMap<>();
    List<AccountKey> missing = new ArrayList<>();
    for (AccountKey key : keys) {
      Long id = committedIds.get(key);
      if (id == null) {
        missing.add(key);
      } else {
        ids.put(key, id);
      }
    }
    if (!missing.isEmpty()) {
      createMissing(connection, missing);
      ids.putAll(select(connection, missing));
    }
    return ids;
  }

  private void createMissing(Connection connection, List<AccountKey> keys) throws SQLException {
    // Sorted, so two transactions creating the same accounts wait on each other in one order.
    List<AccountKey> sorted = new ArrayList<>(keys);
    sorted.sort(java.util.Comparator.comparing((AccountKey k) -> k.kind().ordinal())
        .thenComparingLong(AccountKey::ownerId).thenComparing(k -> k.currency().code()));
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ledger_accounts (kind, owner_id, currency) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (AccountKey key : sorted) {
        insert.setString(1, key.kind().wireName());
        insert.setLong(2, key.ownerId());
        insert.setString(3, key.currency().code());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private Map<AccountKey, Long> select(Connection connection, List<AccountKey> keys) throws SQLException {
    Map<AccountKey, Long> ids = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT l.id, l.kind, l.owner_id, l.currency, l.xmin::text::bigint = txid_current() % 4294967296 AS mine"
            + " FROM ledger_accounts l JOIN unnest(?::text[], ?::bigint[], ?::text[]) AS k(kind, owner_id, currency)"
            + " ON l.kind = k.kind AND l.owner_id = k.owner_id AND l.currency = k.currency")) {
      select.setArray(1, connection.createArrayOf("text", keys.stream().map(k -> k.kind().wireName()).toArray()));
      select.setArray(2, connection.createArrayOf("bigint", keys.stream().map(AccountKey::ownerId).toArray()));
      select.setArray(3, connection.createArrayOf("text", keys.stream().map(k -> k.currency().code()).toArray()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          AccountKey key = new AccountKey(AccountKind.fromWireName(row.getString(2)), row.getLong(3),
              CurrencyUnit.of(row.getString(4)));
          ids.put(key, row.getLong(1));
          if (!row.getBoolean(5)) {
            // Created by a transaction that has committed: safe to remember beyond this one.
            committedIds.put(key, row.getLong(1));
          }
        }
      }
    }
    if (ids.size() != keys.size()) {
      throw new IllegalStateException("ledger accounts missing after creation: " + keys + " found " + ids.keySet());
    }
    return ids;
  }

  private static long[] nextEntryIds(Connection connection, int count) throws SQLException {
    long[] ids = new long[count];
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT nextval('ledger_entries_id_seq') FROM generate_series(1, ?)")) {
      select.setInt(1, count);
      try (ResultSet row = select.executeQuery()) {
        for (int i = 0; i < count; i++) {
          if (!row.next()) {
            throw new IllegalStateException("sequence returned fewer than " + count + " ids");
          }
          ids[i] = row.getLong(1);
        }
      }
    }
    return ids;
  }

  private static void insertEntries(Connection connection, List<Entry> entries, long[] entryIds, Instant now)
      throws SQLException {
    BinaryCopy copy = new BinaryCopy("ledger_entries",
        "id, created_at, kind, account_id, payment_serial, payment_counter, refund_sequence", entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      copy.row().add(entryIds[i]).add(now).add(entry.kind().wireName());
      if (entry.accountId() == 0) {
        copy.addNull(); // several passengers' (a terminal batch's payments)
      } else {
        copy.add(entry.accountId());
      }
      if (entry.paymentId().isPresent()) {
        copy.add(entry.paymentId().get().serial().value().toByteArray()).add(entry.paymentId().get().counter());
      } else {
        copy.addNull().addNull();
      }
      copy.add(entry.refundSequence());
    }
    copy.execute(connection);
  }

  /** Inserts every posting and returns the balance change per ledger account id. */
  private static TreeMap<Long, Long> insertPostings(Connection connection, List<Entry> entries, long[] entryIds,
      Map<AccountKey, Long> ids) throws SQLException {
    TreeMap<Long, Long> deltas = new TreeMap<>();
    BinaryCopy copy = new BinaryCopy("ledger_postings", "entry_id, ledger_account_id, currency, amount_minor",
        entries.size() * 4);
    for (int i = 0; i < entries.size(); i++) {
      for (Posting posting : entries.get(i).postings()) {
        long accountId = ids.get(posting.account());
        copy.row().add(entryIds[i]).add(accountId).add(posting.account().currency().code())
            .add(posting.amountMinor());
        deltas.merge(accountId, posting.amountMinor(), Math::addExact);
      }
    }
    copy.execute(connection);
    return deltas;
  }

  /**
   * Adds each delta to its account's balance in two statements, however many accounts: one locks
   * the rows in ascending id, so that concurrent postings wait on the shared merchant and fee
   * accounts in one order and never deadlock; one updates them all. (One update per account cost
   * a round trip and a statement each: a terminal batch from a full flight touches a hundred
   * payers.)
   */
  private static void updateBalances(Connection connection, TreeMap<Long, Long> deltas) throws SQLException {
    List<Long> ids = new ArrayList<>(deltas.size());
    List<Long> amounts = new ArrayList<>(deltas.size());
    deltas.forEach((id, delta) -> {
      if (delta != 0) {
        ids.add(id);
        amounts.add(delta);
      }
    });
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement lock = connection.prepareStatement(
        "SELECT id FROM ledger_accounts WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
      lock.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
      lock.executeQuery().close();
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE ledger_accounts l SET balance_minor = l.balance_minor + d.delta"
            + " FROM unnest(?::bigint[], ?::bigint[]) AS d(id, delta) WHERE l.id = d.id")) {
      update.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
      update.setArray(2, connection.createArrayOf("bigint", amounts.toArray()));
      int updated = update.executeUpdate();
      if (updated != ids.size()) {
        throw new IllegalStateException("updated " + updated + " ledger balances of " + ids.size());
      }
    }
  }

  /** What the operator check found. {@code balanced} is true only when every count is zero. */
  public record CheckResult(boolean balanced, long entries, long postings, long unbalancedEntries,
      long emptyEntries, long danglingPostings, long accountsOutOfStep, long payerBalancesOutOfStep,
      long writtenOffOutOfStep, long settlementsOutOfStep, long payoutsOutOfStep, List<CurrencyTotal> currencies,
      List<AccountTotal> totals) {}

  /** Per currency: the sum of debits and of credits over every posting, and their sum (zero when balanced). */
  public record CurrencyTotal(String currency, long debitsMinor, long creditsMinor, long sumMinor) {}

  /** Per account kind and currency: the summed balance (a trial balance). */
  public record AccountTotal(String kind, String currency, long balanceMinor, long accounts) {}

  public CheckResult check() {
    return database.inTransaction(connection -> {
      try (var statement = connection.createStatement()) {
        // One snapshot for every count below.
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      }
      long entries = count(connection, "SELECT count(*) FROM ledger_entries");
      long postings = count(connection, "SELECT count(*) FROM ledger_postings");
      long unbalanced = count(connection, "SELECT count(*) FROM (SELECT entry_id FROM ledger_postings"
          + " GROUP BY entry_id, currency HAVING sum(amount_minor) <> 0) x");
      long empty = count(connection, "SELECT count(*) FROM ledger_entries e"
          + " WHERE NOT EXISTS (SELECT 1 FROM ledger_postings p WHERE p.entry_id = e.id)");
      long dangling = count(connection, "SELECT count(*) FROM ledger_postings p"
          + " LEFT JOIN ledger_accounts a ON a.id = p.ledger_account_id LEFT JOIN ledger_entries e ON e.id = p.entry_id"
          + " WHERE a.id IS NULL OR e.id IS NULL OR a.currency <> p.currency");
      long outOfStep = count(connection, "SELECT count(*) FROM ledger_accounts a LEFT JOIN"
          + " (SELECT ledger_account_id, sum(amount_minor) AS total FROM ledger_postings GROUP BY 1) p"
          + " ON p.ledger_account_id = a.id WHERE a.balance_minor <> coalesce(p.total, 0)");
      long payersOutOfStep = count(connection, "SELECT count(*) FROM account_funds ac"
          + " LEFT JOIN ledger_accounts f ON f.kind = 'payer' AND f.owner_id = ac.account_id"
          + " AND f.currency = ac.currency"
          + " LEFT JOIN ledger_accounts r ON r.kind = 'payer_arrears' AND r.owner_id = ac.account_id"
          + " AND r.currency = ac.currency"
          + " WHERE ac.balance_minor <> -coalesce(f.balance_minor, 0) OR ac.arrears_minor <> coalesce(r.balance_minor, 0)");
      // Currencies whose guarantee balance is not what the accounts and payments say: debt written off
      // and still owed, plus what it paid merchants for acceptances the payer is not charged for,
      // less what those merchants refunded.
      long writtenOffOutOfStep = count(connection, GUARANTEE_OUT_OF_STEP);
      long settlementsOutOfStep = count(connection, SETTLEMENTS_OUT_OF_STEP) + count(connection, UNLINKED);
      long payoutsOutOfStep = count(connection, PAYOUTS_OUT_OF_STEP) + count(connection, UNLINKED_PAYOUTS);
      List<CurrencyTotal> currencies = currencyTotals(connection);
      boolean balanced = unbalanced == 0 && empty == 0 && dangling == 0 && outOfStep == 0 && payersOutOfStep == 0
          && writtenOffOutOfStep == 0 && settlementsOutOfStep == 0 && payoutsOutOfStep == 0
          && currencies.stream().allMatch(c -> c.sumMinor() == 0);
      return new CheckResult(balanced, entries, postings, unbalanced, empty, dangling, outOfStep, payersOutOfStep,
          writtenOffOutOfStep, settlementsOutOfStep, payoutsOutOfStep, currencies, accountTotals(connection));
    });
  }

  /**
   * Settlement posts one entry per upload, not per payment (docs/settlement.md), so the payments
   * and refunds it settled hold each item's amounts and the ledger holds their sums. This
   * reconciles the two: per payer, merchant and fee-income account and currency, what payment,
   * correction and refund entries posted against what settlement's rows say
   * ({@code settled_ledger_totals}, which settlement publishes; a correction's entry gives back
   * what it lowered the payment row by). Counts the totals that disagree. A payer's side is their
   * funds and arrears together: the rows do not say how a refund split between them.
   */
  private static final String SETTLEMENTS_OUT_OF_STEP = "WITH posted AS ("
      + " SELECT CASE WHEN a.kind = 'payer_arrears' THEN 'payer' ELSE a.kind END AS side, a.owner_id,"
      + " CASE WHEN e.kind = 'refund' THEN 'refund' ELSE 'payment' END AS what, p.currency, sum(p.amount_minor) AS total"
      + " FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id"
      + " JOIN ledger_accounts a ON a.id = p.ledger_account_id"
      + " WHERE e.kind IN ('payment', 'correction', 'refund')"
      + " AND a.kind IN ('payer', 'payer_arrears', 'merchant', 'fee_income') GROUP BY 1, 2, 3, 4),"
      + " expected AS (SELECT side, owner_id, what, currency, total_minor AS total FROM settled_ledger_totals)"
      + " SELECT count(*) FROM posted FULL JOIN expected USING (side, owner_id, what, currency)"
      + " WHERE coalesce(posted.total, 0) <> coalesce(expected.total, 0)";

  /**
   * Per currency: the guarantee account's balance against written-off debt still owed (from the
   * accounts' {@code account_funds}) plus what settlement's rows say moved it
   * ({@code settled_guarantee_movements}: the charges of acceptances it funds less their refunds,
   * and what case resolutions moved in or out of it). Counts the currencies that disagree.
   */
  private static final String GUARANTEE_OUT_OF_STEP = "SELECT count(*) FROM"
      + " (SELECT currency, sum(total) AS total FROM ("
      + " SELECT currency, written_off_minor AS total FROM account_funds"
      + " UNION ALL SELECT currency, amount_minor FROM settled_guarantee_movements"
      + ") parts GROUP BY currency) w"
      + " FULL JOIN (SELECT currency, balance_minor FROM ledger_accounts WHERE kind = 'guarantee') g"
      + " ON g.currency = w.currency WHERE coalesce(w.total, 0) <> coalesce(g.balance_minor, 0)";

  /** Settled payments and refunds whose ledger entry is missing or of another kind. */
  private static final String UNLINKED = "SELECT count(*) FROM settled_ledger_links l"
      + " WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.id = l.ledger_entry_id AND e.kind = l.entry_kind)";

  /**
   * Per airline and currency: what payout entries took from its merchant account against what the
   * payouts made say was paid. Counts the totals that disagree.
   */
  private static final String PAYOUTS_OUT_OF_STEP = "WITH posted AS ("
      + " SELECT a.owner_id, p.currency, sum(p.amount_minor) AS total FROM ledger_postings p"
      + " JOIN ledger_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.ledger_account_id"
      + " WHERE e.kind = 'payout' AND a.kind = 'merchant' GROUP BY 1, 2),"
      + " expected AS (SELECT airline_id AS owner_id, currency, sum(amount_minor) AS total FROM payouts_made"
      + " GROUP BY 1, 2)"
      + " SELECT count(*) FROM posted FULL JOIN expected USING (owner_id, currency)"
      + " WHERE coalesce(posted.total, 0) <> coalesce(expected.total, 0)";

  /** Payouts whose ledger entry is missing or not a payout entry. */
  private static final String UNLINKED_PAYOUTS = "SELECT count(*) FROM payouts_made o WHERE NOT EXISTS"
      + " (SELECT 1 FROM ledger_entries e WHERE e.id = o.ledger_entry_id AND e.kind = 'payout')";

  private static long count(Connection connection, String sql) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static List<CurrencyTotal> currencyTotals(Connection connection) throws SQLException {
    List<CurrencyTotal> totals = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT currency, coalesce(sum(amount_minor) FILTER (WHERE amount_minor > 0), 0),"
            + " coalesce(-sum(amount_minor) FILTER (WHERE amount_minor < 0), 0), sum(amount_minor)"
            + " FROM ledger_postings GROUP BY currency ORDER BY currency");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        totals.add(new CurrencyTotal(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4)));
      }
    }
    return totals;
  }

  private static List<AccountTotal> accountTotals(Connection connection) throws SQLException {
    List<AccountTotal> totals = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT kind, currency, sum(balance_minor), count(*) FROM ledger_accounts GROUP BY kind, currency"
            + " ORDER BY kind, currency");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        totals.add(new AccountTotal(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4)));
      }
    }
    return totals;
  }

  /** The balance of one ledger account, 0 when it does not exist yet. */
  public static long balance(Connection connection, AccountKey key) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT balance_minor FROM ledger_accounts WHERE kind = ? AND owner_id = ? AND currency = ?")) {
      select.setString(1, key.kind().wireName());
      select.setLong(2, key.ownerId());
      select.setString(3, key.currency().code());
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    }
  }
}
