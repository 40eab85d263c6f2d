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
    assertThat(report).doesNotContain("DISAGREE").doesNotContain("DO NOT AGREE");
    assertThat(report).contains("a forged code").contains("BAD_SIGNATURE");
    assertThat(report).contains("a photo of").contains("3 minutes later").contains("ONE_SCAN_CODE_STALE");
    assertThat(report).doesNotContain("CONFLICT").contains("double_spend");
    assertThat(report).contains("owes").contains("(in_arrears)");
    assertThat(report).contains("-> agrees").contains("ledger check:        balanced, every currency sums to zero");
  }

  @Test
  void theReport_showsCabinSync_refusingACopyInContact_andOnePartitionThatHeals() {
    String report = first.out();
    // In contact, the second cart refuses the clone's counter because it merged the first cart's digest.
    assertThat(report).contains("with the same counter, the carts in contact")
        .contains("-> cabin sync: T2 had merged T1's digest; refused, REPLAYED_COUNTER");
    // The last terminal is cut off, notices it, and takes one payment per passenger until it is back.
    assertThat(report).contains("T3 (Duty-free cart) lost the cabin network 150 s ago: partition")
        .contains("-> cabin status at T3: 0 of 2 peers in contact, 2 out of contact, open exposure");
    assertThat(report).contains("the clone 35.00 at T3 (cut off) with the same counter")
        .contains("both accepted offline: the cut-off cart cannot know of the other");
    assertThat(report).contains("refused, OVER_TOTAL_LIMIT: this cart is out of contact with the cabin");
    // The partition heals and every cart holds the same view again.
    assertThat(report).contains("T3 is back on the cabin network: the partition heals")
        .contains("-> cabin status at T3: 2 of 2 peers in contact, 0 out of contact")
        .contains("every cart holds the same view of the cabin again");
    assertThat(report).contains("Cabin sync (signed digests between the terminals; out of contact after 120 s unheard)")
        .contains(" merged, 0 refused")
        .containsPattern("partition: +T3 cut off from \\+\\d:\\d\\d to \\+\\d:\\d\\d; [1-9]\\d* payments? refused while out of contact")
        .contains("after healing:       the carts agree");
  }

  @Test
  void aSmallerFlight_refusesTheCloneInContactForItsCounter_notForAStaleCode() {
    // Fewer passengers leave longer gaps between sales; the clone's code is still scanned fresh.
    Cli.Result small = Cli.run("demo", "--seed", SEED, "--quiet", "--passengers", "6", "--terminals", "3",
        "--db-url", TestDatabases.fresh());
    assertThat(small.exitCode()).as(small.toString()).isZero();
    assertThat(small.out()).contains("-> cabin sync: T2 had merged T1's digest; refused, REPLAYED_COUNTER")
        .contains("both accepted offline: the cut-off cart cannot know of the other");
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
    // Cabin sync with two terminals: the second is the one cut off, and the carts agree once it heals.
    JsonNode cabin = report.get("cabin");
    assertThat(cabin.get("cutOff").asText()).isEqualTo("T2");
    assertThat(cabin.get("digestsMerged").asInt()).isPositive();
    assertThat(cabin.get("digestsRefused").asInt()).isZero();
    assertThat(cabin.get("partitionFrom").asText()).startsWith("+");
    assertThat(cabin.get("partitionUntil").asText()).startsWith("+");
    assertThat(cabin.get("agreeAfterHealing").asBoolean()).isTrue();
    assertThat(report.get("events").toString()).contains("cabin sync: T2 had merged T1's digest; refused, REPLAYED_COUNTER")
        .contains("T2 (Aft galley) lost the cabin network 150 s ago: partition")
        .contains("T2 is back on the cabin network");
    for (JsonNode p : report.get("passengers")) {
      if (!p.get("enrolled").asBoolean()) {
        assertThat(p.get("refusalReason").asText()).isEqualTo("score_too_low");
      }
    }
  }
}
