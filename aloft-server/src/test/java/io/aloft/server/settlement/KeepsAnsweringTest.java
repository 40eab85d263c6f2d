package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.http.HttpLimits;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.testkit.Api.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Slow, stalled and flooding clients, over real loopback sockets, against a real server: it keeps
 * answering everyone else, cuts the slow ones off at their deadlines, and answers floods with 429.
 */
class KeepsAnsweringTest {
  private static final int STALLED_UPLOADS = 100;
  private static final int FLOODERS = 2;
  private static final int FLOOD_REQUESTS = 1_500;

  /** Opens a connection and sends a request's line and headers, and the first bytes of its body. */
  private static Socket startRequest(int port, String method, String path, String token, long contentLength,
      byte[] firstBytes) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(5_000);
    OutputStream out = socket.getOutputStream();
    out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + contentLength + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(firstBytes);
    out.flush();
    return socket;
  }

  /** The status line, if one arrives within {@code timeoutMs}; "closed" when the server closed first, "" on a timeout. */
  private static String statusLine(Socket socket, int timeoutMs) {
    try {
      socket.setSoTimeout(timeoutMs);
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        int b = in.read();
        if (b < 0) {
          return line.length() == 0 ? "closed" : line.toString();
        }
        if (b == '\r') {
          return line.toString();
        }
        line.append((char) b);
      }
      return line.toString();
    } catch (SocketTimeoutException stillWaiting) {
      return "";
    } catch (IOException reset) {
      return "closed";
    }
  }

  private static long millisOf(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void stalledUploads_andAFloodOfBadKeys_leaveHealthAndARealTerminalUploadAnsweringWithinASecond() throws Exception {
    // The defaults, but for refused keys: the flood meets that limit within its bound however slow the machine.
    HttpLimits limits = HttpLimits.defaults().withAuthenticationFailures(HttpLimits.Rate.perMinute(200));
    try (TestServer server = quick(limits)) {
      Aboard flight = new Aboard(server, 1);
      Passenger attacker = flight.passenger(1_000);
      Passenger payer = flight.passenger(50_000);
      flight.board();
      Aboard.Crew cart = flight.terminals.get(0);
      TerminalBatch warmUp = flight.batch(cart, List.of(flight.oneScan(cart, payer, 100, false).entry()));
      TerminalBatch real = flight.batch(cart, List.of(flight.oneScan(cart, payer, 200, false).entry()));
      flight.upload(warmUp);
      int port = server.server().port();

      List<Socket> stalled = new ArrayList<>();
      ExecutorService flooders = Executors.newFixedThreadPool(FLOODERS);
      AtomicBoolean stop = new AtomicBoolean();
      try {
        for (int i = 0; i < STALLED_UPLOADS; i++) {
          stalled.add(startRequest(port, "POST", "/v1/wallet/bills", attacker.token, 100_000, new byte[] {1, 4}));
        }
        List<Future<int[]>> floods = new ArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        for (int t = 0; t < FLOODERS; t++) {
          floods.add(flooders.submit(() -> flood(server.server().baseUrl(), sent, stop)));
        }
        Thread.sleep(300);

        Response[] health = new Response[1];
        long healthMs = millisOf(() -> health[0] = server.get("/health", null));
        SettlementReport[] report = new SettlementReport[1];
        long uploadMs = millisOf(() -> report[0] = flight.upload(real));
        System.out.printf("KeepsAnsweringTest: during the attack, /health in %d ms, a batch upload in %d ms%n",
            healthMs, uploadMs);

        assertThat(health[0].status()).isEqualTo(200);
        assertThat(healthMs).as("GET /health during the attack, ms").isLessThan(1_000);
        assertThat(report[0].entries()).extracting(SettlementReport.Entry::outcome)
            .containsExactly(SettlementOutcome.SETTLED);
        assertThat(uploadMs).as("a terminal batch upload during the attack, ms").isLessThan(1_000);

        int unauthenticated = 0;
        int limited = 0;
        for (Future<int[]> flood : floods) {
          int[] counts = flood.get(60, TimeUnit.SECONDS);
          unauthenticated += counts[0];
          limited += counts[1];
        }
        assertThat(unauthenticated).as("refused keys answered 401").isPositive();
        int answered429 = 0;
        for (Socket socket : stalled) {
          if (statusLine(socket, 50).startsWith("HTTP/1.1 429")) {
            answered429++;
          }
        }
        int perCaller = HttpLimits.defaults().concurrentUploadsPerCaller();
        assertThat(answered429).as("stalled uploads past the key's %d concurrent ones", perCaller)
            .isGreaterThanOrEqualTo(STALLED_UPLOADS - perCaller);
        assertThat(limited).as("the flood, past the address's refused keys, is answered 429 (of %d sent)", sent.get())
            .isPositive();
      } finally {
        stop.set(true);
        flooders.shutdownNow();
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }

  /** Bad keys as fast as one connection allows, until told to stop or {@link #FLOOD_REQUESTS} are sent; counts 401s and 429s. */
  private static int[] flood(String baseUrl, AtomicInteger sent, AtomicBoolean stop) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int[] counts = new int[2];
    while (!stop.get() && sent.incrementAndGet() <= FLOOD_REQUESTS) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/me"))
          .header("Authorization", "Bearer aloft_wallet_guess" + sent.get()).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 401) {
        counts[0]++;
      } else if (response.statusCode() == 429) {
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        counts[1]++;
      }
    }
    return counts;
  }

  private static TestServer quick(HttpLimits limits) {
    return TestServer.start(config -> config.withHttpLimits(limits));
  }

  @Test
  void aStalledUpload_aDribblingOne_andDribbledHeaders_areCutOffAtTheirDeadlines() throws Exception {
    HttpLimits limits = HttpLimits.defaults().withReadDeadlines(Duration.ofSeconds(1), Duration.ofSeconds(1), 1_024);
    try (TestServer server = quick(limits)) {
      String token = server.account(700, 0).walletToken();
      int port = server.server().port();
      try (Socket stalled = startRequest(port, "POST", "/v1/wallet/bills", token, 100_000, new byte[] {1, 4});
          Socket dribbling = startRequest(port, "POST", "/v1/wallet/bills", token, 100_000, new byte[] {1});
          Socket json = startRequest(port, "POST", "/v1/enrolments", token, 2_000, new byte[] {'{'});
          Socket headers = new Socket(InetAddress.getLoopbackAddress(), port)) {
        headers.getOutputStream().write("POST /v1/wallet/bills HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        long start = System.nanoTime();
        String dribbled = "";
        String jsonCut = "";
        String headersCut = "";
        for (int i = 0; i < 60 && (dribbled.isEmpty() || jsonCut.isEmpty() || headersCut.isEmpty()); i++) {
          dribbled = dribbled.isEmpty() ? sendOneByteAndListen(dribbling) : dribbled;
          jsonCut = jsonCut.isEmpty() ? sendOneByteAndListen(json) : jsonCut;
          headersCut = headersCut.isEmpty() ? sendOneByteAndListen(headers) : headersCut;
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(statusLine(stalled, 3_000)).as("a stalled upload").matches("HTTP/1.1 408.*|closed");
        assertThat(dribbled).as("an upload at a byte every 100 ms").matches("HTTP/1.1 408.*|closed");
        assertThat(jsonCut).as("a 2,000-byte JSON body at a byte every 100 ms, past its %d ms deadline",
            limits.bodyDeadline(2_000).toMillis()).matches("HTTP/1.1 408.*|closed");
        assertThat(headersCut).as("headers at a byte every 100 ms").isEqualTo("closed");
        assertThat(elapsedMs).isLessThan(10_000);
      }
      assertThat(server.get("/health", null).status()).isEqualTo(200);
    }
  }

  /** Sends one more byte (ignoring a connection the server already closed), then listens 100 ms. */
  private static String sendOneByteAndListen(Socket socket) {
    try {
      socket.getOutputStream().write('x');
      socket.getOutputStream().flush();
    } catch (IOException closed) {
      return "closed";
    }
    return statusLine(socket, 100);
  }

  @Test
  void aSlowButHonestTerminal_uploadingAboveTheMinimumRate_settles() throws Exception {
    HttpLimits limits = HttpLimits.defaults().withReadDeadlines(Duration.ofSeconds(1), Duration.ofSeconds(1), 1_024);
    try (TestServer server = quick(limits)) {
      Aboard flight = new Aboard(server, 1);
      Passenger payer = flight.passenger(50_000);
      flight.board();
      Aboard.Crew cart = flight.terminals.get(0);
      List<BatchEntry> entries = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        entries.add(flight.handshake(cart, payer, 100 + i).entry());
      }
      byte[] batch = flight.batch(cart, entries).encode();
      assertThat(batch.length).as("enough bytes to take over a second at 2 KiB/s").isGreaterThan(2_048);

      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.server().port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/terminal-batches HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + flight.airline.merchantKey() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
            + batch.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int offset = 0; offset < batch.length; offset += 256) {
          out.write(batch, offset, Math.min(256, batch.length - offset));
          out.flush();
          Thread.sleep(125);
        }

        assertThat(statusLine(socket, 5_000)).startsWith("HTTP/1.1 200");
      }
      assertThat(server.number("SELECT count(*) FROM payments WHERE terminal_id = " + cart.id)).isEqualTo(16);
    }
  }

  @Test
  void uploadsPastACallersRate_orConcurrency_areAnswered429WithRetryAfter_whileOtherCallersGoOn() throws Exception {
    HttpLimits limits = HttpLimits.defaults().withUploads(12, 2, HttpLimits.Rate.perMinute(3), HttpLimits.Rate.perMinute(1_000));
    try (TestServer server = quick(limits)) {
      Aboard flight = new Aboard(server, 1);
      Passenger busy = flight.passenger(1_000);
      Passenger other = flight.passenger(1_000);
      flight.board();
      Map<String, String> binary = Map.of("Content-Type", "application/octet-stream");
      byte[] empty = new io.aloft.protocol.message.WalletUpload(List.of()).encode();
      for (int i = 0; i < 3; i++) {
        TestServer.check(server.send("POST", "/v1/wallet/bills", busy.token, empty, binary), 200);
      }

      Response limited = server.send("POST", "/v1/wallet/bills", busy.token, empty, binary);

      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.contentType()).startsWith("application/problem+json");
      assertThat(limited.json().get("type").asText()).isEqualTo("urn:aloft:problem:rate-limited");
      assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
      assertThat(limited.json().get("retryAfterSeconds").asLong()).isEqualTo(Long.parseLong(limited.header("Retry-After")));
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          sockets.add(startRequest(server.server().port(), "POST", "/v1/wallet/bills", other.token, 100, new byte[] {1}));
        }
        List<String> answers = new ArrayList<>();
        for (Socket socket : sockets) {
          answers.add(statusLine(socket, 1_500));
        }
        assertThat(answers).as("three concurrent uploads of one key: two wait for their bodies, one is refused")
            .containsExactlyInAnyOrder("", "", "HTTP/1.1 429 Too Many Requests");
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
      TestServer.check(server.send("POST", "/v1/wallet/bills", flight.passenger(1_000).token, empty, binary), 200);
    }
  }

  @Test
  void enrolmentsPastAWalletsRate_areAnswered429() {
    HttpLimits limits = HttpLimits.defaults().withEnrolments(HttpLimits.Rate.perMinute(2), HttpLimits.Rate.perMinute(1_000));
    try (TestServer server = quick(limits)) {
      Aboard flight = new Aboard(server, 1);
      TestServer.AccountFixture wallet = server.account(700, 0);
      for (int i = 0; i < 2; i++) {
        assertThat(server.post("/v1/enrolments", wallet.walletToken(), Devices.enrolment(server, wallet.walletToken(), flight.flightId, Devices.p256()))
            .status()).isNotEqualTo(429);
      }

      Response limited = server.post("/v1/enrolments", wallet.walletToken(), Devices.enrolment(server, wallet.walletToken(), flight.flightId, Devices.p256()));

      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotEmpty();
      TestServer.AccountFixture another = server.account(700, 0);
      assertThat(server.post("/v1/enrolments", another.walletToken(), Devices.enrolment(server, another.walletToken(), flight.flightId, Devices.p256()))
          .status()).isEqualTo(201);
    }
  }

  @Test
  void anAddressPastItsRefusedKeys_gets429UncheckedForNewKeys_butKeysThatWorkedLatelyStillPass() {
    HttpLimits limits = HttpLimits.defaults().withAuthenticationFailures(HttpLimits.Rate.perMinute(5));
    try (TestServer server = quick(limits)) {
      TestServer.AirlineFixture airline = server.airline();
      TestServer.check(server.get("/v1/me", airline.merchantKey()), 200);
      TestServer.AccountFixture unused = server.account(700, 0);
      for (int i = 0; i < 5; i++) {
        assertThat(server.get("/v1/me", "aloft_wallet_guess" + i).status()).isEqualTo(401);
      }

      Response guess = server.get("/v1/me", "aloft_wallet_guess-next");
      Response unprovenButValid = server.get("/v1/me", unused.walletToken());

      assertThat(guess.status()).isEqualTo(429);
      assertThat(guess.header("Retry-After")).isNotEmpty();
      assertThat(unprovenButValid.status()).as("a valid key never used from here waits too").isEqualTo(429);
      TestServer.check(server.get("/v1/me", airline.merchantKey()), 200);
      TestServer.check(server.get("/v1/me", TestServer.ADMIN_KEY), 200);
    }
  }
}
