package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.money.Money;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Upload order changes no balance. For a clone, a replay and a split-spend flight, every
 * permutation of the flight's uploads (terminal batches and wallet uploads, a duplicate among
 * them) runs on a fresh database of the shared PostgreSQL, through the real HTTP API; each run's
 * ledger (the payer's funds and arrears, the merchant, fee income and guarantee accounts), the
 * account's standing and cases, and the outcomes that do not depend on order must be the same,
 * and equal to what the rules say. Every rule-abiding sale is paid in every order: this is the
 * "Merchants paid" figure of docs/risk.md.
 */
class UploadOrderTest {
  private static final String CNY = "CNY";

  /** Every entry of the upload is paid, by this upload or an earlier one, whatever came before. */
  private static final Set<SettlementOutcome> PAID = EnumSet.of(SettlementOutcome.SETTLED, SettlementOutcome.DUPLICATE);
  /** A bill without a receipt: paid already, or waiting for its terminal. */
  private static final Set<SettlementOutcome> PAID_OR_WAITING = EnumSet.of(SettlementOutcome.DUPLICATE,
      SettlementOutcome.PENDING);

  /** One upload of a flight: what it sends, and the outcomes each of its entries may get whatever came before. */
  private record Upload(String name, Supplier<SettlementReport> send, Set<SettlementOutcome> each) {}

  /** A flight staged on a fresh server: its uploads and who is who. */
  private record Staged(Aboard flight, Passenger payer, List<Upload> uploads) {}

  /** What must not depend on order. */
  private record Ledger(long payerBalanceMinor, long payerArrearsMinor, long merchantMinor, long feeIncomeMinor,
      long guaranteeMinor, String status, long doubleSpendCases, long replayCases, boolean revoked,
      boolean balanced) {}

  @Test
  void aClonedWallet_paysBothMerchants_andChargesThePayerBoth_inEveryOrder() {
    Ledger expected = new Ledger(100_000 - 2_000 - 2_500, 0, -(2_000 - 12) - (2_500 - 15), -(12 + 15), 0,
        "suspended", 1, 0, true, true);
    everyOrder(server -> {
      Aboard flight = new Aboard(server, 2);
      Passenger payer = flight.passenger(100_000);
      flight.board();
      Sale original = flight.oneScan(flight.terminals.get(0), payer, 2_000, false);
      payer.counter--;
      payer.cumulativeMinor -= 2_000;
      Sale clone = flight.oneScan(flight.terminals.get(1), payer, 2_500, false);
      assertThat(clone.id()).isEqualTo(original.id());
      return new Staged(flight, payer, List.of(
          new Upload("batch A", () -> flight.upload(flight.batch(original.terminal(), List.of(original.entry()))),
              PAID),
          new Upload("batch B", () -> flight.upload(flight.batch(clone.terminal(), List.of(clone.entry()))),
              PAID),
          new Upload("clone's bill with receipt", () -> flight.upload(payer, List.of(clone.bill(true))), PAID),
          new Upload("original's bill without receipt", () -> flight.upload(payer, List.of(original.bill(false))),
              PAID_OR_WAITING)));
    }, expected);
  }

  /**
   * A screenshot of a cap code charged 30.00 at cart A and 20.00 at cart B: both merchants are
   * paid what they charged, the payer is charged once, the lower (what the two receipts agree the
   * payer owes at least), and the guarantee pays the rest.
   */
  @Test
  void aReplayedCode_paysEachMerchant_chargesThePayerOnce_andTheGuaranteePaysTheRest_inEveryOrder() {
    Ledger expected = new Ledger(100_000 - 2_000, 0, -(3_000 - 18) - (2_000 - 12), -(18 + 12), 3_000,
        "active", 0, 1, false, true);
    everyOrder(server -> {
      Aboard flight = new Aboard(server, 2);
      Passenger payer = flight.passenger(100_000);
      flight.board();
      PaymentAuthorization cap = flight.sign(payer, AuthorizationKind.ONE_SCAN_CAP, 5_000, false, Bytes.empty(),
          Optional.empty());
      Sale atA = flight.accept(flight.terminals.get(0), payer, cap, Optional.empty(), Optional.of(Money.of(3_000, CNY)));
      Sale atB = flight.accept(flight.terminals.get(1), payer, cap, Optional.empty(), Optional.of(Money.of(2_000, CNY)));
      var batchB = flight.batch(atB.terminal(), List.of(atB.entry()));
      return new Staged(flight, payer, List.of(
          new Upload("batch A", () -> flight.upload(flight.batch(atA.terminal(), List.of(atA.entry()))),
              PAID),
          new Upload("batch B", () -> flight.upload(batchB), PAID),
          new Upload("batch B resent", () -> flight.upload(batchB), PAID),
          new Upload("bill of A with receipt", () -> flight.upload(payer, List.of(atA.bill(true))), PAID)));
    }, expected);
  }

  /**
   * A passenger with their own key spends the total limit (200.00) at cart A, then signs 50.00 at
   * cart B as if nothing had been spent: B could not know. Every cart is paid, the payer is
   * charged 250.00, and it is one double spend.
   */
  @Test
  void spendSplitAcrossCartsBeyondTheTotalLimit_isPaidEverywhere_andIsOneDoubleSpend_inEveryOrder() {
    Ledger expected = new Ledger(100_000 - 25_000, 0, -5 * (5_000 - 30), -5 * 30, 0, "suspended", 1, 0, true, true);
    everyOrder(server -> {
      Aboard flight = new Aboard(server, 2);
      Passenger payer = flight.passenger(100_000);
      flight.board();
      Aboard.Crew a = flight.terminals.get(0);
      Aboard.Crew b = flight.terminals.get(1);
      List<Sale> atA = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        atA.add(flight.oneScan(a, payer, 5_000, false));
      }
      payer.cumulativeMinor = 0;
      Sale atB = flight.oneScan(b, payer, 5_000, false);
      var batchB = flight.batch(b, List.of(atB.entry()));
      return new Staged(flight, payer, List.of(
          new Upload("batch A", () -> flight.upload(flight.batch(a, atA.stream().map(Sale::entry)
              .map(io.aloft.protocol.message.BatchEntry.class::cast).toList())), PAID),
          new Upload("batch B", () -> flight.upload(batchB), PAID),
          new Upload("batch B resent", () -> flight.upload(batchB), PAID),
          new Upload("bills of A's last and B's with receipts",
              () -> flight.upload(payer, List.of(atA.get(3).bill(true), atB.bill(true))), PAID)));
    }, expected);
  }

  /** Runs every permutation of the staged uploads, each on a fresh server and database. */
  private static void everyOrder(Function<TestServer, Staged> stage, Ledger expected) {
    Map<String, Ledger> byOrder = new LinkedHashMap<>();
    int uploads = -1;
    for (int run = 0; uploads < 0 || run < factorial(uploads); run++) {
      try (TestServer server = TestServer.start()) {
        Staged staged = stage.apply(server);
        uploads = staged.uploads().size();
        List<Upload> order = permutation(staged.uploads(), run);
        String name = String.join(", ", order.stream().map(Upload::name).toList());
        for (Upload upload : order) {
          SettlementReport report = upload.send().get();
          assertThat(report.entries()).extracting(SettlementReport.Entry::outcome).as(upload.name() + " in " + name)
              .isNotEmpty().allMatch(upload.each()::contains);
        }
        byOrder.put(name, ledger(server, staged));
      }
    }
    assertThat(byOrder).hasSize(factorial(uploads));
    byOrder.forEach((order, ledger) -> assertThat(ledger).as(order).isEqualTo(expected));
  }

  private static Ledger ledger(TestServer server, Staged staged) {
    long accountId = staged.payer().accountId;
    long airlineId = staged.flight().airline.id();
    String serial = "'\\x" + java.util.HexFormat.of().formatHex(staged.payer().credential.serial().value().toByteArray())
        + "'::bytea";
    var check = TestServer.check(server.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
    return new Ledger(
        server.number("SELECT balance_minor FROM accounts WHERE id = " + accountId),
        server.number("SELECT arrears_minor FROM accounts WHERE id = " + accountId),
        balance(server, "merchant", airlineId),
        balance(server, "fee_income", 0),
        balance(server, "guarantee", 0),
        server.get("/v1/accounts/" + accountId, TestServer.ADMIN_KEY).json().get("status").asText(),
        server.number("SELECT count(*) FROM cases WHERE kind = 'double_spend' AND serial = " + serial),
        server.number("SELECT count(*) FROM cases WHERE kind = 'replay' AND serial = " + serial),
        server.number("SELECT count(*) FROM credentials WHERE revoked_at IS NOT NULL AND serial = " + serial) == 1,
        check.get("balanced").asBoolean());
  }

  private static long balance(TestServer server, String kind, long ownerId) {
    return server.number("SELECT coalesce(sum(balance_minor), 0) FROM ledger_accounts WHERE kind = '" + kind
        + "' AND owner_id = " + ownerId + " AND currency = 'CNY'");
  }

  private static int factorial(int n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
  }

  /** The {@code index}-th permutation of {@code items} (factorial number system). */
  private static <T> List<T> permutation(List<T> items, int index) {
    List<T> left = new ArrayList<>(items);
    List<T> order = new ArrayList<>(items.size());
    for (int n = items.size(); n > 0; n--) {
      int f = factorial(n - 1);
      order.add(left.remove(index / f));
      index %= f;
    }
    return order;
  }
}
