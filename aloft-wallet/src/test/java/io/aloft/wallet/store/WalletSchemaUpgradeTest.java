package io.aloft.wallet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.sqlite.SchemaTooNewException;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.IssuedCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wallet file written by the released schema (version 1) opens with this version with every
 * bill as it was, and the wallet goes on paying from the same spend state. A file written by a
 * newer app is refused and left as it was.
 */
class WalletSchemaUpgradeTest {
  /** The wallet file as released at schema version 1, verbatim. */
  static final String RELEASED_SCHEMA = """
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
      CREATE TABLE IF NOT EXISTS bills (
        serial BLOB NOT NULL,
        counter INTEGER NOT NULL CHECK (counter >= 1),
        kind TEXT NOT NULL,
        authorization BLOB NOT NULL,
        request BLOB,
        request_digest BLOB UNIQUE,
        merchant_name TEXT,
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 1),
        amount_currency TEXT NOT NULL,
        signed_charge_minor INTEGER NOT NULL CHECK (signed_charge_minor >= 1),
        charge_currency TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        receipt BLOB,
        settled_minor INTEGER,
        settled_currency TEXT,
        outcome_detail TEXT,
        PRIMARY KEY (serial, counter)
      );
      CREATE INDEX IF NOT EXISTS bills_by_state ON bills (state, serial, counter);
      CREATE INDEX IF NOT EXISTS bills_by_time ON bills (issued_at);
      CREATE TABLE IF NOT EXISTS refunds (
        serial BLOB NOT NULL,
        counter INTEGER NOT NULL,
        refund_sequence INTEGER NOT NULL,
        note BLOB NOT NULL,
        PRIMARY KEY (serial, counter, refund_sequence),
        FOREIGN KEY (serial, counter) REFERENCES bills (serial, counter)
      );
      """;

  @TempDir Path dir;

  @Test
  void aReleasedWalletFile_keepsEveryBill_andTheWalletGoesOnPaying() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.wallet.confirm(f.wallet.readRequest(f.issuer.request(Money.of(1_000, "CNY")).toQrText()).value()).value();
      f.wallet.payAmount(Money.of(250, "CNY"), CodeForm.AUTO).value();
      f.wallet.sync();
      IssuedCode cap = f.wallet.payUpTo(Money.of(300, "CNY"), CodeForm.SELF_CONTAINED).value();
      List<Bill> bills = f.store.bills(Optional.empty(), Optional.empty(), WalletStore.MAX_PAGE);
      assertThat(bills).hasSize(3);
      assertThat(bills).extracting(Bill::state).containsOnly(BillState.SETTLED, BillState.PENDING);
      long pending = bills.stream().filter(b -> b.state() == BillState.PENDING).count();
      assertThat(pending).isEqualTo(1);
      var spend = f.store.spendState(cap.paymentId().serial());
      f.store.close();

      rewriteWithReleasedSchema(dir.resolve("wallet.db"));
      assertThat(userVersion(dir.resolve("wallet.db"))).isEqualTo(1);
      f.open();

      assertThat(f.store.bills(Optional.empty(), Optional.empty(), WalletStore.MAX_PAGE)).isEqualTo(bills);
      assertThat(f.store.spendState(cap.paymentId().serial())).isEqualTo(spend);
      IssuedCode next = f.wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO).value();
      assertThat(next.paymentId().counter()).isEqualTo(cap.paymentId().counter() + 1);
      assertThat(f.wallet.offlineStatus().pendingCount()).isEqualTo(pending + 1);
    }
    assertThat(userVersion(dir.resolve("wallet.db"))).isEqualTo(1);
  }

  @Test
  void aWalletFileFromANewerApp_isRefused_andLeftAsItWas() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519)) {
      f.wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO).value();
      f.store.close();
      try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wallet.db"));
          Statement statement = raw.createStatement()) {
        statement.execute("PRAGMA user_version = 2");
      }
      byte[] before = Files.readAllBytes(dir.resolve("wallet.db"));

      assertThatThrownBy(() -> SqliteWalletStore.open(dir.resolve("wallet.db")))
          .isInstanceOfSatisfying(SchemaTooNewException.class, e -> {
            assertThat(e.foundVersion()).isEqualTo(2);
            assertThat(e.supportedVersion()).isEqualTo(1);
          })
          .hasMessageContaining("wallet store has schema version 2");
      assertThat(Files.readAllBytes(dir.resolve("wallet.db"))).isEqualTo(before);
      f.store = SqliteWalletStore.open(dir.resolve("other.db"));
    }
  }

  /** Replaces {@code file} by one made with the released schema, holding the same rows, at version 1. */
  private static void rewriteWithReleasedSchema(Path file) throws Exception {
    Path released = file.resolveSibling("released.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + released);
        Statement statement = connection.createStatement()) {
      for (String sql : RELEASED_SCHEMA.split(";")) {
        if (!sql.isBlank()) {
          statement.execute(sql);
        }
      }
      statement.execute("PRAGMA user_version = 1");
      statement.execute("ATTACH DATABASE '" + file + "' AS made");
      for (String table : List.of("credentials", "bundle", "issuer_clock", "bills", "refunds")) {
        String columns = String.join(", ", columns(statement, table));
        statement.execute("INSERT INTO main." + table + " (" + columns + ") SELECT " + columns + " FROM made." + table);
      }
      statement.execute("DETACH DATABASE made");
    }
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
    Files.move(released, file);
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

  private static int userVersion(Path file) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA user_version")) {
      row.next();
      return row.getInt(1);
    }
  }
}
