package io.aloft.server.config;

import static io.aloft.server.config.SettingValues.bool;
import static io.aloft.server.config.SettingValues.durationBetween;
import static io.aloft.server.config.SettingValues.integer;
import static io.aloft.server.config.SettingValues.path;
import static io.aloft.server.config.SettingValues.rate;

import io.aloft.server.ServerConfig;
import io.aloft.server.crypto.VerificationProvider;
import io.aloft.server.http.HttpLimits;
import io.aloft.server.issuer.IssuerKeyStore;
import io.aloft.server.score.EligibilityPolicy;
import io.aloft.server.settlement.SettlementPolicy;
import io.aloft.server.webhook.WebhookPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the server, in the order help lists them. Later settings are applied after
 * earlier ones, so a secret from a variable ({@code ALOFT_ADMIN_KEY}) wins over the file setting
 * listed before it.
 */
public final class Settings {
  private static final ServerConfig DEFAULTS = ServerConfig.defaults();
  private static final HttpLimits LIMITS = HttpLimits.defaults();

  public static final List<Setting> ALL = List.of(
      new Setting("host", "--host", "ALOFT_HOST", true, "HOST",
          "Interface to listen on.", DEFAULTS.host(),
          (d, t) -> d.config = d.config.withHost(SettingValues.text(t, 255))),
      new Setting("port", "--port", "ALOFT_PORT", true, "PORT",
          "TCP port, 0 for any free port.", Integer.toString(DEFAULTS.port()),
          (d, t) -> d.config = d.config.withPort((int) integer(t, 0, 65_535))),
      new Setting("data_dir", "--data-dir", "ALOFT_DATA_DIR", true, "DIR",
          "Data folder: embedded PostgreSQL, issuer keys, admin key.", "./" + DEFAULTS.dataDirectory(),
          (d, t) -> d.config = d.config.withDataDirectory(path(t))),
      new Setting("database.url", "--db-url", "ALOFT_DB_URL", true, "JDBC_URL",
          "External PostgreSQL instead of the embedded one.", "embedded",
          (d, t) -> d.databaseUrl = jdbcUrl(t)),
      new Setting("database.user", "--db-user", "ALOFT_DB_USER", true, "USER",
          "Role the server logs in to the external PostgreSQL as.", "the driver's",
          (d, t) -> d.databaseUser = SettingValues.text(t, 63)),
      new Setting("database.password", null, "ALOFT_DB_PASSWORD", false, "PASSWORD",
          "Password of that role (a variable only).", "none",
          (d, t) -> d.databasePassword = t),
      new Setting("binary_cache", "--binary-cache", "ALOFT_BINARY_CACHE", true, "DIR",
          "Where the embedded PostgreSQL binaries are unpacked, shared by data folders.", "~/.cache/aloft",
          (d, t) -> d.config = d.config.withBinaryCache(path(t))),
      new Setting("tls.cert", "--tls-cert", "ALOFT_TLS_CERT", true, "FILE",
          "Serve HTTPS with this PEM certificate chain (server certificate first); needs tls.key.", "plain HTTP",
          (d, t) -> d.tlsCertificate = path(t)),
      new Setting("tls.key", "--tls-key", "ALOFT_TLS_KEY", true, "FILE",
          "The PEM private key of tls.cert (PKCS#8, EC or RSA; unencrypted, keep it mode 600).", "none",
          (d, t) -> d.tlsKey = path(t)),
      new Setting("insecure_http", "--insecure-http", "ALOFT_INSECURE_HTTP", true, "",
          "Allow plain HTTP on an address other than loopback: anyone on that network can then read every key"
              + " and token sent and change the answers. Only on a network you control.", "false",
          (d, t) -> d.config = d.config.withInsecureHttp(bool(t))),
      new Setting("admin_key_file", "--admin-key-file", "ALOFT_ADMIN_KEY_FILE", true, "FILE",
          "File holding the operator's key; without it the server reads or creates <data>/admin-key.",
          "<data>/admin-key", (d, t) -> d.config = d.config.withAdminKey(SettingValues.secretFile(t))),
      new Setting("admin_key", null, "ALOFT_ADMIN_KEY", false, "KEY",
          "The operator's key itself (a variable only; wins over admin_key_file).", "<data>/admin-key",
          (d, t) -> d.config = d.config.withAdminKey(SettingValues.text(t, 1024))),
      new Setting("issuer_keys_file", "--issuer-keys-file", "ALOFT_ISSUER_KEYS_FILE", true, "FILE",
          "File holding the issuer signing keys as id:hex,id:hex (Ed25519 private keys, 64 hex digits); the"
              + " highest id signs. Without it the server reads or creates <data>/issuer-keys/.",
          "<data>/issuer-keys/", (d, t) -> d.config = d.config.withIssuerKeys(issuerKeys(SettingValues.secretFile(t)))),
      new Setting("issuer_keys", null, "ALOFT_ISSUER_KEYS", false, "ID:HEX,...",
          "The issuer signing keys themselves (a variable only; wins over issuer_keys_file).", "<data>/issuer-keys/",
          (d, t) -> d.config = d.config.withIssuerKeys(issuerKeys(t))),
      new Setting("fx.rates", "--fx-rates", "ALOFT_FX_RATES", true, "FROM/TO=RATE,...",
          "FX rates for trust bundles, e.g. EUR/CNY=7.8125 (CNY for one EUR). When they differ from the rates the"
              + " configuration gave at the last start they take effect now; PUT /v1/fx-rates changes them"
              + " while the server runs.", "none",
          (d, t) -> d.config = d.config.withFxRates(SettingValues.fxRates(t))),
      new Setting("eligibility.threshold", "--eligibility-threshold", "ALOFT_ELIGIBILITY_THRESHOLD", true, "SCORE",
          "Lowest payment score that may pay offline, 300..850.", Integer.toString(EligibilityPolicy.DEFAULT_THRESHOLD),
          (d, t) -> d.config = d.config.withEligibility(new EligibilityPolicy((int) integer(t, 300, 850),
              d.config.eligibility().defaultTiers(), d.config.eligibility().tiersByCurrency()))),
      new Setting("eligibility.tiers", "--tiers", "ALOFT_TIERS", true, "SCORE:PER/TOTAL,...",
          "Tier table: from each score, the per-payment and total limits in minor units.",
          "550:5000/20000,650:10000/50000,750:20000/100000",
          (d, t) -> d.config = d.config.withEligibility(new EligibilityPolicy(d.config.eligibility().thresholdScore(),
              SettingValues.tiers(t), d.config.eligibility().tiersByCurrency()))),
      new Setting("settlement.fee_basis_points", "--fee-basis-points", "ALOFT_FEE_BASIS_POINTS", true, "BP",
          "The provider's fee on each settled sale in 1/100 of a percent (60 = 0.6%), 0..10000.",
          Integer.toString(SettlementPolicy.DEFAULT.merchantFeeBasisPoints()),
          (d, t) -> d.config = d.config.withSettlement(new SettlementPolicy((int) integer(t, 0, 10_000),
              d.config.settlement().acceptance()))),
      new Setting("settlement.window", "--settlement-window", "ALOFT_SETTLEMENT_WINDOW", true, "DURATION",
          "How long after a credential's validity its payments still settle from terminals and hold the payer's"
              + " allowance; a wallet's bill no terminal uploaded by then is rejected (NO_MERCHANT_RECORD).",
          "72h", (d, t) -> d.config = d.config.withSettlementWindow(
              durationBetween(t, Duration.ZERO, ServerConfig.MAX_SETTLEMENT_WINDOW))),
      new Setting("settlement.write_off_after", "--write-off-after", "ALOFT_WRITE_OFF_AFTER", true, "DURATION",
          "Arrears at least this old are what a write-off moves to the guarantee account.", "90d",
          (d, t) -> d.config = d.config.withWriteOffAfter(durationBetween(t, Duration.ZERO, Duration.ofDays(3650)))),
      new Setting("verification.provider", "--verification-provider", "ALOFT_VERIFICATION_PROVIDER", true,
          "PROVIDER", "Which implementation verifies device and terminal signatures: auto is Conscrypt"
              + " (native BoringSSL) where its library loads, else BouncyCastle; bouncycastle always uses"
              + " BouncyCastle. The log names the one in use at start.", "auto",
          (d, t) -> d.config = d.config.withVerificationProvider(VerificationProvider.parse(t))),
      new Setting("terminal_certificate_validity", "--terminal-certificate-validity",
          "ALOFT_TERMINAL_CERTIFICATE_VALIDITY", true, "DURATION",
          "How long a terminal's certificate is valid, 1d..730d.", "365d",
          (d, t) -> d.config = d.config.withTerminalCertificateValidity(
              durationBetween(t, Duration.ofDays(1), Duration.ofDays(730)))),
      new Setting("http.max_request_bytes", "--max-request-bytes", "ALOFT_MAX_REQUEST_BYTES", true, "BYTES",
          "Largest request body other than uploads, 1024..16777216.", Long.toString(DEFAULTS.maxRequestBytes()),
          (d, t) -> d.config = d.config.withMaxRequestBytes(integer(t, 1024, 16 * 1024 * 1024))),
      new Setting("http.header_deadline", "--header-deadline", "ALOFT_HEADER_DEADLINE", true, "DURATION",
          "Time a client has to send a request's headers, 1s..5m.", "10s",
          (d, t) -> limits(d, l -> l.withReadDeadlines(durationBetween(t, Duration.ofSeconds(1), Duration.ofMinutes(5)),
              l.idleTimeout(), l.minUploadBytesPerSecond()))),
      new Setting("http.idle_timeout", "--idle-timeout", "ALOFT_IDLE_TIMEOUT", true, "DURATION",
          "Time a connection may send nothing, 1s..10m.", "10s",
          (d, t) -> limits(d, l -> l.withReadDeadlines(l.headerDeadline(),
              durationBetween(t, Duration.ofSeconds(1), Duration.ofMinutes(10)), l.minUploadBytesPerSecond()))),
      new Setting("http.min_upload_bytes_per_second", "--min-upload-bytes-per-second",
          "ALOFT_MIN_UPLOAD_BYTES_PER_SECOND", true, "BYTES",
          "Slowest body upload the server waits for, 64..100000000.", Long.toString(LIMITS.minUploadBytesPerSecond()),
          (d, t) -> limits(d, l -> l.withReadDeadlines(l.headerDeadline(), l.idleTimeout(),
              integer(t, 64, 100_000_000)))),
      new Setting("http.max_threads", "--max-threads", "ALOFT_MAX_THREADS", true, "N",
          "Request threads, 8..1024.", Integer.toString(LIMITS.maxThreads()),
          (d, t) -> limits(d, l -> l.withConnections((int) integer(t, 8, 1024), l.maxQueuedRequests(),
              l.maxConnections()))),
      new Setting("http.max_queued_requests", "--max-queued-requests", "ALOFT_MAX_QUEUED_REQUESTS", true, "N",
          "Requests that wait for a thread before more are refused, 1..100000.",
          Integer.toString(LIMITS.maxQueuedRequests()),
          (d, t) -> limits(d, l -> l.withConnections(l.maxThreads(), (int) integer(t, 1, 100_000),
              l.maxConnections()))),
      new Setting("http.max_connections", "--max-connections", "ALOFT_MAX_CONNECTIONS", true, "N",
          "Open connections, 16..1000000.", Integer.toString(LIMITS.maxConnections()),
          (d, t) -> limits(d, l -> l.withConnections(l.maxThreads(), l.maxQueuedRequests(),
              (int) integer(t, 16, 1_000_000)))),
      new Setting("http.concurrent_uploads", "--concurrent-uploads", "ALOFT_CONCURRENT_UPLOADS", true, "N",
          "Uploads settled at once, at most half the threads.", Integer.toString(LIMITS.concurrentUploads()),
          (d, t) -> limits(d, l -> l.withUploads((int) integer(t, 1, 512), l.concurrentUploadsPerCaller(),
              l.uploadsPerCaller(), l.uploadsPerAddress()))),
      new Setting("http.concurrent_uploads_per_caller", "--concurrent-uploads-per-caller",
          "ALOFT_CONCURRENT_UPLOADS_PER_CALLER", true, "N",
          "Uploads one caller may have settling at once, at most concurrent_uploads.",
          Integer.toString(LIMITS.concurrentUploadsPerCaller()),
          (d, t) -> limits(d, l -> l.withUploads(l.concurrentUploads(), (int) integer(t, 1, 512),
              l.uploadsPerCaller(), l.uploadsPerAddress()))),
      new Setting("http.uploads_per_caller", "--uploads-per-caller", "ALOFT_UPLOADS_PER_CALLER", true, "N/PERIOD",
          "Uploads one caller may send, e.g. 600/1m.", "600/1m",
          (d, t) -> limits(d, l -> l.withUploads(l.concurrentUploads(), l.concurrentUploadsPerCaller(), rate(t),
              l.uploadsPerAddress()))),
      new Setting("http.uploads_per_address", "--uploads-per-address", "ALOFT_UPLOADS_PER_ADDRESS", true,
          "N/PERIOD", "Uploads one network address may send.", "1200/1m",
          (d, t) -> limits(d, l -> l.withUploads(l.concurrentUploads(), l.concurrentUploadsPerCaller(),
              l.uploadsPerCaller(), rate(t)))),
      new Setting("http.enrolments_per_caller", "--enrolments-per-caller", "ALOFT_ENROLMENTS_PER_CALLER", true,
          "N/PERIOD", "Enrolments one wallet may ask for.", "30/1m",
          (d, t) -> limits(d, l -> l.withEnrolments(rate(t), l.enrolmentsPerAddress()))),
      new Setting("http.enrolments_per_address", "--enrolments-per-address", "ALOFT_ENROLMENTS_PER_ADDRESS", true,
          "N/PERIOD", "Enrolments one network address may ask for.", "3000/1m",
          (d, t) -> limits(d, l -> l.withEnrolments(l.enrolmentsPerCaller(), rate(t)))),
      new Setting("http.authentication_failures_per_address", "--authentication-failures-per-address",
          "ALOFT_AUTHENTICATION_FAILURES_PER_ADDRESS", true, "N/PERIOD",
          "Refused keys one network address may send before it is slowed down.", "1000/1m",
          (d, t) -> limits(d, l -> l.withAuthenticationFailures(rate(t)))),
      new Setting("http.idempotency_max_age", "--idempotency-max-age", "ALOFT_IDEMPOTENCY_MAX_AGE", true, "DURATION",
          "How long an Idempotency-Key's answer is kept for retries before it is pruned, 1d..3650d.", "7d",
          (d, t) -> limits(d, l -> l.withIdempotencyMaxAge(durationBetween(t, HttpLimits.MIN_IDEMPOTENCY_MAX_AGE,
              HttpLimits.MAX_IDEMPOTENCY_MAX_AGE)))),
      new Setting("webhooks.allow_http_loopback", "--webhooks-allow-http-loopback",
          "ALOFT_WEBHOOKS_ALLOW_HTTP_LOOPBACK", true, "",
          "Allow webhook endpoints on http:// to a loopback address (tests, local development); every other"
              + " endpoint must be https://.", "false",
          (d, t) -> webhooks(d, w -> w.withAllowHttpLoopback(bool(t)))),
      new Setting("webhooks.timeout", "--webhooks-timeout", "ALOFT_WEBHOOKS_TIMEOUT", true, "DURATION",
          "How long a webhook receiver has to accept the connection, and again to answer, 1s..60s.", "10s",
          (d, t) -> webhooks(d, w -> w.withTimeout(durationBetween(t, WebhookPolicy.MIN_TIMEOUT,
              WebhookPolicy.MAX_TIMEOUT)))),
      new Setting("webhooks.max_attempts", "--webhooks-max-attempts", "ALOFT_WEBHOOKS_MAX_ATTEMPTS", true, "N",
          "Attempts of one webhook delivery before it is failed, 1..30.",
          Integer.toString(WebhookPolicy.defaults().maxAttempts()),
          (d, t) -> webhooks(d, w -> w.withMaxAttempts((int) integer(t, 1, WebhookPolicy.MAX_ATTEMPTS)))),
      new Setting("webhooks.retry_delay", "--webhooks-retry-delay", "ALOFT_WEBHOOKS_RETRY_DELAY", true, "DURATION",
          "Longest wait before a webhook delivery's second attempt; each later wait may be twice as long, drawn"
              + " at random from zero up (full jitter).", "30s",
          (d, t) -> webhooks(d, w -> {
            Duration first = durationBetween(t, Duration.ofSeconds(1), Duration.ofHours(1));
            return w.withRetryDelays(first, first.compareTo(w.maxRetryDelay()) > 0 ? first : w.maxRetryDelay());
          })),
      new Setting("webhooks.max_retry_delay", "--webhooks-max-retry-delay", "ALOFT_WEBHOOKS_MAX_RETRY_DELAY", true,
          "DURATION", "Longest wait between two attempts of a webhook delivery, at least retry_delay, up to 1d.",
          "6h", (d, t) -> webhooks(d, w -> w.withRetryDelays(w.retryDelay(),
              durationBetween(t, Duration.ofSeconds(1), WebhookPolicy.MAX_DELAY)))));

  private Settings() {}

  /** The setting with this file key, if any. */
  public static Optional<Setting> byKey(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  private static void limits(Draft draft, java.util.function.UnaryOperator<HttpLimits> change) {
    draft.config = draft.config.withHttpLimits(change.apply(draft.config.httpLimits()));
  }

  private static void webhooks(Draft draft, java.util.function.UnaryOperator<WebhookPolicy> change) {
    draft.config = draft.config.withWebhooks(change.apply(draft.config.webhooks()));
  }

  private static String jdbcUrl(String text) {
    String url = SettingValues.text(text, 2048);
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST:5432/aloft)");
    }
    return url;
  }

  private static java.util.Map<Integer, io.aloft.protocol.crypto.Signer> issuerKeys(String text) {
    return IssuerKeyStore.parse(text);
  }
}
