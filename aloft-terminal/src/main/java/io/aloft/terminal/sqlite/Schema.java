package io.aloft.terminal.sqlite;

import io.aloft.protocol.sqlite.SchemaMigrations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The terminal database's schema versions. Column meanings are those of
 * {@link io.aloft.terminal.journal.JournalEntry}. A released step is never edited: a change is a
 * new step at the end of {@link #MIGRATIONS}.
 */
final class Schema {
  private Schema() {}

  /**
   * Version 1: the schema terminals used before the file carried a version. Its statements create
   * only what is missing, so an unversioned file (version 0) from then keeps every row.
   */
  private static final List<String> VERSION_1 = List.of(
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

  static final SchemaMigrations MIGRATIONS = new SchemaMigrations("terminal database", List.of(
      Schema::version1));

  private static void version1(Statement statement) throws SQLException {
    for (String ddl : VERSION_1) {
      statement.execute(ddl);
    }
    if (!hasColumn(statement, "batch", "idempotency_key")) {
      // A file made before batches kept their Idempotency-Key.
      statement.execute("ALTER TABLE batch ADD COLUMN idempotency_key TEXT");
    }
  }

  private static boolean hasColumn(Statement statement, String table, String column) throws SQLException {
    try (ResultSet columns = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (columns.next()) {
        if (column.equals(columns.getString("name"))) {
          return true;
        }
      }
      return false;
    }
  }
}
