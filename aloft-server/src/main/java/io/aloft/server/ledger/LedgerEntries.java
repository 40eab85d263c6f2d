package io.aloft.server.ledger;

import io.aloft.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the ledger's entries with their postings, newest first, a page at a time, for people who
 * browse it (the console). Writing stays with {@link Ledger}.
 *
 * <p>Limits: a filter by account kind or owner finds the matching accounts first, then scans the
 * postings of those accounts, which have no index of their own (they are settlement's hottest
 * insert); on a very large ledger such a page is slow, within the statement timeout.
 */
public final class LedgerEntries {
  /** Entries one page holds at most. */
  public static final int MAX_PAGE = 100;

  private final Database database;

  public LedgerEntries(Database database) {
    this.database = database;
  }

  /** Which entries to show: any of each part may be absent. */
  public record Filter(Optional<EntryKind> entryKind, Optional<AccountKind> accountKind, Optional<Long> ownerId) {
    public static Filter none() {
      return new Filter(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /** One posting as read back: the account it moves (kind, owner, currency) and the amount, debit positive. */
  public record PostingLine(String accountKind, long ownerId, String currency, long amountMinor) {}

  /**
   * One entry as read back. {@code accountId} is the passenger account it concerns, 0 for several;
   * its postings sum to zero per currency ({@link #balanced()}).
   */
  public record EntryLine(long id, Instant createdAt, String kind, long accountId, List<PostingLine> postings) {
    public EntryLine {
      postings = List.copyOf(postings);
    }

    /** Whether the postings sum to zero in each currency, as {@link Entry} requires. */
    public boolean balanced() {
      Map<String, Long> sums = new LinkedHashMap<>();
      postings.forEach(posting -> sums.merge(posting.currency(), posting.amountMinor(), Math::addExact));
      return sums.values().stream().allMatch(sum -> sum == 0);
    }
  }

  /** One page: the entries and whether older ones follow. */
  public record EntryPage(List<EntryLine> entries, boolean hasMore) {}

  /** The entries matching {@code filter}, newest first, older than the entry id {@code startingAfter}. */
  public EntryPage page(Filter filter, Optional<Long> startingAfter, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ": " + limit);
    }
    return database.inTransaction(connection -> {
      List<Head> heads = heads(connection, filter, startingAfter, limit + 1);
      boolean more = heads.size() > limit;
      List<Head> shown = more ? heads.subList(0, limit) : heads;
      Map<Long, List<PostingLine>> postings = new LinkedHashMap<>();
      shown.forEach(head -> postings.put(head.id(), new ArrayList<>()));
      readPostings(connection, postings);
      List<EntryLine> entries = new ArrayList<>();
      for (Head head : shown) {
        entries.add(new EntryLine(head.id(), head.createdAt(), head.kind(), head.accountId(), postings.get(head.id())));
      }
      return new EntryPage(entries, more);
    });
  }

  /** An entry's own columns, before its postings are read. */
  private record Head(long id, Instant createdAt, String kind, long accountId) {}

  private static List<Head> heads(Connection connection, Filter filter, Optional<Long> startingAfter,
      int limit) throws SQLException {
    boolean byAccount = filter.accountKind().isPresent() || filter.ownerId().isPresent();
    String sql = "SELECT e.id, e.created_at, e.kind, coalesce(e.account_id, 0) FROM ledger_entries e"
        + " WHERE (?::text IS NULL OR e.kind = ?) AND (?::bigint IS NULL OR e.id < ?)"
        + (byAccount ? " AND e.id IN (SELECT p.entry_id FROM ledger_postings p WHERE p.ledger_account_id IN"
            + " (SELECT a.id FROM ledger_accounts a WHERE (?::text IS NULL OR a.kind = ?)"
            + " AND (?::bigint IS NULL OR a.owner_id = ?)))" : "")
        + " ORDER BY e.id DESC LIMIT ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      String kind = filter.entryKind().map(EntryKind::wireName).orElse(null);
      Long after = startingAfter.orElse(null);
      int i = 1;
      select.setString(i++, kind);
      select.setString(i++, kind);
      select.setObject(i++, after, Types.BIGINT);
      select.setObject(i++, after, Types.BIGINT);
      if (byAccount) {
        String accountKind = filter.accountKind().map(AccountKind::wireName).orElse(null);
        Long owner = filter.ownerId().orElse(null);
        select.setString(i++, accountKind);
        select.setString(i++, accountKind);
        select.setObject(i++, owner, Types.BIGINT);
        select.setObject(i++, owner, Types.BIGINT);
      }
      select.setInt(i, limit);
      List<Head> heads = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          heads.add(new Head(row.getLong(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getLong(4)));
        }
      }
      return heads;
    }
  }

  private static void readPostings(Connection connection, Map<Long, List<PostingLine>> postings)
      throws SQLException {
    if (postings.isEmpty()) {
      return;
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT p.entry_id, a.kind, a.owner_id, p.currency,"
        + " p.amount_minor FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.ledger_account_id"
        // The range lets the BRIN index on entry_id narrow the scan to the page's blocks.
        + " WHERE p.entry_id BETWEEN ? AND ? AND p.entry_id = ANY(?)"
        + " ORDER BY p.entry_id, p.amount_minor DESC, a.kind, a.owner_id")) {
      select.setLong(1, postings.keySet().stream().mapToLong(Long::longValue).min().orElseThrow());
      select.setLong(2, postings.keySet().stream().mapToLong(Long::longValue).max().orElseThrow());
      select.setArray(3, connection.createArrayOf("bigint", postings.keySet().toArray()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          postings.get(row.getLong(1)).add(new PostingLine(row.getString(2), row.getLong(3), row.getString(4),
              row.getLong(5)));
        }
      }
    }
  }
}
