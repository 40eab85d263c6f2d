package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.sqlite.SchemaTooNewException;
import io.aloft.terminal.journal.JournalEntry;
import io.aloft.terminal.sqlite.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A terminal database written before the file carried a schema version (user_version 0) opens
 * with this version: every journal entry is still there, the hash chain verifies, and the terminal
 * goes on selling. A file written by a newer app is refused and left as it was.
 */
class SchemaUpgradeTest extends TerminalTestCase {
  /** The terminal database as released before schema versions, verbatim. */
  static final List<String> UNVERSIONED_SCHEMA = List.of(
      """
      CREATE TABLE IF NOT EXISTS journal (
        seq                 INTEGER PRIMARY KEY CHECK (seq >= 1),
        kind                INTEGER NOT NULL CHECK (kind IN (1, 2)),
        serial              BLOB    NOT NULL CHECK (length(serial) = 8),
        counter             INTEGER NOT NULL CHECK (counter >= 1),
        refund_seq          INTEGER NOT NULL CHECK (refund_seq >= 0),
        at_s                INTEGER NOT NULL,
        amount_minor        INTEGER NOT NULL CHECK (amount_minor >= 1),
        currency            INTEGER NOT NULL,
        signed_charge_minor INTEGER NOT NULL,
        cumulative_minor    INTEGER NOT NULL,
        authorization       BLOB    NOT NULL,
        request             BLOB    NOT NULL,
        request_nonce       BLOB,
        document            BLOB    NOT NULL,
        prev_hash           BLOB    NOT NULL CHECK (length(prev_hash) = 32),
        hash                BLOB    NOT NULL CHECK (length(hash) = 32),
        -- One payment per (serial, counter), one refund per (payment, refund sequence).
        UNIQUE (serial, counter, refund_seq)
      ) STRICT""",
      // One request is paid at most once.
      "CREATE UNIQUE INDEX IF NOT EXISTS journal_request_nonce ON journal (request_nonce)"
          + " WHERE request_nonce IS NOT NULL",
      """
      CREATE TABLE IF NOT EXISTS journal_head (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        seq       INTEGER NOT NULL,
        hash      BLOB    NOT NULL,
        signature BLOB    NOT NULL
      ) STRICT""",
      """
      CREATE TABLE IF NOT EXISTS bundle (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        encoded        BLOB    NOT NULL,
        installed_at_s INTEGER NOT NULL
      ) STRICT""",
      """
      CREATE TABLE IF NOT EXISTS issuer_clock (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        offset_ms INTEGER NOT NULL
      ) STRICT""",
      """
      CREATE TABLE IF NOT EXISTS open_request (
        ord          INTEGER PRIMARY KEY AUTOINCREMENT,
        nonce        BLOB    NOT NULL UNIQUE,
        encoded      BLOB    NOT NULL,
        created_at_s INTEGER NOT NULL
      )""",
      """
      CREATE TABLE IF NOT EXISTS batch (
        batch_id  INTEGER PRIMARY KEY CHECK (batch_id >= 1),
        first_seq INTEGER NOT NULL,
        last_seq  INTEGER NOT NULL,
        encoded   BLOB    NOT NULL,
        closed    INTEGER NOT NULL CHECK (closed IN (0, 1)),
        -- The random Idempotency-Key every upload of this batch sends.
        idempotency_key TEXT
      ) STRICT""",
      """
      CREATE TABLE IF NOT EXISTS outcome (
        seq      INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES batch (batch_id),
        outcome  TEXT    NOT NULL,
        reason   TEXT
      ) STRICT""",
      // Cabin digests received from other terminals of the flight, exactly as signed.
      """
      CREATE TABLE IF NOT EXISTS cabin_digest (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        origin_terminal INTEGER NOT NULL CHECK (origin_terminal >= 1),
        encoded         BLOB    NOT NULL,
        received_at_s   INTEGER NOT NULL
      )""",
      """
      CREATE TABLE IF NOT EXISTS cabin_peer (
        terminal_id  INTEGER PRIMARY KEY CHECK (terminal_id >= 1),
        address      TEXT    NOT NULL,
        last_heard_s INTEGER NOT NULL
      ) STRICT""");


  SchemaUpgradeTest() {
    super(2);
  }

  @Test
  void anUnversionedDatabase_keepsEveryJournalEntry_andTheTerminalGoesOnSelling() throws Exception {
    List<String> paidCodes = sellFourAndRefundOne();
    List<JournalEntry> journaled = journal();
    rewriteWithSchema(UNVERSIONED_SCHEMA);
    assertThat(userVersion()).isZero();

    terminal = flight.openTerminal(directory, clock);

    assertThat(userVersion()).isEqualTo(1);
    assertThat(terminal.verifyJournal().problems()).isEmpty();
    assertThat(terminal.verifyJournal().entriesChecked()).isEqualTo(journaled.size());
    assertThat(terminal.journalSequence()).isEqualTo(journaled.size());
    for (String code : paidCodes) {
      assertThat(terminal.accept(code).reason()).as("a code paid before the upgrade").isEqualTo(Reason.REPLAYED_COUNTER);
    }
    TerminalBatch batch = terminal.nextBatch().orElseThrow();
    assertThat(batch.batchId()).as("the batch opened before the upgrade, resent").isEqualTo(1);
    assertThat(batch.entries()).hasSize(journaled.size());

    assertThat(terminal.accept(flight.oneScan(flight.payers.get(1), 3, 3_000, 1_000).toQrText()).isAccepted()).isTrue();
    assertThat(terminal.verifyJournal().intact()).isTrue();
    terminal.close();
    terminal = null;
    assertThat(journal().subList(0, journaled.size())).isEqualTo(journaled);
    assertThat(journal()).hasSize(journaled.size() + 1);
  }

