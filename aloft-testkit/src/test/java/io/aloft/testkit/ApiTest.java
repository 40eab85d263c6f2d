package io.aloft.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The harness against a plain JDK HTTP server that echoes what it was sent. */
class ApiTest {
  private HttpServer server;
  private final AtomicReference<String> received = new AtomicReference<>();
  private Api api;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/echo", exchange -> {
      received.set(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(201, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/text", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    api = new Api("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aPost_sendsTheBodyAsJson_withTheToken_andTheAnswerIsParsed() {
    Api.Response response = api.post("/echo", "secret", Map.of("amountMinor", 250)).expect(201);

    assertThat(received.get()).isEqualTo("POST Bearer secret application/json {\"amountMinor\":250}");
    assertThat(response.json().get("ok").asBoolean()).isTrue();
    assertThat(response.contentType()).isEqualTo("application/json");
  }

  @Test
  void rawBytes_goAsTheyAre_withTheirOwnContentType() {
    api.send("PUT", "/echo", null, new byte[] {'{', 'x'}, "application/octet-stream", Map.of()).expect(201);

    assertThat(received.get()).isEqualTo("PUT null application/octet-stream {x");
  }

  @Test
  void aMissingHeader_readsEmpty_andAnUnexpectedStatus_namesTheRequest() {
    Api.Response response = api.get("/text", null);

    assertThat(response.header("Retry-After")).isEmpty();
    assertThat(response.json()).isNull();
    assertThatThrownBy(() -> response.expect(200)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected 200 but got 404 for GET http://127.0.0.1:");
  }
}
