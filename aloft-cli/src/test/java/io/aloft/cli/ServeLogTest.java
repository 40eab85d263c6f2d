package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.testkit.TempDirectories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code aloft serve} writes, as a log shipper reads it: stdout holds only JSON objects, one
 * per line, with an access log line per request that carries the {@code Request-Id} the client
 * saw; what a person reads (where it listens, the admin key's file) is on stderr.
 */
class ServeLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("^Aloft server listening on (http://\\S+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path data;
  private static Process serve;
  private static String baseUrl;
  private static final List<String> STDOUT = new CopyOnWriteArrayList<>();
  private static final List<String> STDERR = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void serve() throws Exception {
    data = Files.createTempDirectory("aloft-cli-serve-log-");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Aloft.class.getName(), "serve", "--port", "0",
        "--data-dir", data.toString(), "--db-url", TestDatabases.fresh());
    builder.environment().put("ALOFT_ADMIN_KEY", TestDatabases.ADMIN_KEY);
    builder.environment().remove(ServeLogging.VARIABLE);
    serve = builder.start();
    collect(new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)), STDOUT);
    BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
    while (baseUrl == null) {
      String line = err.readLine();
      if (line == null) {
        break;
      }
      STDERR.add(line);
      Matcher listening = LISTENING.matcher(line);
      baseUrl = listening.find() ? listening.group(1) : null;
    }
    assertThat(baseUrl).as("stderr:\n" + String.join("\n", STDERR) + "\nstdout:\n" + String.join("\n", STDOUT))
        .isNotNull();
    collect(err, STDERR);
  }

  private static void collect(BufferedReader from, List<String> into) {
    Thread reader = new Thread(() -> from.lines().forEach(into::add), "serve-output");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      serve.destroy();
      if (!serve.waitFor(60, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
    TempDirectories.delete(data);
  }

  private static HttpResponse<String> get(String path, String adminKey) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    if (adminKey != null) {
      request.header("Authorization", "Bearer " + adminKey);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The access log line of the request with this id, once the server has written it. */
  private static JsonNode accessLine(String requestId) throws Exception {
    Instant giveUp = Instant.now().plusSeconds(10);
    while (Instant.now().isBefore(giveUp)) {
      for (String line : STDOUT) {
        JsonNode event = JSON.readTree(line);
        if (event.path("logger").asText().equals("io.aloft.access")
            && event.path("request_id").asText().equals(requestId)) {
          return event;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no access log line for request " + requestId + " in:\n" + String.join("\n", STDOUT));
  }

  @Test
  void anAccessLogLine_carriesTheRequestIdTheClientSaw() throws Exception {
    HttpResponse<String> health = get("/health", null);
    String requestId = health.headers().firstValue("Request-Id").orElseThrow();

    JsonNode line = accessLine(requestId);

    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("method").asText()).isEqualTo("GET");
    assertThat(line.path("path").asText()).isEqualTo("/health");
    assertThat(line.path("route").asText()).isEqualTo("/health");
    assertThat(line.path("status").asInt()).isEqualTo(200);
    assertThat(line.path("duration_ms").isIntegralNumber()).as(line.toString()).isTrue();
    assertThat(line.path("duration_ms").asLong()).isBetween(0L, 10_000L);
    assertThat(line.path("principal").asText()).isEqualTo("-");
    assertThat(line.path("message").asText()).isEqualTo("GET /health 200 " + line.path("duration_ms").asLong() + " ms");
    assertThat(Instant.parse(line.path("time").asText())).isBetween(Instant.now().minusSeconds(60), Instant.now());
  }

  @Test
  void theAccessLog_namesTheKindOfCaller_andLeavesOutTheQueryString() throws Exception {
    HttpResponse<String> account = get("/v1/accounts/999999?token=query-secret-xyz", TestDatabases.ADMIN_KEY);
    assertThat(account.statusCode()).isEqualTo(404);

    JsonNode line = accessLine(account.headers().firstValue("Request-Id").orElseThrow());

    assertThat(line.path("principal").asText()).isEqualTo("admin");
    assertThat(line.path("path").asText()).isEqualTo("/v1/accounts/999999");
    assertThat(line.path("route").asText()).isEqualTo("/v1/accounts/{accountId}");
    assertThat(line.path("status").asInt()).isEqualTo(404);
    assertThat(STDOUT).noneMatch(logged -> logged.contains("query-secret-xyz"));
  }

  @Test
  void everyLineOnStdout_isAJsonObject_andThePersonReadsStderr() throws Exception {
    String requestId = get("/no/such/path", null).headers().firstValue("Request-Id").orElseThrow();
    accessLine(requestId);

    assertThat(STDOUT).isNotEmpty();
    for (String line : STDOUT) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.isObject()).as(line).isTrue();
      assertThat(event.path("time").asText()).as(line).isNotEmpty();
      assertThat(event.path("level").asText()).as(line).isIn("ERROR", "WARN", "INFO");
      assertThat(event.path("logger").asText()).as(line).isNotEmpty();
      assertThat(event.has("message")).as(line).isTrue();
    }
    Optional<JsonNode> listening = STDOUT.stream().map(ServeLogTest::parse)
        .filter(event -> event.path("message").asText().startsWith("Aloft server listening on ")).findFirst();
    assertThat(listening).as("the start is a log event too").isPresent();
    assertThat(STDERR).anyMatch(line -> line.contains("admin key:"))
        .anyMatch(line -> line.contains("issuer key fingerprint:"))
        .as("the database password in the JDBC URL is not printed").noneMatch(line -> line.contains("password="));
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
