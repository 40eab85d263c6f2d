package io.aloft.protocol.client;

import io.aloft.protocol.Text;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.SettlementReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import javax.net.ssl.HttpsURLConnection;

/**
 * The device side of the settlement endpoints, shared by the terminal and wallet SDKs: POSTs
 * protocol bytes, retries what may be retried with bounded backoff, and accepts an answer only
 * if it is a {@link SettlementReport} signed by a trusted issuer key. Uses
 * {@link HttpURLConnection}, and reads problem documents with {@link JsonAnswer} (jackson-core's
 * streaming parser), so it runs on Android as on the JVM.
 *
 * <p>Retried: no connection, timeouts, 5xx, 429 and "idempotency-in-progress" (the same request
 * is still running), with full jitter and the server's {@code Retry-After} (seconds) as a floor
 * ({@link RetryPolicy#waitAfter}). Not retried: every other 4xx ({@link UploadRefusedException}) and an answer
 * that fails verification (an {@link IOException}: the outcome stays unknown).
 */
public final class SettlementClient {
  public static final String REPORT_TYPE = "application/vnd.aloft.settlement-report";
  /** A report of 256 entries is under 20 KiB; anything far bigger is not one. */
  private static final int MAX_REPORT_BYTES = 256 * 1024;
  private static final int MAX_PROBLEM_BYTES = 16 * 1024;

  /** Waits between attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final URI baseUrl;
  private final RequestAuthorizer authorizer;
  private final List<IssuerKey> trustedKeys;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final TransportSecurity transport;
  private final Random jitter;
  private volatile java.util.Optional<java.time.Instant> lastIssuerTime = java.util.Optional.empty();

  /** A bearer secret, {@link TransportSecurity#DEFAULT} (HTTPS, or plain HTTP to loopback only), a fresh jitter source. */
  public SettlementClient(URI baseUrl, String bearerToken, Collection<IssuerKey> trustedKeys, RetryPolicy retry,
      Sleeper sleeper) {
    this(baseUrl, RequestAuthorizer.bearer(bearerToken), trustedKeys, retry, sleeper, new Random(),
        TransportSecurity.DEFAULT);
  }

  /** A bearer secret, {@link TransportSecurity#DEFAULT}, the jitter source given (tests pass a seeded one). */
  public SettlementClient(URI baseUrl, String bearerToken, Collection<IssuerKey> trustedKeys, RetryPolicy retry,
      Sleeper sleeper, Random jitter) {
    this(baseUrl, RequestAuthorizer.bearer(bearerToken), trustedKeys, retry, sleeper, jitter,
        TransportSecurity.DEFAULT);
  }

  /** A bearer secret (the wallet token, or a merchant key relaying terminal batches) and a fresh jitter source. */
  public SettlementClient(URI baseUrl, String bearerToken, Collection<IssuerKey> trustedKeys, RetryPolicy retry,
      Sleeper sleeper, TransportSecurity transport) {
    this(baseUrl, RequestAuthorizer.bearer(bearerToken), trustedKeys, retry, sleeper, new Random(), transport);
  }

  /** {@link TransportSecurity#DEFAULT} and a fresh jitter source. */
  public SettlementClient(URI baseUrl, RequestAuthorizer authorizer, Collection<IssuerKey> trustedKeys,
      RetryPolicy retry, Sleeper sleeper) {
    this(baseUrl, authorizer, trustedKeys, retry, sleeper, new Random(), TransportSecurity.DEFAULT);
  }

  /**
   * @param baseUrl the issuer server, e.g. {@code https://pay.example.com}
   * @param authorizer signs or authorizes each attempt: an enrolled terminal's
   *     {@link RequestAuthorizer#terminal}, or a {@link RequestAuthorizer#bearer} secret
   * @param trustedKeys issuer keys the device already trusts (provisioned, or from its bundle)
   * @param jitter the source of the retry jitter
   * @param transport which URLs may carry the secret and which server certificates are trusted
   * @throws IllegalArgumentException also when {@code transport} refuses {@code baseUrl}
   */
  public SettlementClient(URI baseUrl, RequestAuthorizer authorizer, Collection<IssuerKey> trustedKeys,
      RetryPolicy retry, Sleeper sleeper, Random jitter, TransportSecurity transport) {
    if (jitter == null) {
      throw new IllegalArgumentException("jitter must not be null");
    }
    this.jitter = jitter;
    if (baseUrl == null || authorizer == null || trustedKeys == null
        || trustedKeys.isEmpty() || retry == null || sleeper == null || transport == null) {
      throw new IllegalArgumentException(
          "a settlement client needs a base URL, an authorizer, trusted keys, a policy, a sleeper and a transport");
    }
    this.baseUrl = transport.check(baseUrl);
    this.transport = transport;
    this.authorizer = authorizer;
    this.trustedKeys = List.copyOf(trustedKeys);
    this.retry = retry;
    this.sleeper = sleeper;
  }

