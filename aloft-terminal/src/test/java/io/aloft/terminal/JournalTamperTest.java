package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static io.aloft.terminal.TestFlight.cny;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.terminal.journal.JournalChain;
import io.aloft.terminal.journal.JournalEntry;
import io.aloft.terminal.journal.JournalVerification;
import io.aloft.terminal.sqlite.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Someone with the SQLite file edits, deletes or moves journal rows behind the terminal's back;
 * verifyJournal() must notice. One test shows the documented limit: a whole-file rollback is
 * caught only against a sequence known from elsewhere.
 */
class JournalTamperTest extends TerminalTestCase {
  Path database;

  JournalTamperTest() {
    super(2);
  }

  @BeforeEach
  void journalFivePaymentsAndARefund() {
    try (Terminal terminal = flight.openWithBundle(directory, clock)) {
      for (int counter = 1; counter <= 5; counter++) {
        var payer = flight.payers.get(counter % 2);
        assertThat(terminal.accept(flight.oneScan(payer, counter, counter * 1_000L, 1_000).toQrText()).isAccepted())
            .isTrue();
      }
      var firstSale = new io.aloft.protocol.message.PaymentId(flight.payers.get(1).credential().serial(), 1);
      assertThat(terminal.refund(firstSale, cny(400)).isAccepted()).isTrue();
      assertThat(terminal.verifyJournal().intact()).isTrue();
    }
    database = directory.resolve("terminal.db");
  }

  private JournalVerification verify() {
    try (Terminal terminal = flight.openTerminal(directory, clock)) {
      return terminal.verifyJournal();
    }
  }

  private void sql(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
         Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  @Test
  void editedAmount_isDetected() throws Exception {
    sql("UPDATE journal SET amount_minor = 1 WHERE seq = 3");
    assertThat(verify().problems()).isNotEmpty();
  }

  @Test
  void editedDocumentByte_isDetected() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
         Statement statement = connection.createStatement();
         var row = statement.executeQuery("SELECT authorization FROM journal WHERE seq = 2")) {
      row.next();
      byte[] authorization = row.getBytes(1);
      authorization[authorization.length - 1] ^= 1;
      try (PreparedStatement update = connection.prepareStatement("UPDATE journal SET authorization = ? WHERE seq = 2")) {
        update.setBytes(1, authorization);
        update.executeUpdate();
      }
    }
    assertThat(verify().problems()).containsExactly("entry 2 was changed after it was written");
  }

  @Test
  void deletedMiddleEntry_isDetected() throws Exception {
    sql("DELETE FROM journal WHERE seq = 3");
    assertThat(verify().problems()).anyMatch(p -> p.contains("missing or out of order"));
  }

  @Test
  void swappedEntries_areDetected() throws Exception {
    sql("UPDATE journal SET seq = 100 WHERE seq = 2", "UPDATE journal SET seq = 2 WHERE seq = 3",
        "UPDATE journal SET seq = 3 WHERE seq = 100");
    assertThat(verify().intact()).isFalse();
  }

  @Test
  void deletedLastEntries_areDetected_evenWithTheHeadMovedBack() throws Exception {
    sql("DELETE FROM journal WHERE seq = 6");
    assertThat(verify().problems()).anyMatch(p -> p.contains("signed head names entry 6"));

    sql("UPDATE journal_head SET seq = 5, hash = (SELECT hash FROM journal WHERE seq = 5)");
    assertThat(verify().problems()).anyMatch(p -> p.contains("not signed by this terminal"));
  }

  @Test
  void rewrittenChain_withEveryHashRecomputed_isDetectedByTheHeadSignature() throws Exception {
    // Lowering a signed charge passes the row checks, so the attacker only has to fix the hashes.
    sql("UPDATE journal SET signed_charge_minor = 1 WHERE seq = 2");
    List<JournalEntry> entries;
    try (SqliteStorage storage = SqliteStorage.open(database)) {
      entries = storage.journal().read(1, 100);
    }
    Bytes previous = JournalChain.GENESIS;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
         PreparedStatement update = connection.prepareStatement("UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?")) {
      for (JournalEntry entry : entries) {
        JournalEntry rehashed = entry.chainedTo(previous);
        update.setBytes(1, previous.toByteArray());
        update.setBytes(2, rehashed.hash().toByteArray());
        update.setLong(3, entry.sequence());
        update.executeUpdate();
        previous = rehashed.hash();
      }
      try (PreparedStatement head = connection.prepareStatement("UPDATE journal_head SET hash = ?")) {
        head.setBytes(1, previous.toByteArray());
        head.executeUpdate();
      }
    }
    assertThat(verify().problems()).containsExactly("the journal head (entry 6) is not signed by this terminal");
  }

  @Test
  void wholeFileRollback_isCaughtOnlyAgainstASequenceKnownFromElsewhere() throws Exception {
    Path old = directory.resolve("old.db");
    sql("PRAGMA wal_checkpoint(TRUNCATE)");
    Files.copy(database, old);
    try (Terminal terminal = flight.openTerminal(directory, clock)) {
      assertThat(terminal.accept(flight.oneScan(flight.payers.get(0), 6, 6_000, 1_000).toQrText()).isAccepted())
          .isTrue();
    }
    sql("PRAGMA wal_checkpoint(TRUNCATE)");
    Files.copy(old, database, StandardCopyOption.REPLACE_EXISTING);

    try (Terminal terminal = flight.openTerminal(directory, clock)) {
      assertThat(terminal.verifyJournal().intact()).as("the documented limit").isTrue();
      // A passenger's receipt says entry 7 exists: the rollback shows.
      assertThat(terminal.verifyJournal(7).problems()).anyMatch(p -> p.contains("rolled back or truncated"));
    }
  }
}
