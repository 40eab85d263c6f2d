package com.example.cabin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.Wallet;
import io.aloft.wallet.issuer.HttpIssuerClient;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.store.SqliteWalletStore;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app built against the installed SDKs opens a crew terminal and a passenger wallet on their own
 * SQLite files, as docs/terminal.md and docs/wallet.md show, and both answer as they do before a
 * flight: nothing to sell or pay with until the trust bundle and the enrolment arrive.
 */
class SdkConsumerTest {
  @TempDir Path dir;

  final List<IssuerKey> pinnedIssuerKeys = List.of(
      new IssuerKey(1, SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom()).publicKey()));

  @Test
  void aTerminal_opensOnItsOwnFiles_andSellsNothingBeforeItsTrustBundle() {
    TerminalConfig config = TerminalConfig.of(7, pinnedIssuerKeys);
    for (int open = 1; open <= 2; open++) {
      try (Terminal terminal = Terminal.openInDirectory(dir.resolve("galley"), config, Clock.systemUTC(),
          new SecureRandom())) {
        assertTrue(terminal.verifyJournal().intact());
        assertEquals(0, terminal.journalSequence());
        Verdict<RequestCode> request = terminal.createRequest(Money.of(1_500, "EUR"), List.of());
        assertFalse(request.isAccepted());
        assertEquals(Reason.BUNDLE_EXPIRED, request.reason());
      }
    }
  }

  @Test
  void aWallet_opensOnItsOwnFiles_andPaysNothingBeforeEnrolment() {
    for (int open = 1; open <= 2; open++) {
      try (SqliteWalletStore store = SqliteWalletStore.open(dir.resolve("wallet.db"))) {
        Wallet wallet = Wallet.open(Wallet.Config.of(pinnedIssuerKeys), store,
            new PassphraseKeyProvider(dir.resolve("device.key"), "correct horse".toCharArray(),
                KdfParameters.RECOMMENDED, new SecureRandom()),
            HttpIssuerClient.of(URI.create("https://pay.example.com"), "wallet-token", pinnedIssuerKeys),
            Clock.systemUTC());
        assertTrue(wallet.enrolment().isEmpty());
        assertEquals(0, wallet.offlineStatus().pendingCount());
        Verdict<?> refused = wallet.payAmount(Money.of(1_500, "EUR"), CodeForm.AUTO);
        assertFalse(refused.isAccepted());
        assertEquals(Reason.NOT_ENROLLED, refused.reason());
        assertEquals(RefusalReason.NOT_ENROLLED, RefusalReason.of(refused));
      }
    }
  }
}
