package io.aloft.simulation.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for the server's API, as any integrator would write it. */
public final class Api {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;

  public Api(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A response: status, headers, raw body, and the body as JSON when it is JSON. */
  public record Response(int status, HttpResponse<byte[]> raw, JsonNode json) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse("");
    }

    public String text() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    public Response expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected " + expected + " but got " + status + " for "
            + raw.request().method() + " " + raw.request().uri() + ": " + text());
      }
      return this;
    }
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null, null, Map.of());
  }

  public Response post(String path, String token, Object body) {
    return send("POST", path, token, body == null ? null : Json.write(body), "application/json", Map.of());
  }

  /** Sends exactly these bytes; {@code authorization} is the whole header value, or null for none. */
  public Response send(String method, String path, String token, byte[] body, String contentType,
      Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response, parse(response.body()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return Json.mapper().readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
