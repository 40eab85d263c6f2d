package io.aloft.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /v1/ledger/entries}: the operator pages through balanced entries; others and bad
 * filters are refused (its paging as every list's: ListPagingTest).
 */
class LedgerRoutesTest {
  private static TestServer server;
  private static TestServer.AccountFixture first;
  private static TestServer.AirlineFixture airline;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    first = server.account(700, 5_000);
    server.account(700, 7_000);
    server.account(700, 9_000);
    airline = server.airline();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theOperator_pagesThroughEntriesNewestFirst_eachBalanced() {
    JsonNode page = TestServer.check(server.get("/v1/ledger/entries?limit=2", TestServer.ADMIN_KEY), 200).json();
    assertThat(page.get("data")).hasSize(2);
    assertThat(page.get("hasMore").asBoolean()).isTrue();
    long firstId = page.at("/data/0/id").asLong();
    long secondId = page.at("/data/1/id").asLong();
    assertThat(firstId).isGreaterThan(secondId);
    for (JsonNode entry : page.get("data")) {
      assertThat(entry.get("balanced").asBoolean()).isTrue();
      long sum = 0;
      for (JsonNode posting : entry.get("postings")) {
        sum += posting.get("amountMinor").asLong();
      }
      assertThat(sum).isZero();
    }
    JsonNode next = server.get("/v1/ledger/entries?limit=2&starting_after=" + secondId, TestServer.ADMIN_KEY).json();
    assertThat(next.at("/data/0/id").asLong()).isLessThan(secondId);

    JsonNode ofFirst = server.get("/v1/ledger/entries?account_kind=payer&owner=" + first.id(), TestServer.ADMIN_KEY)
        .json();
    assertThat(ofFirst.get("data")).singleElement().satisfies(entry -> {
      assertThat(entry.get("accountId").asLong()).isEqualTo(first.id());
      assertThat(entry.get("kind").asText()).isEqualTo("opening_balance");
    });
  }

  @Test
  void anAirline_isRefused() {
    assertThat(server.get("/v1/ledger/entries", airline.merchantKey()).status()).isEqualTo(403);
    assertThat(server.get("/v1/ledger/entries", null).status()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"entry_kind=nonsense", "account_kind=PAYER", "owner=-1", "owner=1e3"})
  void badParameters_areRefusedInWords(String query) {
    TestServer.Response response = server.get("/v1/ledger/entries?" + query, TestServer.ADMIN_KEY);
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:invalid-request");
    assertThat(response.json().get("detail").asText()).contains("Query parameter");
  }
}
