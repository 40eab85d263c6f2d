package io.aloft.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries against a real HTTP server on loopback: jitter, Retry-After, and their bounds. */
class RetryTest {
  private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(400), Duration.ofSeconds(2),
      Duration.ofSeconds(2), Duration.ofSeconds(2));

  /** What the server answers, one per request: status and Retry-After (null for none). */
  private record Answer(int status, String retryAfter) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Duration> waits = new ArrayList<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Answer answer = script.isEmpty() ? new Answer(200, null) : script.poll();
      if (answer.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
      }
      byte[] body = (answer.status() == 200 ? "ok" : "{\"type\":\"urn:aloft:problem:busy\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SettlementClient client(long seed) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    IssuerKey key = new IssuerKey(1, new VerificationKey(SignatureAlgorithm.ED25519, io.aloft.protocol.Bytes.of(new byte[32])));
    return new SettlementClient(base, "token", List.of(key), POLICY, waits::add, new Random(seed));
  }

  private byte[] get(SettlementClient client) throws IOException {
    return client.exchange("GET", "/thing", null, null, "*/*", null, 1024);
  }

  @Test
  void retryAfterSeconds_isAFloorOnTheWait() throws IOException {
    script.add(new Answer(429, "3"));
    script.add(new Answer(503, "1"));
    assertThat(new String(get(client(1)), StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(waits.get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void withoutRetryAfter_waitsAreJitteredWithinTheExponentialCeiling() throws IOException {
    Set<Duration> seen = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      script.add(new Answer(503, null));
      script.add(new Answer(503, "not-a-number"));
      waits.clear();
      get(client(seed * 0x9E3779B97F4A7C15L));
      assertThat(waits).hasSize(2);
      assertThat(waits.get(0)).isBetween(Duration.ZERO, POLICY.backoffAfter(1));
      assertThat(waits.get(1)).isBetween(Duration.ZERO, POLICY.backoffAfter(2));
      seen.add(waits.get(0));
    }
    assertThat(seen).as("twenty devices do not all wait the same time").hasSizeGreaterThan(10);
  }

  @Test
  void retryAfterBeyondTheBound_stopsAndSaysSo() {
    script.add(new Answer(429, String.valueOf(RetryPolicy.MAX_RETRY_AFTER.toSeconds() + 1)));
    assertThatThrownBy(() -> get(client(7))).isInstanceOf(IOException.class)
        .hasMessageContaining("retry after " + (RetryPolicy.MAX_RETRY_AFTER.toSeconds() + 1) + " s");
    assertThat(waits).isEmpty();
  }

  @Test
  void attemptsStayBounded_whenTheServerNeverRecovers() {
    for (int i = 0; i < 10; i++) {
      script.add(new Answer(503, "0"));
    }
    assertThatThrownBy(() -> get(client(3))).isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
    assertThat(waits).hasSize(POLICY.maxAttempts() - 1);
    assertThat(script).hasSize(10 - POLICY.maxAttempts());
  }

  @Test
  void retryAfterHeader_parsesDeltaSecondsOnly() {
    assertThat(SettlementClient.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(SettlementClient.retryAfter(" 5 ")).isEqualTo(Duration.ofSeconds(5));
    assertThat(SettlementClient.retryAfter(null)).isZero();
    assertThat(SettlementClient.retryAfter("-1")).isZero();
    assertThat(SettlementClient.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isZero();
    assertThat(SettlementClient.retryAfter("99999999999999")).isZero();
  }
}
