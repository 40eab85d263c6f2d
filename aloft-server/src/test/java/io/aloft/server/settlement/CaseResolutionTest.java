package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.money.Money;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import io.aloft.testkit.Api.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolving cases through {@code POST /v1/cases/{id}/resolution} on a real server and PostgreSQL,
 * with cases made by real settlement of flights built through the API: each resolution moves what
 * docs/settlement.md says, the ledger check stays balanced, the case closes once, and bad input,
 * an unknown case, a resolution that does not fit and an airline key are refused with typed
 * problems.
 */
class CaseResolutionTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A cap code charged 30.00 at cart A and 20.00 at cart B: the payer pays 20.00, the guarantee 30.00. */
  private record Replay(Aboard flight, Passenger payer, long caseId) {}

  private static Replay replay(long balanceMinor) {
    Aboard flight = new Aboard(server, 2);
    Passenger payer = flight.passenger(balanceMinor);
    flight.board();
    PaymentAuthorization cap = flight.sign(payer, AuthorizationKind.ONE_SCAN_CAP, 5_000, false, Bytes.empty(),
        Optional.empty());
    Sale atA = flight.accept(flight.terminals.get(0), payer, cap, Optional.empty(), Optional.of(Money.of(3_000, "CNY")));
    Sale atB = flight.accept(flight.terminals.get(1), payer, cap, Optional.empty(), Optional.of(Money.of(2_000, "CNY")));
    flight.upload(flight.batch(atA.terminal(), List.of(atA.entry())));
    flight.upload(flight.batch(atB.terminal(), List.of(atB.entry())));
    return new Replay(flight, payer, caseOf(payer, "replay"));
  }

  /** A cloned wallet: 20.00 at cart A and 25.00 at cart B under one counter, both charged to the payer. */
  private record Clone(Aboard flight, Passenger payer, long caseId) {}

  private static Clone clone(long balanceMinor) {
    Aboard flight = new Aboard(server, 2);
    Passenger payer = flight.passenger(balanceMinor);
    flight.board();
    Sale original = flight.oneScan(flight.terminals.get(0), payer, 2_000, false);
    payer.counter--;
    payer.cumulativeMinor -= 2_000;
    Sale copy = flight.oneScan(flight.terminals.get(1), payer, 2_500, false);
    flight.upload(flight.batch(original.terminal(), List.of(original.entry())));
    flight.upload(flight.batch(copy.terminal(), List.of(copy.entry())));
    return new Clone(flight, payer, caseOf(payer, "double_spend"));
  }

  private static long caseOf(Passenger payer, String kind) {
    return server.number("SELECT id FROM cases WHERE kind = '" + kind + "' AND account_id = " + payer.accountId);
  }

  private static Response resolve(long caseId, String resolution, String note) {
    return server.post("/v1/cases/" + caseId + "/resolution", TestServer.ADMIN_KEY,
        Map.of("resolution", resolution, "note", note));
  }

  private static JsonNode account(Passenger payer) {
    return TestServer.check(server.get("/v1/accounts/" + payer.accountId, TestServer.ADMIN_KEY), 200).json();
  }

  private static void assertBalanced() {
    JsonNode check = TestServer.check(server.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
  }

  private static long guarantee() {
    return server.number("SELECT coalesce(sum(balance_minor), 0) FROM ledger_accounts WHERE kind = 'guarantee'"
        + " AND currency = 'CNY'");
  }

  private static List<String> offered(JsonNode file) {
    List<String> names = new ArrayList<>();
    file.get("resolutions").forEach(offer -> names.add(offer.get("resolution").asText()));
    return names;
  }

  @Test
  void aReplayCase_showsBothAcceptancesDecoded_andChargingThePayer_paysTheGuaranteeBack() {
    Replay replay = replay(100_000);
    JsonNode file = TestServer.check(server.get("/v1/cases/" + replay.caseId(), TestServer.ADMIN_KEY), 200).json();
    assertThat(file.get("kind").asText()).isEqualTo("replay");
    assertThat(file.get("acceptances")).hasSize(2);
    List<String> fundedBy = new ArrayList<>();
    file.get("acceptances").forEach(a -> {
      assertThat(a.get("authorizationKind").asText()).isEqualTo("one_scan_cap");
      assertThat(a.get("signedAmountMinor").asLong()).isEqualTo(5_000);
      fundedBy.add(a.at("/settled/fundedBy").asText() + " " + a.get("receiptChargedMinor").asLong());
    });
    assertThat(fundedBy).containsExactlyInAnyOrder("payer 2000", "guarantee 3000");
    assertThat(offered(file)).containsExactly("charge_payer", "confirm");
    assertThat(file.at("/resolutions/0/payerMinor").asLong()).isEqualTo(3_000);
    long guaranteeBefore = guarantee();

    Response resolved = resolve(replay.caseId(), "charge_payer", "The passenger showed the photo at cart B himself.");
    TestServer.check(resolved, 200);
    assertThat(resolved.json().get("status").asText()).isEqualTo("closed");
    assertThat(resolved.json().at("/resolution/resolution").asText()).isEqualTo("charge_payer");
    assertThat(resolved.json().at("/resolution/payerMinor").asLong()).isEqualTo(3_000);
    assertThat(resolved.json().at("/resolution/resolvedBy").asText()).isEqualTo("admin");
    assertThat(resolved.json().get("resolutions")).isEmpty();
    assertThat(account(replay.payer()).at("/balance/amountMinor").asLong()).isEqualTo(100_000 - 2_000 - 3_000);
    assertThat(guarantee()).isEqualTo(guaranteeBefore - 3_000);
    assertBalanced();

    String requestId = resolved.header("Request-Id");
    assertThat(requestId).matches("[0-9a-f]{16}");
    assertThat(server.text("SELECT request_id FROM audit_log WHERE action = 'case.resolved' AND subject = 'case "
        + replay.caseId() + "'")).isEqualTo(requestId);
    assertThat(resolved.json().at("/resolution/requestId").asText()).isEqualTo(requestId);

    Response again = resolve(replay.caseId(), "confirm", "Trying once more.");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("type").asText()).isEqualTo("urn:aloft:problem:case-closed");
    assertThat(account(replay.payer()).at("/balance/amountMinor").asLong()).isEqualTo(95_000);
  }

  @Test
  void chargingThePayer_beyondTheirFunds_putsTheRestIntoArrears_andSuspendsOfflineUse() {
    Replay replay = replay(2_500);
    TestServer.check(resolve(replay.caseId(), "charge_payer", "Complicit."), 200);
    JsonNode account = account(replay.payer());
    assertThat(account.at("/balance/amountMinor").asLong()).isZero();
    assertThat(account.at("/arrears/amountMinor").asLong()).isEqualTo(3_000 - 500);
    assertThat(account.get("status").asText()).isEqualTo("in_arrears");
    assertThat(server.number("SELECT count(*) FROM credentials WHERE revoked_at IS NULL AND account_id = "
        + replay.payer().accountId)).isZero();
    assertBalanced();
  }

  @Test
  void aDoubleSpendCase_offersTheCreditOfTheFurtherContent_andCreditingPaysItFromTheGuarantee() {
    Clone clone = clone(100_000);
    JsonNode file = TestServer.check(server.get("/v1/cases/" + clone.caseId(), TestServer.ADMIN_KEY), 200).json();
    assertThat(file.get("acceptances")).hasSize(2);
    List<String> digests = new ArrayList<>();
    file.get("acceptances").forEach(a -> digests.add(a.get("contentDigest").asText()));
    assertThat(digests).as("two authorizations under one counter").doesNotHaveDuplicates();
    assertThat(offered(file)).as("no arrears, so nothing to write off").containsExactly("credit_payer", "confirm");
    assertThat(file.at("/resolutions/0/payerMinor").asLong()).as("all but the cheaper content").isEqualTo(2_500);

    Response misfit = resolve(clone.caseId(), "write_off", "Nothing to write off.");
    assertThat(misfit.status()).isEqualTo(422);
    assertThat(misfit.json().get("type").asText()).isEqualTo("urn:aloft:problem:resolution-not-offered");
    Response wrongKind = resolve(clone.caseId(), "charge_payer", "Not a replay.");
    assertThat(wrongKind.status()).isEqualTo(422);

    long guaranteeBefore = guarantee();
    TestServer.check(resolve(clone.caseId(), "credit_payer", "The phone was stolen and cloned."), 200);
    JsonNode account = account(clone.payer());
    assertThat(account.at("/balance/amountMinor").asLong()).isEqualTo(100_000 - 4_500 + 2_500);
    assertThat(account.get("status").asText()).as("the suspension stays").isEqualTo("suspended");
    assertThat(guarantee()).isEqualTo(guaranteeBefore + 2_500);
    assertBalanced();
  }

  @Test
  void writingOffADoubleSpend_movesItsArrearsToTheGuarantee_andThePayerStillOwesThem() {
    Clone clone = clone(3_000);
    JsonNode before = account(clone.payer());
    assertThat(before.at("/arrears/amountMinor").asLong()).isEqualTo(1_500);
    JsonNode file = TestServer.check(server.get("/v1/cases/" + clone.caseId(), TestServer.ADMIN_KEY), 200).json();
    assertThat(offered(file)).containsExactly("credit_payer", "write_off", "confirm");
    assertThat(file.at("/resolutions/1/payerMinor").asLong()).isEqualTo(1_500);
    long guaranteeBefore = guarantee();

    TestServer.check(resolve(clone.caseId(), "write_off", "Unrecoverable."), 200);
    JsonNode after = account(clone.payer());
    assertThat(after.at("/arrears/amountMinor").asLong()).isZero();
    assertThat(after.at("/writtenOff/amountMinor").asLong()).isEqualTo(1_500);
    assertThat(guarantee()).isEqualTo(guaranteeBefore + 1_500);
    assertThat(server.text("SELECT e.kind FROM case_resolutions r JOIN ledger_entries e ON e.id = r.ledger_entry_id"
        + " WHERE r.case_id = " + clone.caseId())).isEqualTo("write_off");
    assertBalanced();
  }

  @Test
  void confirming_closesTheCase_withoutAnEntry() {
    Clone clone = clone(100_000);
    long entries = server.number("SELECT count(*) FROM ledger_entries");
    TestServer.check(resolve(clone.caseId(), "confirm", "Known fraud, account suspended."), 200);
    assertThat(server.number("SELECT count(*) FROM ledger_entries")).isEqualTo(entries);
    assertThat(server.text("SELECT status FROM cases WHERE id = " + clone.caseId())).isEqualTo("closed");
    assertBalanced();
  }

  @Test
  void theSameIdempotencyKey_resolvesOnce_andAnswersTheSameAgain() {
    Replay replay = replay(100_000);
    Map<String, Object> body = Map.of("resolution", "charge_payer", "note", "Once.");
    Map<String, String> key = Map.of("Idempotency-Key", "resolve-" + replay.caseId());
    Response first = server.post("/v1/cases/" + replay.caseId() + "/resolution", TestServer.ADMIN_KEY, body, key);
    Response second = server.post("/v1/cases/" + replay.caseId() + "/resolution", TestServer.ADMIN_KEY, body, key);
    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(account(replay.payer()).at("/balance/amountMinor").asLong()).isEqualTo(95_000);
    assertThat(server.number("SELECT count(*) FROM audit_log WHERE subject = 'case " + replay.caseId() + "'"))
        .isEqualTo(1);
  }

  @Test
  void badInput_anUnknownCase_andAnAirlineKey_areRefusedWithTypedProblems() {
    Replay replay = replay(100_000);
    String path = "/v1/cases/" + replay.caseId() + "/resolution";
    assertProblem(server.post(path, TestServer.ADMIN_KEY, Map.of("resolution", "refund", "note", "x")), 400,
        "invalid-request");
    assertProblem(server.post(path, TestServer.ADMIN_KEY, Map.of("resolution", "confirm")), 400, "invalid-request");
    assertProblem(server.post(path, TestServer.ADMIN_KEY, Map.of("resolution", "confirm", "note", "  ")), 400,
        "invalid-request");
    assertProblem(server.post(path, TestServer.ADMIN_KEY, Map.of("resolution", "confirm", "note", "x".repeat(1001))),
        400, "invalid-request");
    assertProblem(server.post(path, TestServer.ADMIN_KEY, Map.of("resolution", "confirm", "note", "a\u202Eb")), 400,
        "invalid-request");
    assertProblem(server.post(path, TestServer.ADMIN_KEY, Map.of("resolution", "confirm", "note", "x", "amount", 5)),
        400, "invalid-request");
    assertProblem(server.post(path, TestServer.ADMIN_KEY, "not json"), 400, "invalid-request");
    assertProblem(server.post("/v1/cases/999999999/resolution", TestServer.ADMIN_KEY,
        Map.of("resolution", "confirm", "note", "x")), 404, "not-found");
    assertProblem(server.get("/v1/cases/abc", TestServer.ADMIN_KEY), 404, "not-found");
    String airlineKey = replay.flight().airline.merchantKey();
    assertProblem(server.post(path, airlineKey, Map.of("resolution", "confirm", "note", "x")), 403, "forbidden");
    assertThat(server.text("SELECT status FROM cases WHERE id = " + replay.caseId())).isEqualTo("open");

    JsonNode seenByAirline = TestServer.check(server.get("/v1/cases/" + replay.caseId(), airlineKey), 200).json();
    assertThat(seenByAirline.get("acceptances")).hasSize(2);
    assertThat(seenByAirline.get("accountId").isNull()).isTrue();
    assertThat(seenByAirline.get("resolutions")).isEmpty();
    String otherAirline = server.airline().merchantKey();
    assertProblem(server.get("/v1/cases/" + replay.caseId(), otherAirline), 404, "not-found");
    assertProblem(server.get("/v1/cases/999999999", otherAirline), 404, "not-found");
  }

  private static void assertProblem(Response response, int status, String slug) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:" + slug);
  }
}
