package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.server.TestServer;
import io.aloft.server.db.Database;
import io.aloft.testkit.Api.Response;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key records older than their maximum age (7 days by default) are pruned in batches;
 * younger ones stay, and a retry within the age still gets the first answer. Real PostgreSQL: the
 * records are made through the API and aged in the table.
 */
class IdempotencyPruningTest {
  private static TestServer server;
  private static Database database;
  private static Idempotency idempotency;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    database = Database.open(server.databaseUrl(), null, null, new SimpleMeterRegistry());
    idempotency = new Idempotency(database, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    database.close();
    server.close();
  }

  private static Response create(String name, String key) {
    return server.post("/v1/accounts", TestServer.ADMIN_KEY, Map.of("displayName", name, "identityLevel", 3,
        "currency", "CNY", "openingBalanceMinor", 1000), Map.of(Idempotency.HEADER, key));
  }

  private static void age(String key, Duration age) {
    assertThat(server.sql("UPDATE idempotency_records SET created_at = now() - make_interval(secs => ?)"
        + " WHERE idempotency_key = ?", (double) age.toSeconds(), key)).isEqualTo(1);
  }

  private static long kept(String key) {
    return server.number("SELECT count(*) FROM idempotency_records WHERE idempotency_key = '" + key + "'");
  }

  private static long accounts() {
    return server.number("SELECT count(*) FROM accounts");
  }

  @Test
  void recordsOlderThanTheAge_arePruned_youngerOnesStay_andARetryWithinTheAgeStillReplays() {
    String prefix = UUID.randomUUID().toString();
    String old = prefix + "-old";
    String almost = prefix + "-almost";
    String fresh = prefix + "-fresh";
    Response first = TestServer.check(create("Old", old), 201);
    Response almostFirst = TestServer.check(create("Almost", almost), 201);
    Response freshFirst = TestServer.check(create("Fresh", fresh), 201);
    age(old, Duration.ofDays(7).plusHours(1));
    age(almost, Duration.ofDays(7).minusHours(1));

    IdempotencyPruning pruning = IdempotencyPruning.start(idempotency, Clock.systemUTC(),
        HttpLimits.defaults().idempotencyMaxAge());
    long pruned;
    try {
      pruned = pruning.runOnce();
    } finally {
      pruning.close();
    }

    assertThat(pruned).isEqualTo(1);
    assertThat(List.of(kept(old), kept(almost), kept(fresh))).containsExactly(0L, 1L, 1L);
    long before = accounts();
    Response almostRetry = create("Almost", almost);
    Response freshRetry = create("Fresh", fresh);
    assertThat(almostRetry.status()).isEqualTo(201);
    assertThat(almostRetry.text()).as("replayed, byte for byte").isEqualTo(almostFirst.text());
    assertThat(freshRetry.text()).isEqualTo(freshFirst.text());
    assertThat(accounts()).as("no retry within the age ran again").isEqualTo(before);
    Response oldAgain = TestServer.check(create("Old", old), 201);
    assertThat(oldAgain.json().at("/account/id").asLong()).as("a key past its age is a new request")
        .isNotEqualTo(first.json().at("/account/id").asLong());
  }

  @Test
  void aBacklog_goesInBatches_eachRunBounded_andTheNextRunTakesTheRest() {
    String prefix = UUID.randomUUID().toString();
    for (int i = 0; i < 5; i++) {
      TestServer.check(create("Backlog " + i, prefix + "-" + i), 201);
      age(prefix + "-" + i, Duration.ofDays(30));
    }
    java.time.Instant cutoff = Clock.systemUTC().instant().minus(Duration.ofDays(7));

    long firstRun = idempotency.prune(cutoff, 2, 2);
    long left = server.number("SELECT count(*) FROM idempotency_records WHERE idempotency_key LIKE '" + prefix + "-%'");
    long secondRun = idempotency.prune(cutoff, 2, 2);

    assertThat(firstRun).as("two batches of two").isEqualTo(4);
    assertThat(left).isEqualTo(1);
    assertThat(secondRun).isEqualTo(1);
    assertThat(server.number("SELECT count(*) FROM idempotency_records WHERE idempotency_key LIKE '" + prefix + "-%'"))
        .isZero();
    assertThatThrownBy(() -> idempotency.prune(cutoff, 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAgeBelowADay_isRefused_asRetriesCouldThenRunTwice() {
    assertThatThrownBy(() -> HttpLimits.defaults().withIdempotencyMaxAge(Duration.ofHours(23)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotencyMaxAge");
    assertThat(HttpLimits.defaults().withIdempotencyMaxAge(Duration.ofDays(1)).idempotencyMaxAge())
        .isEqualTo(Duration.ofDays(1));
  }
}
