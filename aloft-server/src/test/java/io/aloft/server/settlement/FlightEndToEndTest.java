package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.client.RetryPolicy;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.Money;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.sale.Sale;
import io.aloft.terminal.sqlite.SqliteStorage;
import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.terminal.upload.HttpUploader;
import io.aloft.terminal.upload.SyncReport;
import io.aloft.testkit.TempDirectories;
import io.aloft.wallet.Wallet;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import io.aloft.wallet.issuer.HttpIssuerClient;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.IssuedCode;
import io.aloft.wallet.store.SqliteWalletStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A whole flight with the real SDKs: terminals and wallets on SQLite, paying offline by handshake
 * and one-scan codes, a refund, then uploads from both sides in shuffled order with resends.
 * Every payment settles once, balances come out as the receipts say, and the ledger balances.
 */
class FlightEndToEndTest {
  private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40),
      Duration.ofSeconds(5), Duration.ofSeconds(30));
  private static final KdfParameters TEST_KDF = new KdfParameters(64, 1, 1);

  private record Passenger(long accountId, long openingMinor, Wallet wallet, SqliteWalletStore store, String token) {}

  @Test
  void aFlight_paidOffline_uploadedFromBothSidesShuffled_settlesEveryPaymentOnce() throws Exception {
    Path dir = Files.createTempDirectory("aloft-e2e-");
    Random random = new Random(2019);
    try (TestServer server = TestServer.start()) {
      URI url = URI.create(server.server().baseUrl());
      Aboard flight = new Aboard(server, 0);
      List<IssuerKey> issuerKeys = server.server().issuerKeys().publicKeys();
      List<Terminal> terminals = new ArrayList<>();
      List<RequestAuthorizer> signers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        SoftwareSigner key = Devices.ed25519();
        long id = flight.register(key).id;
        signers.add(RequestAuthorizer.terminal(key, id, Clock.systemUTC(), new SecureRandom()));
        TerminalConfig config = new TerminalConfig(id, issuerKeys, io.aloft.protocol.rules.AcceptancePolicy.DEFAULT,
            TerminalConfig.DEFAULT_OPEN_REQUESTS_KEPT, 5);
        terminals.add(Terminal.open(config, key, SqliteStorage.open(dir.resolve("terminal-" + i + ".db")),
            Clock.systemUTC(), new SecureRandom()));
      }
      List<Passenger> passengers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        passengers.add(passenger(server, url, issuerKeys, dir, i, flight.flightId, i == 0 ? 2_000 : 50_000));
      }
      byte[] bundle = Base64.getDecoder().decode(TestServer.check(server.get("/v1/flights/" + flight.flightId
          + "/trust-bundle", flight.airline.merchantKey()), 200).json().get("bundle").asText());
      terminals.forEach(terminal -> assertThat(terminal.installBundle(bundle).isAccepted()).isTrue());

      Map<Long, Long> chargedByAccount = new HashMap<>();
      List<PaymentId> payments = new ArrayList<>();
      for (int n = 0; n < 30; n++) {
        Passenger payer = passengers.get(n % passengers.size());
        Terminal terminal = terminals.get(random.nextInt(terminals.size()));
        long amount = 300 + random.nextInt(900);
        Sale sale = pay(payer.wallet(), terminal, Money.of(amount, "CNY"), n % 3);
        if (random.nextBoolean() || n == 7) {
          payer.wallet().scanReceipt(sale.receiptQrText()).value();
        }
        chargedByAccount.merge(payer.accountId(), amount, Long::sum);
        payments.add(sale.paymentId());
        if (n == 7) {
          var refund = terminal.refund(sale.paymentId(), Money.of(100, "CNY")).value();
          payer.wallet().scanRefund(refund.qrText()).value();
          chargedByAccount.merge(payer.accountId(), -100L, Long::sum);
        }
      }

      List<Runnable> uploads = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (int t = 0; t < terminals.size(); t++) {
          Terminal terminal = terminals.get(t);
          RequestAuthorizer signer = signers.get(t);
          uploads.add(() -> assertThat(terminal.sync(new HttpUploader(url, signer, issuerKeys, QUICK, d -> { }))
              .failure()).isEmpty());
        }
        for (Passenger passenger : passengers) {
          uploads.add(() -> sync(passenger.wallet()));
        }
      }
      Collections.shuffle(uploads, random);
      uploads.forEach(Runnable::run);
      passengers.forEach(passenger -> sync(passenger.wallet()));

      JsonNode report = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
          flight.airline.merchantKey()), 200).json();
      assertThat(report.get("payments")).hasSize(payments.size());
      assertThat(report.at("/totals/0/refundsMinor").asLong()).isEqualTo(100);
      for (Passenger passenger : passengers) {
        JsonNode account = server.get("/v1/accounts/" + passenger.accountId(), TestServer.ADMIN_KEY).json();
        long net = passenger.openingMinor() - chargedByAccount.getOrDefault(passenger.accountId(), 0L);
        assertThat(account.at("/balance/amountMinor").asLong() - account.at("/arrears/amountMinor").asLong())
            .as("account %d", passenger.accountId()).isEqualTo(net);
        for (Bill bill : passenger.wallet().bills(1000)) {
          assertThat(bill.state()).as("bill %s", bill.paymentId()).isIn(BillState.SETTLED, BillState.REFUNDED);
        }
      }
      assertThat(server.get("/v1/accounts/" + passengers.get(0).accountId(), TestServer.ADMIN_KEY).json()
          .get("status").asText()).isEqualTo("in_arrears");
      terminals.forEach(terminal -> assertThat(terminal.offlineStatus().pendingPayments()).isZero());
      SettlementTest.assertLedgerBalanced(server);
      terminals.forEach(Terminal::close);
      passengers.forEach(passenger -> passenger.store().close());
    } finally {
      TempDirectories.delete(dir);
    }
  }

  @Test
  void aClonedWallet_payingTwiceWithOneCounter_getsBothBillsSettled_andBothCharged() throws Exception {
    Path dir = Files.createTempDirectory("aloft-clone-");
    try (TestServer server = TestServer.start()) {
      URI url = URI.create(server.server().baseUrl());
      Aboard flight = new Aboard(server, 0);
      List<IssuerKey> issuerKeys = server.server().issuerKeys().publicKeys();
      List<Terminal> terminals = terminals(flight, issuerKeys, dir, 2);
      Passenger original = passenger(server, url, issuerKeys, dir, 0, flight.flightId, 50_000);
      Wallet[] phones = copied(url, issuerKeys, dir, original);
      Wallet phone = phones[0];
      Wallet clone = phones[1];
      install(server, flight, terminals);

      Sale paid = pay(phone, terminals.get(0), Money.of(1_200, "CNY"), 1);
      Sale cloned = pay(clone, terminals.get(1), Money.of(900, "CNY"), 1);
      assertThat(cloned.paymentId()).isEqualTo(paid.paymentId());
      phone.scanReceipt(paid.receiptQrText()).value();
      clone.scanReceipt(cloned.receiptQrText()).value();
      for (Terminal terminal : terminals) {
        assertThat(terminal.sync(new HttpUploader(url, flight.airline.merchantKey(), issuerKeys, QUICK, d -> { }))
            .failure()).isEmpty();
      }
      sync(phone);
      sync(clone);

      assertThat(phone.bill(paid.paymentId()).orElseThrow().state()).isEqualTo(BillState.SETTLED);
      assertThat(clone.bill(cloned.paymentId()).orElseThrow().state()).isEqualTo(BillState.SETTLED);
      JsonNode account = server.get("/v1/accounts/" + original.accountId(), TestServer.ADMIN_KEY).json();
      assertThat(account.at("/balance/amountMinor").asLong()).isEqualTo(50_000 - 1_200 - 900);
      assertThat(account.get("status").asText()).isEqualTo("suspended");
      SettlementTest.assertLedgerBalanced(server);
      terminals.forEach(Terminal::close);
    } finally {
      TempDirectories.delete(dir);
    }
  }

  /**
   * The attack of a passenger who holds their own key: 50.00 at cart A with counter 2, 0.01 at
   * cart B with counter 2 again, and B's bill and receipt uploaded first, hoping B's 0.01 is the
   * one that counts. Both carts are paid, the payer is charged 50.01, the account is suspended and
   * its score falls.
   */
  @Test
  void aPayerSigningOneCounterTwice_cannotChooseWhichCartIsPaid_bothArePaid_andTheAccountIsSuspended()
      throws Exception {
    Path dir = Files.createTempDirectory("aloft-own-key-");
    try (TestServer server = TestServer.start()) {
      URI url = URI.create(server.server().baseUrl());
      Aboard flight = new Aboard(server, 0);
      List<IssuerKey> issuerKeys = server.server().issuerKeys().publicKeys();
      List<Terminal> terminals = terminals(flight, issuerKeys, dir, 2);
      Passenger payer = passenger(server, url, issuerKeys, dir, 0, flight.flightId, 100_000);
      install(server, flight, terminals);
      Sale first = pay(payer.wallet(), terminals.get(0), Money.of(300, "CNY"), 1);
      assertThat(first.paymentId().counter()).isEqualTo(1);
      int scoreBefore = server.get("/v1/accounts/" + payer.accountId(), TestServer.ADMIN_KEY).json()
          .at("/score/value").asInt();
      // The same key and counter state on a second device: the payer's own copy.
      Wallet[] phones = copied(url, issuerKeys, dir, payer);

      Sale fifty = pay(phones[0], terminals.get(0), Money.of(5_000, "CNY"), 1);
      Sale cent = pay(phones[1], terminals.get(1), Money.of(1, "CNY"), 1);
      assertThat(fifty.paymentId().counter()).isEqualTo(2);
      assertThat(cent.paymentId()).isEqualTo(fifty.paymentId());
      phones[1].scanReceipt(cent.receiptQrText()).value();
      sync(phones[1]);
      for (Terminal terminal : terminals) {
        assertThat(terminal.sync(new HttpUploader(url, flight.airline.merchantKey(), issuerKeys, QUICK, d -> { }))
            .failure()).isEmpty();
      }

      JsonNode report = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
          flight.airline.merchantKey()), 200).json();
      assertThat(report.at("/totals/0/salesMinor").asLong()).as("both carts paid").isEqualTo(300 + 5_000 + 1);
      assertThat(report.get("rejections")).isEmpty();
      JsonNode account = server.get("/v1/accounts/" + payer.accountId(), TestServer.ADMIN_KEY).json();
      assertThat(100_000 - 300 - account.at("/balance/amountMinor").asLong()).as("charged 50.01").isEqualTo(5_001);
      assertThat(account.get("status").asText()).isEqualTo("suspended");
      assertThat(account.at("/score/value").asInt()).isLessThan(scoreBefore).isLessThan(550);
      JsonNode cases = TestServer.check(server.get("/v1/cases", TestServer.ADMIN_KEY), 200).json().get("data");
      assertThat(cases.findValuesAsText("kind")).containsExactly("double_spend");
      SettlementTest.assertLedgerBalanced(server);
      terminals.forEach(Terminal::close);
    } finally {
      TempDirectories.delete(dir);
    }
  }

  /**
   * A credential revoked before the sale, its code accepted by a terminal that did not sync since:
   * the terminal followed its stale bundle, and the payment is not guaranteed.
   */
  @Test
  void aRevokedCredentialsCode_acceptedUnderAStaleBundle_isNotGuaranteed() throws Exception {
    Path dir = Files.createTempDirectory("aloft-stale-");
    try (TestServer server = TestServer.start()) {
      URI url = URI.create(server.server().baseUrl());
      Aboard flight = new Aboard(server, 0);
      List<IssuerKey> issuerKeys = server.server().issuerKeys().publicKeys();
      List<Terminal> terminals = terminals(flight, issuerKeys, dir, 1);
      Passenger payer = passenger(server, url, issuerKeys, dir, 0, flight.flightId, 50_000);
      install(server, flight, terminals);
      String serial = payer.wallet().enrolment().orElseThrow().credential().serial().hex();
      TestServer.check(server.post("/v1/credentials/" + serial + "/revoke", TestServer.ADMIN_KEY, Map.of()), 200);
      Thread.sleep(1_100); // receipts carry whole seconds: the sale is in a later second than the revocation

      Sale stale = pay(payer.wallet(), terminals.get(0), Money.of(2_000, "CNY"), 1);
      assertThat(terminals.get(0).sync(new HttpUploader(url, flight.airline.merchantKey(), issuerKeys, QUICK,
          d -> { })).failure()).isEmpty();

      JsonNode report = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
          flight.airline.merchantKey()), 200).json();
      assertThat(report.get("payments")).isEmpty();
      assertThat(report.get("rejections")).hasSize(1);
      assertThat(report.at("/rejections/0/paymentId").asText()).isEqualTo(stale.paymentId().toString());
      assertThat(report.at("/rejections/0/reason").asText()).isEqualTo("STALE_BUNDLE");
      assertThat(server.get("/v1/accounts/" + payer.accountId(), TestServer.ADMIN_KEY).json()
          .at("/balance/amountMinor").asLong()).isEqualTo(50_000);
      SettlementTest.assertLedgerBalanced(server);
      terminals.forEach(Terminal::close);
    } finally {
      TempDirectories.delete(dir);
    }
  }

  private static List<Terminal> terminals(Aboard flight, List<IssuerKey> issuerKeys, Path dir, int count)
      throws Exception {
    List<Terminal> terminals = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SoftwareSigner key = Devices.ed25519();
      TerminalConfig config = new TerminalConfig(flight.register(key).id, issuerKeys,
          io.aloft.protocol.rules.AcceptancePolicy.DEFAULT, TerminalConfig.DEFAULT_OPEN_REQUESTS_KEPT, 5);
      terminals.add(Terminal.open(config, key, SqliteStorage.open(dir.resolve("terminal-" + i + ".db")),
          Clock.systemUTC(), new SecureRandom()));
    }
    return terminals;
  }

  private static void install(TestServer server, Aboard flight, List<Terminal> terminals) {
    byte[] bundle = Base64.getDecoder().decode(TestServer.check(server.get("/v1/flights/" + flight.flightId
        + "/trust-bundle", flight.airline.merchantKey()), 200).json().get("bundle").asText());
    terminals.forEach(terminal -> assertThat(terminal.installBundle(bundle).isAccepted()).isTrue());
  }

  /** The passenger's wallet and a copy of its whole storage and sealed key on a second device. */
  private static Wallet[] copied(URI url, List<IssuerKey> issuerKeys, Path dir, Passenger passenger)
      throws Exception {
    passenger.store().close();
    for (String file : List.of("wallet-0.db", "device-0.key")) {
      Files.copy(dir.resolve(file), dir.resolve("clone-" + file));
    }
    return new Wallet[] {reopen(url, issuerKeys, dir, "", passenger.token()),
        reopen(url, issuerKeys, dir, "clone-", passenger.token())};
  }

  private static Wallet reopen(URI url, List<IssuerKey> issuerKeys, Path dir, String prefix, String token)
      throws Exception {
    SqliteWalletStore store = SqliteWalletStore.open(dir.resolve(prefix + "wallet-0.db"));
    PassphraseKeyProvider keys = new PassphraseKeyProvider(dir.resolve(prefix + "device-0.key"),
        "passphrase".toCharArray(), TEST_KDF, new SecureRandom());
    return Wallet.open(Wallet.Config.of(issuerKeys), store, keys,
        new HttpIssuerClient(url, token, issuerKeys, QUICK, d -> { }), Clock.systemUTC());
  }

  private static Passenger passenger(TestServer server, URI url, List<IssuerKey> issuerKeys, Path dir, int n,
      long flightId, long openingMinor) throws Exception {
    JsonNode created = TestServer.check(server.post("/v1/accounts", TestServer.ADMIN_KEY, Map.of(
        "displayName", "Passenger " + n, "identityLevel", 3, "currency", "CNY", "openingBalanceMinor", openingMinor)),
        201).json();
    String token = created.get("walletToken").asText();
    SqliteWalletStore store = SqliteWalletStore.open(dir.resolve("wallet-" + n + ".db"));
    PassphraseKeyProvider keys = new PassphraseKeyProvider(dir.resolve("device-" + n + ".key"),
        "passphrase".toCharArray(), TEST_KDF, new SecureRandom());
    Wallet wallet = Wallet.open(Wallet.Config.of(issuerKeys), store, keys,
        new HttpIssuerClient(url, token, issuerKeys, QUICK, d -> { }), Clock.systemUTC());
    wallet.enrol(flightId).value();
    return new Passenger(created.at("/account/id").asLong(), openingMinor, wallet, store, token);
  }

  /** One sale: a handshake (kind 0) or a one-scan code, compact (1) or self-contained (2). */
  private static Sale pay(Wallet wallet, Terminal terminal, Money amount, int kind) throws Exception {
    IssuedCode code;
    if (kind == 0) {
      var request = terminal.createRequest(amount, List.of()).value();
      code = wallet.confirm(wallet.readRequest(request.qrText()).value()).value();
    } else {
      code = wallet.payAmount(amount, kind == 1 ? CodeForm.COMPACT : CodeForm.SELF_CONTAINED).value();
    }
    var verdict = terminal.accept(code.qrText());
    assertThat(verdict.isAccepted()).as("terminal accepts: %s", verdict).isTrue();
    return verdict.value();
  }

  private static void sync(Wallet wallet) {
    try {
      assertThat(wallet.sync().complete()).isTrue();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
