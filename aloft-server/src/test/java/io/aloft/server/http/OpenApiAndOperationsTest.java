package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.server.TestServer;
import io.aloft.testkit.Api.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiAndOperationsTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode document() {
    return TestServer.check(server.get(HttpApi.OPENAPI_PATH, null), 200).json();
  }

  @Test
  void theOpenApiDocument_describesEveryEndpoint_andNothingElse() {
    JsonNode paths = document().get("paths");
    Set<String> served = new HashSet<>();
    for (Routes.Route route : server.server().routes()) {
      served.add(route.method() + " " + route.path());
      assertThat(paths.path(route.path()).has(route.method()))
          .as("OpenAPI describes %s %s", route.method(), route.path()).isTrue();
    }
    List<String> described = new ArrayList<>();
    paths.fields().forEachRemaining(path -> path.getValue().fieldNames()
        .forEachRemaining(method -> described.add(method + " " + path.getKey())));
    assertThat(described).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void theOpenApiDocument_isOpenApi3_withResolvableReferences() {
    JsonNode document = document();
    assertThat(document.get("openapi").asText()).startsWith("3.");
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(document.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
    }
    document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
        operation -> assertThat(operation.getValue().get("responses").size()).as(path.getKey()).isPositive()));
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> {
        if (field.getKey().equals("$ref")) {
          refs.add(field.getValue().asText());
        } else {
          collectRefs(field.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }

  @Test
  void health_reportsTheDatabase() {
    Response health = TestServer.check(server.get("/health", null), 200);

    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    assertThat(health.json().get("database").asText()).isEqualTo("ok");
  }

  @Test
  void metrics_areInPrometheusFormat_withRequestTimersByRouteTemplate() {
    server.get("/v1/accounts/12345", TestServer.ADMIN_KEY);

    Response metrics = TestServer.check(server.get("/metrics", TestServer.ADMIN_KEY), 200);

    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.text())
        .contains("aloft_http_requests_seconds_count{method=\"GET\",route=\"/v1/accounts/{accountId}\",status=\"404\"}")
        .contains("hikaricp_connections")
        .contains("jvm_memory_used_bytes")
        .doesNotContain("/v1/accounts/12345");
  }

  /** The bucket bounds every Aloft timer publishes, in seconds, as Prometheus writes them. */
  private static final List<String> BUCKETS = List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
      "2.5", "5.0", "10.0", "30.0", "+Inf");

  @Test
  void latencyMetrics_areHistograms_whoseBucketsAddUpToTheCount() {
    for (int i = 0; i < 5; i++) {
      TestServer.check(server.get("/health", null), 200);
    }
    TestServer.AccountFixture wallet = server.account(700, 0);
    TestServer.check(server.send("POST", "/v1/wallet/bills", wallet.walletToken(), new WalletUpload(List.of()).encode(),
        Map.of()), 200);

    String scraped = TestServer.check(server.get("/metrics", TestServer.ADMIN_KEY), 200).text();

    Map<String, Double> health = buckets(scraped, "aloft_http_requests_seconds",
        "method=\"GET\",route=\"/health\",status=\"200\"");
    assertThat(health.keySet()).containsExactlyElementsOf(BUCKETS);
    assertThat(health.get("+Inf")).isGreaterThanOrEqualTo(5)
        .isEqualTo(sample(scraped, "aloft_http_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}"));
    assertCumulative(health);

    Map<String, Double> settling = buckets(scraped, "aloft_settlement_duration_seconds", "upload=\"wallet-upload\"");
    assertThat(settling.keySet()).containsExactlyElementsOf(BUCKETS);
    assertThat(settling.get("+Inf")).isGreaterThanOrEqualTo(1)
        .isEqualTo(sample(scraped, "aloft_settlement_duration_seconds_count{upload=\"wallet-upload\"}"));
    assertCumulative(settling);
  }

  /** The {@code _bucket} samples of one series, by their {@code le} bound, in the order scraped. */
  private static Map<String, Double> buckets(String scraped, String name, String labels) {
    Pattern bucket = Pattern.compile("^" + Pattern.quote(name + "_bucket{" + labels + ",le=\"") + "([^\"]+)\"} (\\S+)$",
        Pattern.MULTILINE);
    Map<String, Double> counts = new LinkedHashMap<>();
    for (Matcher line = bucket.matcher(scraped); line.find(); ) {
      counts.put(line.group(1), Double.parseDouble(line.group(2)));
    }
    return counts;
  }

  private static double sample(String scraped, String series) {
    Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scraped);
    assertThat(line.find()).as(series + " in\n" + scraped).isTrue();
    return Double.parseDouble(line.group(1));
  }

  /** Prometheus buckets count every observation at or under their bound, so they never decrease. */
  private static void assertCumulative(Map<String, Double> buckets) {
    List<Double> counts = List.copyOf(buckets.values());
    assertThat(counts).isSorted();
  }

  @Test
  void metrics_areForTheOperatorOnly() {
    TestServer.AirlineFixture airline = server.airline();
    TestServer.AccountFixture wallet = server.account(700, 0);

    assertThat(server.get("/metrics", null).status()).isEqualTo(401);
    assertThat(server.get("/metrics", "not-a-key").status()).isEqualTo(401);
    assertThat(server.get("/metrics", airline.merchantKey()).status()).isEqualTo(403);
    Response asWallet = server.get("/metrics", wallet.walletToken());
    assertThat(asWallet.status()).isEqualTo(403);
    assertThat(asWallet.text()).doesNotContain("aloft_http_requests");
  }

  @Test
  void everyAnswer_carriesItsOwnRequestId() {
    List<Response> answers = List.of(server.get("/health", null), server.get("/v1/accounts/12345", TestServer.ADMIN_KEY),
        server.get("/v1/accounts/1", "not-a-key"), server.get("/no/such/path", null),
        server.post("/v1/accounts", TestServer.ADMIN_KEY, "{not json"), server.get("/console/login", null));

    List<String> ids = answers.stream().map(answer -> answer.header(RequestIds.HEADER)).toList();
    assertThat(answers).extracting(Response::status).containsExactly(200, 404, 401, 404, 400, 200);
    assertThat(ids).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{16}"));
    assertThat(ids).doesNotHaveDuplicates();
  }
}