  @Test
  void aDatabaseFromBeforeBatchIdempotencyKeys_getsTheColumn_andKeepsItsBatch() throws Exception {
    sellFourAndRefundOne();
    List<JournalEntry> journaled = journal();
    List<String> withoutKey = new ArrayList<>();
    for (String ddl : UNVERSIONED_SCHEMA) {
      withoutKey.add(ddl.replaceAll("(?s),\\s*-- The random Idempotency-Key[^\n]*\n\\s*idempotency_key TEXT", ""));
    }
    assertThat(withoutKey).isNotEqualTo(UNVERSIONED_SCHEMA);
    rewriteWithSchema(withoutKey);

    terminal = flight.openTerminal(directory, clock);

    assertThat(terminal.verifyJournal().intact()).isTrue();
    assertThat(terminal.nextBatch().orElseThrow().entries()).hasSize(journaled.size());
    terminal.close();
    terminal = null;
    assertThat(journal()).isEqualTo(journaled);
    assertThat(userVersion()).isEqualTo(1);
  }

  @Test
  void aDatabaseFromANewerApp_isRefused_andLeftAsItWas() throws Exception {
    sellFourAndRefundOne();
    sql("PRAGMA user_version = 2");
    byte[] before = Files.readAllBytes(database());

    assertThatThrownBy(() -> flight.openTerminal(directory, clock))
        .isInstanceOfSatisfying(SchemaTooNewException.class, e -> {
          assertThat(e.foundVersion()).isEqualTo(2);
          assertThat(e.supportedVersion()).isEqualTo(1);
        })
        .hasMessageContaining("terminal database has schema version 2");
    assertThat(Files.readAllBytes(database())).isEqualTo(before);
    assertThat(userVersion()).isEqualTo(2);
  }

  /** Journals, through this version's SDK, a handshake, three one-scan payments and a refund, and opens a batch. */
  private List<String> sellFourAndRefundOne() {
    List<String> codes = new ArrayList<>();
    try (Terminal seller = flight.openWithBundle(directory, clock)) {
      PaymentRequest request = seller.createRequest(cny(2_000), List.of()).value().request();
      codes.add(flight.handshake(flight.payers.get(0), request, 1, 2_000).toQrText());
      codes.add(flight.oneScan(flight.payers.get(0), 2, 3_000, 1_000).toQrText());
      codes.add(flight.oneScan(flight.payers.get(1), 1, 1_500, 1_500).toQrText());
      codes.add(flight.oneScan(flight.payers.get(1), 2, 2_000, 500).toQrText());
      for (String code : codes) {
        assertThat(seller.accept(code).isAccepted()).isTrue();
      }
      assertThat(seller.refund(new PaymentId(flight.payers.get(0).credential().serial(), 1), cny(400)).isAccepted())
          .isTrue();
      assertThat(seller.nextBatch()).isPresent();
    }
    return codes;
  }

  private Path database() {
    return directory.resolve("terminal.db");
  }

  /** Replaces the terminal's file by one made with {@code schema}, holding the same rows, with no version set. */
  private void rewriteWithSchema(List<String> schema) throws Exception {
    Path old = directory.resolve("old.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement statement = connection.createStatement()) {
      for (String ddl : schema) {
        statement.execute(ddl);
      }
      statement.execute("ATTACH DATABASE '" + database() + "' AS made");
      for (String table : tables(statement)) {
        String columns = String.join(", ", columns(statement, table));
        statement.execute("INSERT INTO main." + table + " (" + columns + ") SELECT " + columns + " FROM made." + table);
      }
      statement.execute("DETACH DATABASE made");
    }
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(directory.resolve("terminal.db" + suffix));
    }
    Files.move(old, database());
  }

  private static List<String> tables(Statement statement) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  private static List<String> columns(Statement statement, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery("PRAGMA main.table_info(" + table + ")")) {
      while (rows.next()) {
        names.add(rows.getString("name"));
      }
    }
    return names;
  }

  private List<JournalEntry> journal() {
    try (SqliteStorage storage = SqliteStorage.open(database())) {
      return storage.journal().read(1, 1_000);
    }
  }

  private int userVersion() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA user_version")) {
      row.next();
      return row.getInt(1);
    }
  }

  private void sql(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
