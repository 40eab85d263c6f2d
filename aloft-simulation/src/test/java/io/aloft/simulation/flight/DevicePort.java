package io.aloft.simulation.flight;

import io.aloft.testkit.Api;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a device's own HTTP client connects: a loopback HTTP/1.1 endpoint that hands each request
 * to the faulty {@link Network} and writes back its answer, or closes the connection unanswered
 * when the network lost it. So the code that talks to the server in a simulated flight is the
 * SDKs' own ({@code HttpUploader}, {@code HttpIssuerClient}): their retries, Idempotency-Keys,
 * bounds and report checks.
 *
 * <p>One request per connection ({@code Connection: close}), served one at a time: devices in
 * the simulation call one after another, so the seed still fixes the order of every fault.
 */
final class DevicePort implements AutoCloseable {
  /** Headers the port passes on; the rest (Host, Connection, Content-Length, …) are per hop. */
  private static final Set<String> END_TO_END = Set.of("authorization", "idempotency-key", "accept");
  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final Network network;
  private final ServerSocket listener;
  private volatile boolean faulty;

  DevicePort(Network network, boolean faulty) {
    this.network = network;
    this.faulty = faulty;
    try {
      this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::serve, "sim-device-port-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  /** Set-up calls made before the flight go through a good connection. */
  void faulty(boolean value) {
    faulty = value;
  }

  private void serve() {
    while (!listener.isClosed()) {
      try (Socket connection = listener.accept()) {
        connection.setSoTimeout(60_000);
        exchange(connection);
      } catch (SocketException closed) {
        if (listener.isClosed()) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        // A broken exchange is the device's problem to see (as a network failure), not the port's.
      }
    }
  }

  private void exchange(Socket connection) throws IOException {
    InputStream in = new BufferedInputStream(connection.getInputStream());
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return;
    }
    String[] request = requestLine.split(" ");
    if (request.length != 3) {
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String contentType = null;
    int length = 0;
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon < 1) {
        return;
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      switch (name.toLowerCase(Locale.ROOT)) {
        case "content-length" -> length = Integer.parseInt(value);
        case "content-type" -> contentType = value;
        default -> {
          if (END_TO_END.contains(name.toLowerCase(Locale.ROOT))) {
            headers.put(name, value);
          }
        }
      }
    }
    if (length < 0 || length > MAX_BODY_BYTES) {
      return;
    }
    byte[] body = length == 0 ? null : in.readNBytes(length);
    Api.Response answer;
    try {
      answer = network.send(request[0], request[1], headers, body, contentType, faulty);
    } catch (IOException lost) {
      return;  // closed unanswered: the device sees what a lost request or response looks like
    }
    byte[] payload = answer.raw().body();
    String serverTime = answer.header("Aloft-Server-Time");
    String head = "HTTP/1.1 " + answer.status() + " Simulated\r\n"
        + "Content-Type: " + answer.header("Content-Type") + "\r\n"
        + (serverTime.isEmpty() ? "" : "Aloft-Server-Time: " + serverTime + "\r\n")
        + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n";
    OutputStream out = connection.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(payload);
    out.flush();
  }

  /** One CRLF-terminated line of the request head, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n') {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      if (bytes.size() >= MAX_HEAD_BYTES) {
        throw new IOException("request head too long");
      }
      bytes.write(b);
    }
    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // Nothing to release beyond the socket.
    }
  }
}
