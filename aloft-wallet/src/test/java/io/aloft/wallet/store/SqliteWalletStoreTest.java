package io.aloft.wallet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.money.Money;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.IssuedCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWalletStoreTest {
  @TempDir Path dir;

  @Test
  void fileIsInWalMode() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519);
        Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wallet.db"));
        Statement statement = raw.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void theWalletFile_andItsWalAndShm_areReadableByTheOwnerOnly() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519)) {
      f.wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO).value();
      for (String name : new String[] {"wallet.db", "wallet.db-wal", "wallet.db-shm", "device.key"}) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)))).as(name)
            .isEqualTo("rw-------");
      }
    }
  }

  @Test
  void recordIssued_refusesAStaleSpendState_andWritesNothing() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519)) {
      IssuedCode first = f.wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO).value();
      Bill replay = first.bill();
      assertThatThrownBy(() -> f.store.recordIssued(replay, SpendState.NONE)).isInstanceOf(IllegalStateException.class);
      assertThat(f.store.spendState(first.paymentId().serial())).isEqualTo(new SpendState(1, 100));
      assertThat(f.store.bills(Optional.empty(), Optional.empty(), 10)).hasSize(1);
    }
  }

  @Test
  void billsReadBack_equalTheBillsWritten() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode handshake = f.wallet.confirm(f.wallet.readRequest(f.issuer.request(Money.of(1_000, "EUR")).toQrText()).value()).value();
      IssuedCode cap = f.wallet.payUpTo(Money.of(300, "CNY"), CodeForm.SELF_CONTAINED).value();
      f.reopen();
      assertThat(f.store.bill(handshake.paymentId())).contains(handshake.bill());
      assertThat(f.store.bill(cap.paymentId())).contains(cap.bill());
      assertThat(f.store.recentBills(10)).containsExactlyInAnyOrder(handshake.bill(), cap.bill());
    }
  }

  @Test
  void fileWhoseCounterDisagreesWithItsBills_isNotOpened() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519)) {
      f.wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO).value();
      f.store.close();
      try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wallet.db"));
          Statement statement = raw.createStatement()) {
        statement.executeUpdate("UPDATE credentials SET last_counter = 0, cumulative_minor = 0");
      }
      assertThatThrownBy(f::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("counter");
      f.store = SqliteWalletStore.open(dir.resolve("other.db"));
    }
  }

  @Test
  void pageLimits_areBounded() {
    try (SqliteWalletStore store = SqliteWalletStore.open(dir.resolve("w.db"))) {
      assertThatThrownBy(() -> store.recentBills(WalletStore.MAX_PAGE + 1)).isInstanceOf(IllegalArgumentException.class);
      assertThat(store.pendingSummary()).isEqualTo(new PendingSummary(0, java.util.List.of()));
    }
  }
}
