package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aloft.server.http.HttpApi;
import io.aloft.server.http.HttpLimits;
import io.aloft.server.http.ReadDeadlines;
import io.aloft.server.http.RequestIds;
import io.aloft.server.http.Routes;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The server's HTTP layer as the CLI's logging backend sees it: a line logged while a request is
 * handled carries the request id in the MDC, and the access log line after it the same id and the
 * request's fields.
 */
class RequestLogTest {
  private static final org.slf4j.Logger HANDLER_LOG = LoggerFactory.getLogger("io.aloft.test.handler");

  @Test
  void aLineLoggedWhileHandling_andTheAccessLine_carryTheRequestIdOfTheAnswer() throws Exception {
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger access = (Logger) LoggerFactory.getLogger("io.aloft.access");
    Logger handler = (Logger) LoggerFactory.getLogger("io.aloft.test.handler");
    access.setLevel(Level.INFO);
    handler.setLevel(Level.INFO);
    captured.setContext(root.getLoggerContext());
    captured.start();
    root.addAppender(captured);
    HttpLimits limits = HttpLimits.defaults();
    try (ReadDeadlines deadlines = new ReadDeadlines(limits, 64 * 1024)) {
      Routes routes = new Routes();
      routes.get("/orders/{id}", ctx -> {
        HANDLER_LOG.info("handling order {}", ctx.pathParam("id"));
        ctx.status(202).result("ok");
      });
      Javalin app = HttpApi.create(64 * 1024, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), limits,
          deadlines, Clock.systemUTC(), Optional.empty(), routes);
      app.start("127.0.0.1", 0);
      try {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + "/orders/42?card=4111111111111111"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        String requestId = answer.headers().firstValue(RequestIds.HEADER).orElseThrow();

        ILoggingEvent handled = awaitEvent(captured, "io.aloft.test.handler");
        ILoggingEvent line = awaitEvent(captured, "io.aloft.access");

        assertThat(handled.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, requestId);
        assertThat(line.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, requestId);
        Map<String, Object> fields = line.getKeyValuePairs().stream()
            .collect(Collectors.toMap(pair -> pair.key, pair -> pair.value));
        assertThat(fields).containsEntry("method", "GET").containsEntry("path", "/orders/42")
            .containsEntry("route", "/orders/{id}").containsEntry("status", 202).containsEntry("principal", "-")
            .containsKey("duration_ms");
        assertThat(line.getFormattedMessage()).startsWith("GET /orders/42 202 ").doesNotContain("4111");
      } finally {
        app.stop();
      }
    } finally {
      root.detachAppender(captured);
      access.setLevel(null);
      handler.setLevel(null);
    }
  }

  private static ILoggingEvent awaitEvent(ListAppender<ILoggingEvent> captured, String logger) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      List<ILoggingEvent> events;
      synchronized (captured) {
        // AppenderBase appends while holding the appender's lock.
        events = List.copyOf(captured.list);
      }
      Optional<ILoggingEvent> found = events.stream().filter(event -> event.getLoggerName().equals(logger)).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(25);
    }
    throw new AssertionError("nothing logged by " + logger + " in " + captured.list);
  }
}
