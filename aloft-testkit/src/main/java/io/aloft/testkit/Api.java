package io.aloft.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A plain HTTP/JSON client for the server's API, as any integrator would write it: requests go
 * over loopback with a bearer token, answers come back with their status, headers, raw bytes and
 * the body parsed as JSON. Tests subclass it to add fixtures for a server they start.
 */
public class Api {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final ObjectMapper mapper;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  /** A client for the API at {@code baseUrl} (no trailing slash), writing and reading JSON with {@code mapper}. */
  public Api(String baseUrl, ObjectMapper mapper) {
    this.baseUrl = baseUrl;
    this.mapper = mapper;
  }

  /** A client with Jackson's default mapper. */
  public Api(String baseUrl) {
    this(baseUrl, new JsonMapper());
  }

  public String baseUrl() {
    return baseUrl;
  }

  /**
   * An answer: status, headers, raw body, and the body parsed as JSON (null when it is empty or
   * not JSON).
   */
  public record Response(int status, HttpResponse<byte[]> raw, JsonNode json) {
    /** The header's first value; empty when the answer has no such header. */
    public String header(String name) {
      return raw.headers().firstValue(name).orElse("");
    }

    public String contentType() {
      return header("Content-Type");
    }

    public String text() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    /** This answer, if its status is {@code expected}; else an AssertionError naming the request and the body. */
    public Response expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected " + expected + " but got " + status + " for "
            + raw.request().method() + " " + raw.request().uri() + ": " + text());
      }
      return this;
    }
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null, Map.of());
  }

  public Response post(String path, String token, Object body) {
    return send("POST", path, token, body, Map.of());
  }

  public Response post(String path, String token, Object body, Map<String, String> headers) {
    return send("POST", path, token, body, headers);
  }

  /**
   * {@code body} is sent as is when it is a String or byte[], else written as JSON; any body is
   * sent as {@code application/json}, none as no body at all.
   */
  public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
    return send(client, method, path, token, body == null ? null : bytes(body),
        body == null ? null : "application/json", headers);
  }

  /** Sends exactly these bytes (or none, when null) with this Content-Type (or none, when null). */
  public Response send(String method, String path, String token, byte[] body, String contentType,
      Map<String, String> headers) {
    return send(client, method, path, token, body, contentType, headers);
  }

  /**
   * As {@link #send}, on a connection of its own: for a request the server may answer and then
   * close the connection on (a body over the limit), so that no later request reuses it.
   */
  public Response sendAlone(String method, String path, String token, Object body) {
    HttpClient alone = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    return send(alone, method, path, token, body == null ? null : bytes(body),
        body == null ? null : "application/json", Map.of());
  }

  /** The bytes {@link #send} puts on the wire for {@code body}: empty for null. */
  public byte[] bytes(Object body) {
    if (body == null) {
      return new byte[0];
    }
    if (body instanceof byte[] raw) {
      return raw;
    }
    if (body instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + body.getClass().getName(), e);
    }
  }

  private Response send(HttpClient via, String method, String path, String token, byte[] body,
      String contentType, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(REQUEST_TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response = via.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response, parse(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path + " interrupted", e);
    }
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return mapper.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
