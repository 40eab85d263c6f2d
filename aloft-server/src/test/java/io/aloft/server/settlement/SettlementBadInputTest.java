package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.testkit.Api.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile input to the settlement endpoints: always a 4xx problem, never a 5xx, nothing settled. */
class SettlementBadInputTest {
  private static TestServer server;
  private static Aboard flight;
  private static Passenger payer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    flight = new Aboard(server, 1);
    payer = flight.passenger(10_000);
    flight.board();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> garbage() {
    Random random = new Random(9);
    List<byte[]> bodies = new ArrayList<>(List.of(new byte[0], new byte[] {1}, new byte[] {1, 9},
        new byte[] {1, 9, 0, 0, 0, 1, 1, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F},
        new byte[] {1, 11, (byte) 0xFF, (byte) 0xFF, 0x03}, new byte[] {1, 12, 101}, "{}".getBytes()));
    for (int i = 0; i < 20; i++) {
      byte[] noise = new byte[random.nextInt(600)];
      random.nextBytes(noise);
      if (noise.length > 1) {
        noise[0] = 1;
        noise[1] = (byte) (9 + i % 4);
      }
      bodies.add(noise);
    }
    List<Arguments> cases = new ArrayList<>();
    for (byte[] body : bodies) {
      cases.add(Arguments.of("/v1/terminal-batches", body));
      cases.add(Arguments.of("/v1/wallet/bills", body));
      cases.add(Arguments.of("/v1/wallet/outcomes", body));
    }
    return cases.stream();
  }

  private static String tokenFor(String path) {
    return path.startsWith("/v1/terminal") ? flight.airline.merchantKey() : payer.token;
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("garbage")
  void malformedBodies_getA4xxProblem(String path, byte[] body) {
    Response response = server.send("POST", path, tokenFor(path), body, Map.of());

    assertThat(response.status()).as(response.text()).isBetween(400, 499);
    assertThat(response.contentType()).startsWith("application/problem+json");
  }

  @Test
  void oversizedUploads_get413_beforeTheServerReadsThemAll() {
    byte[] huge = new byte[2 * 1024 * 1024];
    huge[0] = 1;
    huge[1] = 9;
    Response response = server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(), huge, Map.of());

    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void theWrongCaller_orNoneAtAll_isRefused() {
    Aboard.Crew cart = flight.terminals.get(0);
    byte[] batch = flight.batch(cart, List.of(flight.oneScan(cart, payer, 100, false).entry())).encode();

    assertThat(server.send("POST", "/v1/terminal-batches", null, batch, Map.of()).status()).isEqualTo(401);
    assertThat(server.send("POST", "/v1/terminal-batches", payer.token, batch, Map.of()).status()).isEqualTo(403);
    assertThat(server.send("POST", "/v1/terminal-batches", server.airline().merchantKey(), batch, Map.of()).status())
        .as("another airline's key").isEqualTo(403);
    assertThat(server.send("POST", "/v1/wallet/bills", flight.airline.merchantKey(), batch, Map.of()).status())
        .isEqualTo(403);
  }

  @Test
  void aBatchSignedByAnotherKey_isA422_andABatchIdReusedWithOtherBytesIsA409() {
    Aboard.Crew cart = flight.terminals.get(0);
    BatchEntry entry = flight.oneScan(cart, payer, 100, false).entry();
    TerminalBatch forged = new TerminalBatch(cart.id, 900, Aboard.now(), List.of(entry), Bytes.empty())
        .signedBy(Devices.ed25519());
    assertThat(server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(), forged.encode(), Map.of())
        .status()).isEqualTo(422);

    TerminalBatch first = new TerminalBatch(cart.id, 901, Aboard.now(), List.of(entry), Bytes.empty())
        .signedBy(cart.key);
    TerminalBatch other = new TerminalBatch(cart.id, 901, Aboard.now(), List.of(), Bytes.empty()).signedBy(cart.key);
    TestServer.check(server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(), first.encode(),
        Map.of()), 200);
    Response reused = server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(), other.encode(), Map.of());
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.json().get("type").asText()).isEqualTo("urn:aloft:problem:batch-id-reused");
  }
}
