package io.aloft.wallet.store;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.sqlite.DeviceDatabase;
import io.aloft.protocol.sqlite.SchemaMigrations;
import io.aloft.protocol.sqlite.StorageException;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The wallet's storage on SQLite through JDBC: one file, one connection, opened by
 * {@link DeviceDatabase} as the terminal's is (WAL journal with {@code synchronous=FULL}, so that a
 * commit survives a crash of the app and of the phone).
 * One writer at a time; methods are synchronized.
 *
 * <p>On open it checks what the wallet's safety rests on, for the active credential (older ones
 * were checked while they were active, and this keeps opening bounded by one flight's bills):
 * the stored counter equals the number of bills and their highest counter, and the stored
 * cumulative spend equals the sum of their signed charges. A file that fails is not used.
 */
public final class SqliteWalletStore implements WalletStore {
  /**
   * Version 1: the schema of the first wallets (with {@link BillRows#VERSION_1}). A released step
   * is never edited: a change is a new step at the end of {@link #MIGRATIONS}.
   */
  private static final String VERSION_1 = """
      CREATE TABLE IF NOT EXISTS credentials (
        serial BLOB PRIMARY KEY,
        encoded BLOB NOT NULL,
        last_counter INTEGER NOT NULL CHECK (last_counter >= 0),
        cumulative_minor INTEGER NOT NULL CHECK (cumulative_minor >= 0),
        active INTEGER NOT NULL CHECK (active IN (0, 1))
      );
      CREATE TABLE IF NOT EXISTS bundle (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        flight_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        encoded BLOB NOT NULL
      );
      CREATE TABLE IF NOT EXISTS issuer_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        offset_ms INTEGER NOT NULL
      );
      """;
  static final SchemaMigrations MIGRATIONS = new SchemaMigrations("wallet store", List.of(
      SchemaMigrations.sql(statements(VERSION_1 + BillRows.VERSION_1))));

  private final Connection connection;