  /**
   * POSTs {@code body} to {@code path} and returns the verified report. {@code idempotencyKey}
   * is sent as the Idempotency-Key header (the same on every retry).
   */
  public SettlementReport post(String path, byte[] body, String idempotencyKey, SettlementReport.Subject expected)
      throws IOException {
    return verify(exchange("POST", path, "application/octet-stream", body, REPORT_TYPE, idempotencyKey,
        MAX_REPORT_BYTES), expected);
  }

  /**
   * One request with this client's retries, token and bounds, for the few calls that are not
   * settlement uploads (a wallet's enrolment and bundle fetch). {@code body} null sends none;
   * {@code idempotencyKey} null sends no key. Returns the body of a 200 or 201.
   */
  public byte[] exchange(String method, String path, String contentType, byte[] body, String accept,
      String idempotencyKey, int maxResponseBytes) throws IOException {
    IOException last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      Duration retryAfter;
      try {
        return once(new Call(method, path, contentType, body, accept, idempotencyKey, maxResponseBytes));
      } catch (RetryableException e) {
        last = e.cause;
        retryAfter = e.retryAfter;
      }
      if (retryAfter.compareTo(RetryPolicy.MAX_RETRY_AFTER) > 0) {
        throw new IOException(last.getMessage() + "; the server asks to retry after " + retryAfter.getSeconds()
            + " s, longer than " + RetryPolicy.MAX_RETRY_AFTER.toMinutes() + " min: try again later", last);
      }
      if (attempt < retry.maxAttempts()) {
        pause(retry.waitAfter(attempt, retryAfter, jitter));
      }
    }
    throw last;
  }

  /**
   * The issuer's clock when it sent the last answer received (its {@code Date} header, see
   * {@link IssuerClock}), empty before the first answer that carried one.
   */
  public java.util.Optional<java.time.Instant> lastIssuerTime() {
    return lastIssuerTime;
  }

  private record Call(String method, String path, String contentType, byte[] body, String accept,
      String idempotencyKey, int maxResponseBytes) {}

  private void pause(Duration wait) throws IOException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to retry", e);
    }
  }

  /** An attempt that may succeed if made again. */
  private static final class RetryableException extends Exception {
    private static final long serialVersionUID = 1L;
    final IOException cause;
    /** The server's Retry-After, zero when it named none. */
    final Duration retryAfter;

    RetryableException(IOException cause) {
      this(cause, Duration.ZERO);
    }

    RetryableException(IOException cause, Duration retryAfter) {
      super(cause.getMessage(), cause, false, false);
      this.cause = cause;
      this.retryAfter = retryAfter;
    }
  }

  /**
   * A {@code Retry-After} in delta-seconds, or zero when absent or not a number (an HTTP-date is
   * not honoured: the device's clock may be far off after a flight, and the jittered backoff
   * applies instead). Capped so that the arithmetic cannot overflow.
   */
  static Duration retryAfter(String header) {
    if (header == null || !Text.strip(header).matches("[0-9]{1,9}")) {
      return Duration.ZERO;
    }
    return Duration.ofSeconds(Long.parseLong(Text.strip(header)));
  }

  private byte[] once(Call call) throws RetryableException, IOException {
    HttpURLConnection connection;
    try {
      URL url = baseUrl.resolve(call.path()).toURL();
      connection = (HttpURLConnection) url.openConnection();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad path " + call.path(), e);
    }
    try {
      send(connection, call);
      int status = connection.getResponseCode();
      IssuerClock.parseHttpDate(connection.getHeaderField("Date")).ifPresent(date -> lastIssuerTime = java.util.Optional.of(date));
      if (status == 200 || status == 201) {
        return readBounded(connection.getInputStream(), call.maxResponseBytes());
      }
      String problem = readProblem(connection);
      String type = problemType(problem);
      if (status >= 500 || status == 429 || type.endsWith(":idempotency-in-progress")) {
        throw new RetryableException(new IOException("HTTP " + status + " " + type),
            retryAfter(connection.getHeaderField("Retry-After")));
      }
      String serverTime = connection.getHeaderField(RequestSignature.SERVER_TIME_HEADER);
      if (status == 401 && serverTime != null && serverTime.matches("[0-9]{1,12}")) {
        // A signed request outside the server's clock skew: the device's clock is off. Sign again
        // at the server's time. (A header, not the problem body: HttpURLConnection does not hand
        // out the body of a 401 to a streamed POST.)
        authorizer.serverTimeIs(java.time.Instant.ofEpochSecond(Long.parseLong(serverTime)));
        throw new RetryableException(new IOException("HTTP 401 request-expired: the device clock is off"));
      }
      throw new UploadRefusedException(status, type, problem, problemField(problem, "reason"),
          problemField(problem, "message"));
    } catch (UploadRefusedException | BadAnswerException final_) {
      throw final_;
    } catch (IOException e) {
      throw new RetryableException(e);
    } finally {
      connection.disconnect();
    }
  }

  private void send(HttpURLConnection connection, Call call) throws IOException {
    if (connection instanceof HttpsURLConnection https) {
      transport.sslContext().ifPresent(context -> https.setSSLSocketFactory(context.getSocketFactory()));
    }
    // The server never redirects; following one would carry the bearer token elsewhere.
    connection.setInstanceFollowRedirects(false);
    connection.setRequestMethod(call.method());
    connection.setConnectTimeout((int) retry.connectTimeout().toMillis());
    connection.setReadTimeout((int) retry.readTimeout().toMillis());
    connection.setRequestProperty("Accept", call.accept());
    String target = connection.getURL().getFile();
    connection.setRequestProperty("Authorization", authorizer.authorization(call.method(), target,
        call.body() == null ? new byte[0] : call.body()));
    if (call.idempotencyKey() != null) {
      connection.setRequestProperty("Idempotency-Key", call.idempotencyKey());
    }
    if (call.body() != null) {
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(call.body().length);
      connection.setRequestProperty("Content-Type", call.contentType());
      try (OutputStream out = connection.getOutputStream()) {
        out.write(call.body());
      }
    }
  }

  private static String readProblem(HttpURLConnection connection) {
    try (InputStream error = connection.getErrorStream()) {
      return error == null ? "" : new String(readBounded(error, MAX_PROBLEM_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static String problemType(String problem) {
    return problemField(problem, "type").orElse("unknown");
  }

  /**
   * A top-level string member of a problem document, or empty: also when the body is not a JSON
   * object (a proxy's error page), since the status alone then says what happened.
   */
  public static java.util.Optional<String> problemField(String json, String name) {
    try {
      return JsonAnswer.stringMember(json.getBytes(StandardCharsets.UTF_8), name);
    } catch (BadAnswerException notJson) {
      return java.util.Optional.empty();
    }
  }

  private static byte[] readBounded(InputStream in, int maxBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while (bytes.size() <= maxBytes
        && (read = in.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - bytes.size()))) != -1) {
      bytes.write(buffer, 0, read);
    }
    if (bytes.size() > maxBytes) {
      throw new BadAnswerException("response larger than " + maxBytes + " bytes");
    }
    return bytes.toByteArray();
  }

  /** Accepts only a well-formed report of the expected kind, signed by a key this device trusts. */
  private SettlementReport verify(byte[] encoded, SettlementReport.Subject expected) throws IOException {
    SettlementReport report;
    try {
      report = SettlementReport.decode(encoded);
    } catch (DecodeException e) {
      throw new BadAnswerException("the server's answer is not a settlement report: " + e.getMessage());
    }
    IssuerKey key = trustedKeys.stream().filter(k -> k.keyId() == report.signerKeyId()).findFirst()
        .orElseThrow(() -> new BadAnswerException("report signed by issuer key " + report.signerKeyId()
            + ", which this device does not trust"));
    if (!Signatures.verify(key.key(), report.signingInput(), report.signature())) {
      throw new BadAnswerException("the settlement report's signature does not verify");
    }
    if (report.subject() != expected) {
      throw new BadAnswerException("expected a report on a " + expected + ", got one on a " + report.subject());
    }
    return report;
  }
}
