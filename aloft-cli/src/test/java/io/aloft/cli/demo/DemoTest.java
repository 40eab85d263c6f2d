package io.aloft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.http.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code aloft demo}: a whole flight, the same report for the same seed, and a report that adds up. */
class DemoTest {
  private static final String SEED = "20260601";
  private static Cli.Result first;
  private static Cli.Result second;

  @BeforeAll
  static void flyTwice() {
    // Each run gets its own fresh database in the shared test PostgreSQL, as its own server would.
    first = Cli.run("demo", "--seed", SEED, "--db-url", TestDatabases.fresh());
    second = Cli.run("demo", "--seed", SEED, "--quiet", "--db-url", TestDatabases.fresh());
  }

  @Test
  void theSameSeed_printsTheSameReport() {
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(first.err()).contains("demo: in flight");
    assertThat(second.err()).doesNotContain("demo:");
  }

  @Test
  void theReport_tellsEachRefusedPassengerWhy_andShowsEveryMomentOfTheFlight() {
    String report = first.out();
    assertThat(report).contains("refused (score_too_low): Your payment score is");
    assertThat(report).contains("refunds one").contains("signed refund note journaled");
    assertThat(report).contains("OVER_PAYMENT_LIMIT");
    assertThat(report).contains("crashes with").contains("journal intact");
    assertThat(report).contains("accepted by the restarted terminal: paid");
    assertThat(report).contains("phone is cloned").contains("both accepted offline");
    assertThat(report).contains("REPLAYED_COUNTER");
    assertThat(report).contains("a forged code").contains("BAD_SIGNATURE");
    assertThat(report).contains("a photo of").contains("3 minutes later").contains("ONE_SCAN_CODE_STALE");
    assertThat(report).doesNotContain("CONFLICT").contains("double_spend");
    assertThat(report).contains("owes").contains("(in_arrears)");
    assertThat(report).contains("-> agrees").contains("ledger check:        balanced, every currency sums to zero");
  }

  @Test
  void json_totalsAgreeWithTheServersLedger() throws Exception {
    Cli.Result json = Cli.run("demo", "--seed", SEED, "--quiet", "--json", "--passengers", "5", "--terminals", "2",
        "--db-url", TestDatabases.fresh());
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode report = ApiClient.json().readTree(json.out());
    long journaledNet = 0;
    for (JsonNode t : report.get("terminals")) {
      journaledNet += t.get("salesMinor").asLong() - t.get("refundedMinor").asLong();
    }
    JsonNode settled = report.at("/landing/settled");
    // Every journaled sale is paid, the cloned wallet's two payments with one counter included.
    assertThat(settled.get("journaledNetMinor").asLong()).isEqualTo(journaledNet);
    assertThat(settled.get("salesMinor").asLong() - settled.get("refundsMinor").asLong()).isEqualTo(journaledNet);
    assertThat(settled.get("notPaidMinor").asLong()).isZero();
    // The ledger owes the airline exactly the net payable of its only flight.
    assertThat(settled.get("merchantLedgerMinor").asLong()).isEqualTo(settled.get("netPayableMinor").asLong());
    assertThat(settled.get("agrees").asBoolean()).isTrue();
    assertThat(report.at("/landing/ledgerCheck").asText()).startsWith("balanced");
    assertThat(report.at("/landing/arrears")).hasSize(1);
    for (JsonNode p : report.get("passengers")) {
      if (!p.get("enrolled").asBoolean()) {
        assertThat(p.get("refusalReason").asText()).isEqualTo("score_too_low");
      }
    }
  }
}
