package io.aloft.simulation.flight;

import io.aloft.simulation.support.SimServer;
import io.aloft.testkit.Api;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The only way devices reach the server, with faults chosen by the seed: a request lost before
 * it arrives, a response lost after the server acted, a request delivered twice, a body cut short,
 * or the server killed while it handles the request and started again on the same data. Every
 * fault surfaces to the device as an {@link IOException}, as a real network's would, and the
 * device must retry until its upload is answered.
 */
final class Network {
  enum Fault { NONE, DROP_REQUEST, DROP_RESPONSE, DUPLICATE, CUT_BODY, KILL_SERVER }

  private final SimServer server;
  private final SplittableRandom random;
  /** Percent of calls that meet a fault; 0 for a clean network. */
  private int faultPercent;
  private final boolean killsAllowed;
  private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
  private int killsDuringTerminalUpload;

  Network(SimServer server, SplittableRandom random, int faultPercent, boolean killsAllowed) {
    this.server = server;
    this.random = random;
    this.faultPercent = faultPercent;
    this.killsAllowed = killsAllowed;
  }

  /**
   * One HTTP exchange; {@code faulty} false for set-up calls made before the flight. Synchronized:
   * the devices' ports call it from their own threads, one exchange at a time.
   */
  synchronized Api.Response send(String method, String path, Map<String, String> headers, byte[] body,
      String contentType, boolean faulty) throws IOException {
    Fault fault = faulty ? choose() : Fault.NONE;
    counts.merge(fault, 1, Integer::sum);
    switch (fault) {
      case DROP_REQUEST -> throw new IOException("simulated: request lost");
      case DROP_RESPONSE -> {
        deliver(method, path, headers, body, contentType);
        throw new IOException("simulated: response lost");
      }
      case DUPLICATE -> {
        deliver(method, path, headers, body, contentType);
        return deliver(method, path, headers, body, contentType);
      }
      case CUT_BODY -> {
        if (body == null || body.length == 0) {
          throw new IOException("simulated: connection cut before the request was sent");
        }
        String answer = cutMidBody(method, path, headers, body, contentType, random.nextInt(body.length));
        throw new IOException("simulated: connection cut mid-body; the server answered the stub with: " + answer);
      }
      case KILL_SERVER -> {
        if (path.startsWith("/v1/terminal-batches")) {
          killsDuringTerminalUpload++;
        }
        killDuring(method, path, headers, body, contentType);
        throw new IOException("simulated: server killed mid-request");
      }
      default -> {
        return deliver(method, path, headers, body, contentType);
      }
    }
  }

  /**
   * Sends the headers, announcing the whole body, then only its first {@code sent} bytes, and
   * closes the sending side: what the server sees when a phone loses its connection mid-upload.
   * Returns the status line the server answered, for the log.
   */
  private String cutMidBody(String method, String path, Map<String, String> headers, byte[] body, String contentType,
      int sent) throws IOException {
    java.net.URI uri = java.net.URI.create(server.baseUrl());
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
          + uri.getPort() + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("\r\n");
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.write(body, 0, sent);
      out.flush();
      socket.shutdownOutput();
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
      return status == null ? "nothing" : status;
    } catch (java.net.SocketTimeoutException e) {
      return "no answer within 10 s";
    }
  }

  private Fault choose() {
    if (random.nextInt(100) >= faultPercent) {
      return Fault.NONE;
    }
    Fault[] faults = Fault.values();
    Fault fault = faults[1 + random.nextInt(faults.length - 1)];
    return fault == Fault.KILL_SERVER && !killsAllowed ? Fault.DROP_RESPONSE : fault;
  }

  private Api.Response deliver(String method, String path, Map<String, String> headers, byte[] body,
      String contentType) throws IOException {
    try {
      return server.api().send(method, path, null, body, contentType, headers);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Sends the request on another thread and stops the server after a seeded delay, so the kill
   * lands before, during or after the server's transaction. Which of those it was depends on
   * thread timing: the seed fixes the decision and the delay, not the interleaving; the invariants
   * must hold whichever it was.
   */
  private void killDuring(String method, String path, Map<String, String> headers, byte[] body, String contentType) {
    long delayMicros = random.nextInt(20_000);
    CompletableFuture<?> inFlight = CompletableFuture.runAsync(() -> {
      try {
        deliver(method, path, headers, body, contentType);
      } catch (IOException | RuntimeException expected) {
        // The server went away under the request: exactly the case being simulated.
      }
    });
    try {
      TimeUnit.MICROSECONDS.sleep(delayMicros);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.kill();
    try {
      inFlight.get(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Only the server's state after the restart matters.
    }
    server.start();
  }

  /** From now on every call goes through: the last rounds after landing finish what is left. */
  void calm() {
    faultPercent = 0;
  }

  /** How often each fault struck, by name; "KILL_SERVER mid terminal upload" counts the kills under a batch. */
  Map<String, Integer> counts() {
    Map<String, Integer> named = new java.util.TreeMap<>();
    counts.forEach((fault, n) -> named.put(fault.name(), n));
    if (killsDuringTerminalUpload > 0) {
      named.put("KILL_SERVER mid terminal upload", killsDuringTerminalUpload);
    }
    return named;
  }
}