  private SqliteWalletStore(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens (creating if needed) the wallet file at {@code file}, bringing its schema to the version
   * this code writes in one transaction.
   *
   * @throws io.aloft.protocol.sqlite.SchemaTooNewException if a newer version of the app wrote
   *     the file; it is left untouched
   * @throws StorageException if the file cannot be opened or upgraded
   * @throws IllegalStateException if the file's counters disagree with its bills (it is not trusted)
   */
  public static SqliteWalletStore open(Path file) {
    // The counter's durability rests on DeviceDatabase's settings (WAL, synchronous=FULL).
    SqliteWalletStore store = new SqliteWalletStore(DeviceDatabase.open(file, MIGRATIONS));
    try {
      // Each write is one transaction, begun IMMEDIATE by the driver and ended by inTransaction.
      store.connection.setAutoCommit(false);
      store.checkSpendMatchesBills();
      return store;
    } catch (SQLException e) {
      store.closeQuietly(e);
      throw new StorageException("cannot open wallet store " + file, e);
    } catch (RuntimeException e) {
      store.closeQuietly(e);
      throw e;
    }
  }

  private void closeQuietly(Exception cause) {
    try {
      connection.close();
    } catch (SQLException closeFailure) {
      cause.addSuppressed(closeFailure);
    }
  }

  /** The statements of a script; none of ours has a ';' inside a statement. */
  private static String[] statements(String script) {
    return Arrays.stream(script.split(";")).map(String::trim).filter(sql -> !sql.isEmpty()).toArray(String[]::new);
  }

  /** The read-back half of the counter's pair assertion, over the whole file. */
  private void checkSpendMatchesBills() {
    String sql = "SELECT c.serial, c.last_counter, c.cumulative_minor, COUNT(b.counter), "
        + "COALESCE(MAX(b.counter), 0), COALESCE(SUM(b.signed_charge_minor), 0) "
        + "FROM credentials c LEFT JOIN bills b ON b.serial = c.serial WHERE c.active = 1 GROUP BY c.serial";
    inTransaction("check spend state", () -> {
      try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long counter = rows.getLong(2);
          if (counter != rows.getLong(4) || counter != rows.getLong(5) || rows.getLong(3) != rows.getLong(6)) {
            throw new IllegalStateException("credential " + Bytes.of(rows.getBytes(1)) + " stores counter " + counter
                + " and cumulative " + rows.getLong(3) + ", but its bills have " + rows.getLong(4) + " counters up to "
                + rows.getLong(5) + " summing to " + rows.getLong(6));
          }
        }
      }
      try (PreparedStatement orphans = connection.prepareStatement(
          "SELECT COUNT(*) FROM bills WHERE serial NOT IN (SELECT serial FROM credentials)");
          ResultSet rows = orphans.executeQuery()) {
        if (rows.next() && rows.getLong(1) != 0) {
          throw new IllegalStateException(rows.getLong(1) + " bills belong to no stored credential");
        }
      }
      return null;
    });
  }

  @Override
  public synchronized void saveEnrolment(OfflineCredential credential, TrustBundle bundle) {
    if (credential.flightId() != bundle.flightId()) {
      throw new IllegalArgumentException("credential for flight " + credential.flightId() + ", bundle for "
          + bundle.flightId());
    }
    inTransaction("save enrolment", () -> {
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE credentials SET active = 0");
      }
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT INTO credentials (serial, encoded, last_counter, cumulative_minor, active) VALUES (?, ?, 0, 0, 1) "
              + "ON CONFLICT (serial) DO UPDATE SET encoded = excluded.encoded, active = 1")) {
        upsert.setBytes(1, credential.serial().value().toByteArray());
        upsert.setBytes(2, credential.encode());
        upsert.executeUpdate();
      }
      writeBundle(bundle);
      return null;
    });
  }

  @Override
  public synchronized void saveIssued(OfflineCredential credential) {
    inTransaction("save issued credential", () -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO credentials (serial, encoded, last_counter, cumulative_minor, active) VALUES (?, ?, 0, 0, 0) "
              + "ON CONFLICT (serial) DO NOTHING")) {
        insert.setBytes(1, credential.serial().value().toByteArray());
        insert.setBytes(2, credential.encode());
        insert.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public synchronized List<OfflineCredential> credentials() {
    return inTransaction("list credentials", () -> {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT encoded FROM credentials ORDER BY rowid LIMIT " + MAX_CREDENTIALS);
          ResultSet rows = query.executeQuery()) {
        List<OfflineCredential> credentials = new ArrayList<>();
        while (rows.next()) {
          credentials.add(decodeCredential(rows.getBytes(1)));
        }
        return credentials;
      }
    });
  }

  @Override
  public synchronized int pendingCount(CredentialSerial serial) {
    return inTransaction("count pending bills", () -> {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT COUNT(*) FROM bills WHERE serial = ? AND state = ?")) {
        query.setBytes(1, serial.value().toByteArray());
        query.setString(2, BillState.PENDING.name());
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          return rows.getInt(1);
        }
      }
    });
  }

  @Override
  public synchronized void saveBundle(TrustBundle bundle) {
    inTransaction("save bundle", () -> {
      writeBundle(bundle);
      return null;
    });
  }

  private void writeBundle(TrustBundle bundle) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(
        "INSERT OR REPLACE INTO bundle (id, flight_id, version, encoded) VALUES (1, ?, ?, ?)")) {
      upsert.setLong(1, bundle.flightId());
      upsert.setLong(2, bundle.bundleVersion());
      upsert.setBytes(3, bundle.encode());
      upsert.executeUpdate();
    }
  }

  @Override
  public synchronized Optional<OfflineCredential> activeCredential() {
    return inTransaction("read credential", () -> {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT serial, encoded FROM credentials WHERE active = 1");
          ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        OfflineCredential credential = decodeCredential(rows.getBytes(2));
        if (!credential.serial().value().equals(Bytes.of(rows.getBytes(1))) || rows.next()) {
          throw new IllegalStateException("active credential row is corrupt or not unique");
        }
        return Optional.of(credential);
      }
    });
  }

  private static OfflineCredential decodeCredential(byte[] encoded) {
    try {
      return OfflineCredential.decode(encoded);
    } catch (DecodeException e) {
      throw new IllegalStateException("stored credential is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<TrustBundle> bundle() {
    return inTransaction("read bundle", () -> {
      try (PreparedStatement query = connection.prepareStatement("SELECT flight_id, version, encoded FROM bundle");
          ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        TrustBundle bundle = decodeBundle(rows.getBytes(3));
        if (bundle.flightId() != rows.getLong(1) || bundle.bundleVersion() != rows.getLong(2)) {
          throw new IllegalStateException("stored bundle " + bundle + " disagrees with its row");
        }
        return Optional.of(bundle);
      }
    });
  }

  private static TrustBundle decodeBundle(byte[] encoded) {
    try {
      return TrustBundle.decode(encoded);
    } catch (DecodeException e) {
      throw new IllegalStateException("stored trust bundle is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized SpendState spendState(CredentialSerial serial) {
    return inTransaction("read spend state", () -> readSpendState(serial));
  }

  private SpendState readSpendState(CredentialSerial serial) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT last_counter, cumulative_minor FROM credentials WHERE serial = ?")) {
      query.setBytes(1, serial.value().toByteArray());
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? new SpendState(rows.getLong(1), rows.getLong(2)) : SpendState.NONE;
      }
    }
  }

  @Override
  public synchronized void recordIssued(Bill bill, SpendState before) {
    checkIssuable(bill, before);
    SpendState after = before.after(bill.authorization().cumulativeMinor());
    inTransaction("record payment " + bill.paymentId(), () -> {
      try (PreparedStatement bump = connection.prepareStatement("UPDATE credentials SET last_counter = ?, "
          + "cumulative_minor = ? WHERE serial = ? AND last_counter = ? AND cumulative_minor = ?")) {
        bump.setLong(1, after.lastCounter());
        bump.setLong(2, after.cumulativeMinor());
        bump.setBytes(3, bill.paymentId().serial().value().toByteArray());
        bump.setLong(4, before.lastCounter());
        bump.setLong(5, before.cumulativeMinor());
        if (bump.executeUpdate() != 1) {
          throw new IllegalStateException("spend state of " + bill.paymentId().serial() + " is no longer " + before);
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO bills (" + BillRows.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        BillRows.bindInsert(insert, bill);
        insert.executeUpdate();
      }
      return null;
    });
  }

  /** The write half of the counter's pair assertion. */
  private static void checkIssuable(Bill bill, SpendState before) {
    long counter = bill.authorization().counter();
    long cumulative = bill.authorization().cumulativeMinor();
    if (bill.state() != BillState.PENDING || bill.receipt().isPresent() || !bill.refunds().isEmpty()
        || counter != before.nextCounter()
        || cumulative != Math.addExact(before.cumulativeMinor(), bill.signedCharge().amountMinor())) {
      throw new IllegalStateException("bill " + bill.paymentId() + " (cumulative " + cumulative + ", charge "
          + bill.signedCharge() + ") does not follow " + before);
    }
  }

  @Override
  public synchronized Optional<Bill> bill(PaymentId id) {
    return inTransaction("read bill " + id, () -> {
      List<Bill> found = selectBills("WHERE serial = ? AND counter = ?", List.of(
          id.serial().value().toByteArray(), id.counter()), 1);
      return found.stream().findFirst();
    });
  }

  @Override
  public synchronized Optional<Bill> billForRequest(Bytes requestDigest) {
    return inTransaction("read bill by request", () ->
        selectBills("WHERE request_digest = ?", List.of(requestDigest.toByteArray()), 1).stream().findFirst());
  }

  @Override
  public synchronized List<Bill> bills(Optional<BillState> state, Optional<PaymentId> after, int limit) {
    checkLimit(limit);
    List<Object> arguments = new ArrayList<>();
    StringBuilder where = new StringBuilder("WHERE 1 = 1");
    state.ifPresent(s -> {
      where.append(" AND state = ?");
      arguments.add(s.name());
    });
    after.ifPresent(id -> {
      byte[] serial = id.serial().value().toByteArray();
      where.append(" AND (serial > ? OR (serial = ? AND counter > ?))");
      arguments.addAll(List.of(serial, serial, id.counter()));
    });
    where.append(" ORDER BY serial, counter");
    return inTransaction("list bills", () -> selectBills(where.toString(), arguments, limit));
  }

  @Override
  public synchronized List<Bill> recentBills(int limit) {
    checkLimit(limit);
    return inTransaction("list recent bills", () ->
        selectBills("ORDER BY issued_at DESC, serial, counter DESC", List.of(), limit));
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ": " + limit);
    }
  }

  private List<Bill> selectBills(String clauses, List<Object> arguments, int limit) throws SQLException {
    List<Bill> bills = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT " + BillRows.COLUMNS + " FROM bills " + clauses + " LIMIT ?")) {
      for (int i = 0; i < arguments.size(); i++) {
        query.setObject(i + 1, arguments.get(i));
      }
      query.setInt(arguments.size() + 1, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          bills.add(BillRows.read(rows, refunds(rows.getBytes(1), rows.getLong(2))));
        }
      }
    }
    return bills;
  }

  private List<RefundNote> refunds(byte[] serial, long counter) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT note FROM refunds WHERE serial = ? AND counter = ? ORDER BY rowid")) {
      query.setBytes(1, serial);
      query.setLong(2, counter);
      List<RefundNote> notes = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          notes.add(BillRows.readRefund(rows.getBytes(1)));
        }
      }
      return notes;
    }
  }

  @Override
  public synchronized void recordRefreshed(Bill refreshed) {
    byte[] serial = refreshed.paymentId().serial().value().toByteArray();
    long counter = refreshed.paymentId().counter();
    PaymentAuthorization fresh = refreshed.authorization();
    inTransaction("refresh bill " + refreshed.paymentId(), () -> {
      Bill stored = selectBills("WHERE serial = ? AND counter = ?", List.of(serial, counter), 1).stream().findFirst()
          .orElseThrow(() -> new IllegalStateException("no bill " + refreshed.paymentId() + " to refresh"));
      PaymentAuthorization old = stored.authorization();
      if (!fresh.kind().isOneScan() || old.kind() != fresh.kind() || stored.state() != BillState.PENDING
          || stored.receipt().isPresent() || old.amountMinor() != fresh.amountMinor()
          || old.cumulativeMinor() != fresh.cumulativeMinor() || !old.explicitCurrency().equals(fresh.explicitCurrency())
          || !stored.signedCharge().equals(refreshed.signedCharge()) || !fresh.time().isAfter(old.time())) {
        throw new IllegalStateException("bill " + stored.paymentId() + " cannot be refreshed by " + fresh);
      }
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE bills SET authorization = ?, issued_at = ? WHERE serial = ? AND counter = ?")) {
        update.setBytes(1, fresh.encode());
        update.setLong(2, refreshed.issuedAt().getEpochSecond());
        update.setBytes(3, serial);
        update.setLong(4, counter);
        update.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public synchronized Optional<Duration> issuerClockOffset() {
    return inTransaction("read issuer clock offset", () -> {
      try (PreparedStatement query = connection.prepareStatement("SELECT offset_ms FROM issuer_clock WHERE id = 1");
          ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(Duration.ofMillis(rows.getLong(1))) : Optional.empty();
      }
    });
  }

  @Override
  public synchronized void saveIssuerClockOffset(Duration offset) {
    inTransaction("save issuer clock offset", () -> {
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT OR REPLACE INTO issuer_clock (id, offset_ms) VALUES (1, ?)")) {
        upsert.setLong(1, offset.toMillis());
        upsert.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public synchronized void updateBill(Bill bill) {
    byte[] serial = bill.paymentId().serial().value().toByteArray();
    long counter = bill.paymentId().counter();
    inTransaction("update bill " + bill.paymentId(), () -> {
      checkSameAuthorization(bill, serial, counter);
      try (PreparedStatement update = connection.prepareStatement("UPDATE bills SET state = ?, receipt = ?, "
          + "settled_minor = ?, settled_currency = ?, outcome_detail = ? WHERE serial = ? AND counter = ?")) {
        BillRows.bindMutable(update, 1, bill);
        update.setBytes(6, serial);
        update.setLong(7, counter);
        update.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT OR IGNORE INTO refunds (serial, counter, refund_sequence, note) VALUES (?, ?, ?, ?)")) {
        for (RefundNote note : bill.refunds()) {
          insert.setBytes(1, serial);
          insert.setLong(2, counter);
          insert.setLong(3, note.refundSequence());
          insert.setBytes(4, note.encode());
          insert.executeUpdate();
        }
      }
      return null;
    });
  }

  /** What was signed is never rewritten: the bill updated must carry the stored authorization. */
  private void checkSameAuthorization(Bill bill, byte[] serial, long counter) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT authorization FROM bills WHERE serial = ? AND counter = ?")) {
      query.setBytes(1, serial);
      query.setLong(2, counter);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new IllegalArgumentException("no bill " + bill.paymentId() + " to update");
        }
        if (!Arrays.equals(rows.getBytes(1), bill.authorization().encode())) {
          throw new IllegalStateException("bill " + bill.paymentId() + " would change its signed authorization");
        }
      }
    }
  }

  @Override
  public synchronized PendingSummary pendingSummary() {
    return inTransaction("summarize pending bills", () -> {
      try (PreparedStatement query = connection.prepareStatement("SELECT charge_currency, COUNT(*), "
          + "SUM(signed_charge_minor) FROM bills WHERE state = ? GROUP BY charge_currency ORDER BY charge_currency")) {
        query.setString(1, BillState.PENDING.name());
        int count = 0;
        List<Money> totals = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            count = Math.addExact(count, rows.getInt(2));
            totals.add(Money.of(rows.getLong(3), rows.getString(1)));
          }
        }
        return new PendingSummary(count, totals);
      }
    });
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StorageException("cannot close wallet store", e);
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  private <T> T inTransaction(String what, Work<T> work) {
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException e) {
      rollback(e);
      throw new StorageException("wallet store failed to " + what + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      rollback(e);
      throw e;
    }
  }

  private void rollback(Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
