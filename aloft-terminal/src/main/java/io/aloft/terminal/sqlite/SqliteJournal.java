package io.aloft.terminal.sqlite;

import io.aloft.protocol.sqlite.StorageException;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.Optionals;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.SeenPayment;
import io.aloft.terminal.journal.EntryKind;
import io.aloft.terminal.journal.Journal;
import io.aloft.terminal.journal.JournalChain;
import io.aloft.terminal.journal.JournalEntry;
import io.aloft.terminal.journal.JournalHead;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Journal} on the {@code journal} and {@code journal_head} tables of {@link SqliteStorage}. */
final class SqliteJournal implements Journal {
  private static final String COLUMNS = "seq, kind, serial, counter, refund_seq, at_s, amount_minor, currency,"
      + " signed_charge_minor, cumulative_minor, authorization, request, document, prev_hash, hash";

  private final SqliteStorage storage;
  private final PreparedStatement insert;
  private final PreparedStatement upsertHead;
  private final PreparedStatement selectHead;
  private final PreparedStatement selectSeen;
  private final PreparedStatement selectByNonce;
  private final PreparedStatement selectPayment;

  SqliteJournal(SqliteStorage storage) {
    this.storage = storage;
    insert = storage.prepare("INSERT INTO journal (" + COLUMNS + ", request_nonce)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    upsertHead = storage.prepare("INSERT INTO journal_head (id, seq, hash, signature) VALUES (1, ?, ?, ?)"
        + " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, signature = excluded.signature");
    selectHead = storage.prepare("SELECT seq, hash, signature FROM journal_head WHERE id = 1");
    selectSeen = storage.prepare("SELECT counter, cumulative_minor, signed_charge_minor FROM journal"
        + " WHERE serial = ? AND refund_seq = 0");
    selectByNonce = storage.prepare("SELECT " + COLUMNS + " FROM journal WHERE request_nonce = ?");
    selectPayment = storage.prepare("SELECT " + COLUMNS + " FROM journal"
        + " WHERE serial = ? AND counter = ? AND refund_seq = 0");
  }

