package io.aloft.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aloft.server.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/**
 * A webhook receiver on loopback: the JDK's own HTTP server, answering each delivery with the
 * status the test chooses (by the number of the request), and remembering what arrived.
 */
public final class Receiver implements AutoCloseable {
  /** One request as it arrived: its signature header, body, the status it was answered with. */
  public record Received(String signature, String contentType, byte[] body, Instant at, int answeredWith) {
    public Received {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String type() {
      return json().get("type").asText();
    }

    public long eventId() {
      return json().get("id").asLong();
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> arrivals = new CopyOnWriteArrayList<>();
  private volatile IntUnaryOperator answer = request -> 200;
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private int requests;

  private Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hooks", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  public static Receiver start() {
    try {
      return new Receiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /** Answers request number n (1 for the first) with {@code status.applyAsInt(n)}. */
  public void answer(IntUnaryOperator status) {
    this.answer = status;
  }

  /** Requests from now on wait, unanswered, until {@link #release()}. */
  public void hold() {
    hold = new CountDownLatch(1);
  }

  public void release() {
    hold.countDown();
  }

  /** How many requests have arrived, answered or not. */
  public int arrivals() {
    return arrivals.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    arrivals.add(exchange.getRequestMethod());
    try {
      hold.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int number;
    synchronized (this) {
      number = ++requests;
    }
    int status = answer.applyAsInt(number);
    received.add(new Received(exchange.getRequestHeaders().getFirst("Aloft-Signature"),
        exchange.getRequestHeaders().getFirst("Content-Type"), body, Instant.now(), status));
    try {
      exchange.sendResponseHeaders(status, -1);
    } finally {
      exchange.close();
    }
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests answered 2xx: the deliveries the sender counts as delivered. */
  public List<Received> accepted() {
    List<Received> accepted = new ArrayList<>();
    for (Received r : received) {
      if (r.answeredWith() >= 200 && r.answeredWith() < 300) {
        accepted.add(r);
      }
    }
    return accepted;
  }

  /** Waits until what arrived satisfies {@code done}; fails the test after {@code timeout}. */
  public List<Received> await(Predicate<List<Received>> done, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Received> now = received();
      if (done.test(now)) {
        return now;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the receiver did not get " + what + " within " + timeout + "; it got "
        + received().stream().map(r -> r.answeredWith() + " " + new String(r.body(),
            java.nio.charset.StandardCharsets.UTF_8)).toList());
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
