package io.aloft.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.protocol.client.TransportSecurity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.aloft.protocol.client.IssuerClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A small JSON client for the Aloft HTTP API (docs/api.md), authenticated with one bearer
 * secret (the admin key, an airline's merchant key, a wallet token, a registration code) or, for
 * an enrolled terminal, by signing each request with its own key.
 *
 * <p>Every POST carries a fresh {@code Idempotency-Key}, and a POST whose answer was lost (an
 * I/O error) is retried with the same key, at most {@value #MAX_ATTEMPTS} times, so that it runs
 * once on the server however the network behaves.
 */
public final class ApiClient {
  /** Attempts per request, the first one included. */
  public static final int MAX_ATTEMPTS = 3;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final long FIRST_BACKOFF_MS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Optional<RequestAuthorizer> authorizer;
  private final TransportSecurity transport;
  private final HttpClient http;
  private volatile Optional<Instant> lastIssuerTime = Optional.empty();

  /** To {@code https://}, or {@code http://} on this machine ({@link TransportSecurity#DEFAULT}). */
  public ApiClient(String baseUrl, Optional<String> bearer) {
    this(baseUrl, bearer, TransportSecurity.DEFAULT);
  }

  /**
   * @throws IllegalArgumentException when {@code transport} refuses {@code baseUrl} (plain HTTP to
   *     another machine without {@code --insecure-http}, not a URL)
   */
  public ApiClient(String baseUrl, Optional<String> bearer, TransportSecurity transport) {
    this(baseUrl, bearer.map(RequestAuthorizer::bearer).orElse(null), transport);
  }

  /** As below, to {@code https://} or {@code http://} on this machine ({@link TransportSecurity#DEFAULT}). */
  public ApiClient(String baseUrl, RequestAuthorizer authorizer) {
    this(baseUrl, authorizer, TransportSecurity.DEFAULT);
  }

  /**
   * Authorizes each attempt with {@code authorizer} (null: none), e.g. a terminal's signature.
   *
   * @throws IllegalArgumentException when {@code transport} refuses {@code baseUrl}
   */
  public ApiClient(String baseUrl, RequestAuthorizer authorizer, TransportSecurity transport) {
    this.baseUrl = stripTrailingSlash(baseUrl);
    this.authorizer = Optional.ofNullable(authorizer);
    this.transport = transport;
    transport.check(URI.create(this.baseUrl));
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER);
    transport.sslContext().ifPresent(builder::sslContext);
    this.http = builder.build();
  }

  public static ObjectMapper json() {
    return JSON;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The same server with another secret. */
  public ApiClient as(String secret) {
    return new ApiClient(baseUrl, Optional.of(secret), transport);
  }

  /**
   * The server's clock when it sent the last answer received (its {@code Date} header), for a
   * terminal to correct its clock with; empty before the first answer.
   */
  public Optional<Instant> lastIssuerTime() {
    return lastIssuerTime;
  }

  public JsonNode get(String path) throws ApiException {
    return send("GET", path, null);
  }

  public JsonNode post(String path, Object body) throws ApiException {
    return send("POST", path, body);
  }

  public JsonNode put(String path, Object body) throws ApiException {
    return send("PUT", path, body);
  }

  private JsonNode send(String method, String path, Object body) throws ApiException {
    String idempotencyKey = "cli-" + UUID.randomUUID();
    IOException last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Built again for each attempt: a signed request carries a new time and nonce every time.
      HttpRequest request = request(method, path, body, idempotencyKey);
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        response.headers().firstValue("Date").flatMap(IssuerClock::parseHttpDate)
            .ifPresent(date -> lastIssuerTime = Optional.of(date));
        JsonNode parsed = parse(response.body());
        if (response.statusCode() / 100 != 2) {
          throw ApiException.fromResponse(method, path, response.statusCode(), parsed);
        }
        return parsed;
      } catch (IOException e) {
        last = e;
        sleep(FIRST_BACKOFF_MS << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiException.unreachable(baseUrl, e);
      }
    }
    throw ApiException.unreachable(baseUrl, last);
  }

  private HttpRequest request(String method, String path, Object body, String idempotencyKey) throws ApiException {
    URI uri;
    try {
      uri = URI.create(baseUrl + path);
    } catch (IllegalArgumentException e) {
      throw ApiException.unreachable(baseUrl, e);
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    byte[] bytes;
    try {
      bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body cannot be written as JSON: " + body, e);
    }
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    authorizer.ifPresent(a -> builder.header("Authorization", a.authorization(method, target, bytes)));
    if (body == null) {
      return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    builder.header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey);
    return builder.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return JSON.nullNode();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