  @Override
  public JournalHead head() {
    try (ResultSet row = selectHead.executeQuery()) {
      if (!row.next()) {
        return JournalHead.EMPTY;
      }
      return new JournalHead(row.getLong(1), Bytes.of(row.getBytes(2)), Bytes.of(row.getBytes(3)));
    } catch (SQLException e) {
      throw new StorageException("cannot read the journal head", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the journal head is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public void append(JournalEntry entry, JournalHead newHead) {
    entry.checkConsistent();
    storage.inTransaction("journal entry " + entry.sequence(), () -> {
      checkSuccessor(head(), entry, newHead);
      bind(insert, entry);
      insert.executeUpdate();
      upsertHead.setLong(1, newHead.sequence());
      upsertHead.setBytes(2, newHead.hash().toByteArray());
      upsertHead.setBytes(3, newHead.signature().toByteArray());
      upsertHead.executeUpdate();
    });
  }

  /** The entry must extend the committed chain by exactly one, and the new head must name it. */
  private static void checkSuccessor(JournalHead head, JournalEntry entry, JournalHead newHead) {
    JournalChain.linkProblem(head.sequence(), head.hash(), entry).ifPresent(problem -> {
      throw new IllegalStateException("refusing to append: " + problem);
    });
    if (newHead.sequence() != entry.sequence() || !newHead.hash().equals(entry.hash())) {
      throw new IllegalStateException("new head does not name entry " + entry.sequence());
    }
  }

  private static void bind(PreparedStatement statement, JournalEntry entry) throws SQLException {
    statement.setLong(1, entry.sequence());
    statement.setInt(2, entry.kind().id());
    statement.setBytes(3, entry.paymentId().serial().value().toByteArray());
    statement.setLong(4, entry.paymentId().counter());
    statement.setLong(5, entry.refundSequence());
    statement.setLong(6, entry.at().getEpochSecond());
    statement.setLong(7, entry.amount().amountMinor());
    statement.setInt(8, entry.amount().currency().numericCode());
    statement.setLong(9, entry.signedChargeMinor());
    statement.setLong(10, entry.cumulativeMinor());
    statement.setBytes(11, entry.authorization().toByteArray());
    statement.setBytes(12, entry.request().toByteArray());
    statement.setBytes(13, entry.document().toByteArray());
    statement.setBytes(14, entry.previousHash().toByteArray());
    statement.setBytes(15, entry.hash().toByteArray());
    statement.setBytes(16, entry.requestNonce().map(Bytes::toByteArray).orElse(null));
  }

  @Override
  public List<JournalEntry> read(long fromSequence, int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000: " + limit);
    }
    return query("SELECT " + COLUMNS + " FROM journal WHERE seq >= ? ORDER BY seq LIMIT ?",
        s -> {
          s.setLong(1, fromSequence);
          s.setInt(2, limit);
        });
  }

  @Override
  public Optional<JournalEntry> payment(PaymentId paymentId) {
    return first(run(selectPayment, s -> {
      s.setBytes(1, paymentId.serial().value().toByteArray());
      s.setLong(2, paymentId.counter());
    }));
  }

  @Override
  public List<JournalEntry> refundsOf(PaymentId paymentId) {
    return query("SELECT " + COLUMNS + " FROM journal WHERE serial = ? AND counter = ? AND refund_seq > 0"
        + " ORDER BY refund_seq", s -> {
          s.setBytes(1, paymentId.serial().value().toByteArray());
          s.setLong(2, paymentId.counter());
        });
  }

  @Override
  public Optional<JournalEntry> paymentAnswering(Bytes requestNonce) {
    return first(run(selectByNonce, s -> s.setBytes(1, requestNonce.toByteArray())));
  }

  @Override
  public List<SeenPayment> seenPayments(CredentialSerial serial) {
    try {
      selectSeen.setBytes(1, serial.value().toByteArray());
      List<SeenPayment> seen = new ArrayList<>();
      try (ResultSet row = selectSeen.executeQuery()) {
        while (row.next()) {
          seen.add(new SeenPayment(row.getLong(1), row.getLong(2), row.getLong(3)));
        }
      }
      return seen;
    } catch (SQLException e) {
      throw new StorageException("cannot read the payments of " + serial, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("journal holds an impossible payment of " + serial, e);
    }
  }

  @Override
  public PaymentTotals paymentsAfter(long sequence) {
    try (PreparedStatement statement = storage.prepare("SELECT currency, count(*), sum(amount_minor), min(at_s)"
        + " FROM journal WHERE seq > ? AND refund_seq = 0 GROUP BY currency")) {
      statement.setLong(1, sequence);
      long count = 0;
      Map<CurrencyUnit, Long> sums = new HashMap<>();
      Optional<Instant> oldest = Optional.empty();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          sums.put(currency(row.getInt(1)), row.getLong(3));
          count += row.getLong(2);
          Instant first = Instant.ofEpochSecond(row.getLong(4));
          oldest = Optionals.firstPresent(oldest.filter(o -> o.isBefore(first)), () -> Optional.of(first));
        }
      }
      return new PaymentTotals(count, sums, oldest);
    } catch (SQLException e) {
      throw new StorageException("cannot total the pending payments", e);
    }
  }

  private List<JournalEntry> query(String sql, Sql.Binder binder) {
    try (PreparedStatement statement = storage.prepare(sql)) {
      return run(statement, binder);
    } catch (SQLException e) {
      throw new StorageException("cannot read the journal", e);
    }
  }

  /** Every row read back is checked before anyone sees it. */
  private static List<JournalEntry> run(PreparedStatement statement, Sql.Binder binder) {
    try {
      binder.bind(statement);
      List<JournalEntry> entries = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          entries.add(entry(row).checkConsistent());
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new StorageException("cannot read the journal", e);
    }
  }

  private static Optional<JournalEntry> first(List<JournalEntry> entries) {
    return entries.stream().findFirst();
  }

  private static JournalEntry entry(ResultSet row) throws SQLException {
    long sequence = row.getLong(1);
    try {
      return new JournalEntry(sequence, EntryKind.fromId(row.getInt(2)),
          new PaymentId(new CredentialSerial(bytes(row, 3)), row.getLong(4)), row.getLong(5),
          Instant.ofEpochSecond(row.getLong(6)), Money.of(row.getLong(7), currency(row.getInt(8))),
          row.getLong(9), row.getLong(10), bytes(row, 11), bytes(row, 12), bytes(row, 13),
          bytes(row, 14), bytes(row, 15));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("journal entry " + sequence + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static Bytes bytes(ResultSet row, int column) throws SQLException {
    byte[] value = row.getBytes(column);
    return value == null ? Bytes.empty() : Bytes.of(value);
  }

  private static CurrencyUnit currency(int numericCode) {
    return CurrencyUnit.byNumericCode(numericCode).orElseThrow(
        () -> new IllegalStateException("journal holds unknown currency " + numericCode));
  }
}
