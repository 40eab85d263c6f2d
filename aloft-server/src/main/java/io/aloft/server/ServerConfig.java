package io.aloft.server;

import io.aloft.protocol.client.TransportSecurity;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.crypto.SignatureVerification;
import io.aloft.server.crypto.VerificationProvider;
import io.aloft.server.http.HttpLimits;
import io.aloft.server.http.TlsFiles;
import io.aloft.server.score.DefaultScoreProvider;
import io.aloft.server.score.EligibilityPolicy;
import io.aloft.server.score.ScoreProvider;
import io.aloft.server.settlement.SettlementPolicy;
import io.aloft.server.webhook.WebhookPolicy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server can be told. {@link #defaults()} is the embedded, nothing-installed run:
 * data in {@code ./aloft-data}, PostgreSQL embedded there, keys generated on first start. Change one
 * setting at a time with the {@code with…} methods.
 *
 * @param host interface to listen on; loopback by default, so a fresh install is not exposed
 * @param port TCP port; 0 picks a free one (see {@link AloftServer#port()})
 * @param dataDirectory embedded PostgreSQL data, issuer keys and the admin key file
 * @param databaseUrl a JDBC URL of an external PostgreSQL; empty runs the embedded one
 * @param embeddedSettings extra {@code postgres -c} settings for the embedded server (tests turn fsync off)
 * @param binaryCache where the embedded PostgreSQL binaries are unpacked, shared by data folders
 * @param adminKey the operator's key; empty reads or creates {@code <data>/admin-key}
 * @param issuerKeys issuer signing keys by id; empty reads or creates {@code <data>/issuer-keys/}
 * @param settlement fee, acceptance policy and bundle fallback settlement runs with
 * @param settlementWindow how long after a credential's {@code validUntil} its unsettled payments
 *     still hold the payer's offline allowance; when it ends, a wallet's bill without a receipt that
 *     no terminal's upload settled is rejected ({@code NO_MERCHANT_RECORD}) and nothing settles
 *     under its counter afterwards. A terminal's upload after the window of a payment no wallet
 *     has closed still settles (the provider carries that risk); 72 h by default
 * @param writeOffAfter arrears at least this old are what an operator's write-off moves to the
 *     guarantee account unless the request says otherwise; 90 days by default
 * @param httpLimits read deadlines, thread pool, connection and upload caps, rate limits
 *     ({@link HttpLimits#defaults()}; docs/api.md, "Limits")
 * @param tls the certificate chain and key to serve HTTPS with; empty serves plain HTTP
 * @param insecureHttp whether plain HTTP may listen on an address other than loopback (where
 *     anyone on the network reads secrets and rewrites answers); without it such a start is refused
 * @param webhooks how webhook deliveries are sent and retried ({@link WebhookPolicy#defaults()})
 * @param verificationProvider which implementation verifies signatures ({@link SignatureVerification});
 *     Conscrypt where it loads by default
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDirectory,
    Optional<String> databaseUrl,
    Optional<String> databaseUser,
    Optional<String> databasePassword,
    Map<String, String> embeddedSettings,
    Path binaryCache,
    Optional<String> adminKey,
    Optional<Map<Integer, Signer>> issuerKeys,
    EligibilityPolicy eligibility,
    ScoreProvider scoreProvider,
    List<FxRate> fxRates,
    Duration terminalCertificateValidity,
    long maxRequestBytes,
    Clock clock,
    SecureRandom random,
    SettlementPolicy settlement,
    Duration settlementWindow,
    Duration writeOffAfter,
    HttpLimits httpLimits,
    Optional<TlsFiles> tls,
    boolean insecureHttp,
    WebhookPolicy webhooks,
    VerificationProvider verificationProvider) {

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxRequestBytes < 1024 || maxRequestBytes > 16 * 1024 * 1024) {
      throw new IllegalArgumentException("maxRequestBytes must be 1 KiB..16 MiB, got " + maxRequestBytes);
    }
    embeddedSettings = Map.copyOf(embeddedSettings);
    fxRates = List.copyOf(fxRates);
    issuerKeys = issuerKeys.map(Map::copyOf);
    if (settlementWindow.isNegative() || settlementWindow.compareTo(MAX_SETTLEMENT_WINDOW) > 0) {
      throw new IllegalArgumentException("settlementWindow must be 0.." + MAX_SETTLEMENT_WINDOW + ", got "
          + settlementWindow);
    }
    if (writeOffAfter.isNegative()) {
      throw new IllegalArgumentException("writeOffAfter must not be negative, got " + writeOffAfter);
    }
    java.util.Objects.requireNonNull(httpLimits, "httpLimits");
    java.util.Objects.requireNonNull(webhooks, "webhooks");
    java.util.Objects.requireNonNull(verificationProvider, "verificationProvider");
  }

  /** Default of {@link #settlementWindow}: three days covers a terminal that syncs after a long layover. */
  public static final Duration DEFAULT_SETTLEMENT_WINDOW = Duration.ofHours(72);
  /** A credential's allowance hold ends within a year of its validity, whatever is configured. */
  public static final Duration MAX_SETTLEMENT_WINDOW = Duration.ofDays(365);
  /** Default of {@link #writeOffAfter}. */
  public static final Duration DEFAULT_WRITE_OFF_AFTER = Duration.ofDays(90);

  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 8080, Path.of("aloft-data"), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of(), defaultBinaryCache(), Optional.empty(), Optional.empty(),
        EligibilityPolicy.defaults(), new DefaultScoreProvider(), List.of(), Duration.ofDays(365), 64 * 1024,
        Clock.systemUTC(), new SecureRandom(), SettlementPolicy.DEFAULT, DEFAULT_SETTLEMENT_WINDOW,
        DEFAULT_WRITE_OFF_AFTER, HttpLimits.defaults(), Optional.empty(), false, WebhookPolicy.defaults(), VerificationProvider.AUTO);
  }

  /** {@code ~/.cache/aloft}: unpacked once per user, not once per data folder (about 60 MB). */
  static Path defaultBinaryCache() {
    return Path.of(System.getProperty("user.home"), ".cache", "aloft");
  }

  public ServerConfig withHost(String value) {
    return new ServerConfig(value, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withPort(int value) {
    return new ServerConfig(host, value, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withDataDirectory(Path value) {
    return new ServerConfig(host, port, value, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withDatabase(String url, String user, String password) {
    return new ServerConfig(host, port, dataDirectory, Optional.of(url), Optional.ofNullable(user),
        Optional.ofNullable(password), embeddedSettings, binaryCache, adminKey, issuerKeys, eligibility, scoreProvider,
        fxRates, terminalCertificateValidity, maxRequestBytes, clock, random, settlement, settlementWindow,
        writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withEmbeddedSettings(Map<String, String> value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, value,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withBinaryCache(Path value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        value, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withAdminKey(String value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, Optional.of(value), issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withIssuerKeys(Map<Integer, Signer> value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, Optional.of(value), eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withEligibility(EligibilityPolicy value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, value, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withScoreProvider(ScoreProvider value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, value, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withFxRates(List<FxRate> value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, value, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withClock(Clock value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, value, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withSettlement(SettlementPolicy value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, value, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withSettlementWindow(Duration value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, value, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  /** Serves HTTPS with a PEM certificate chain and private key (see {@link TlsFiles}). */
  public ServerConfig withTls(TlsFiles value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, Optional.of(value), insecureHttp, webhooks, verificationProvider);
  }

  /** Allows plain HTTP on a non-loopback address: only on a network the operator controls end to end. */
  public ServerConfig withInsecureHttp(boolean value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, value, webhooks, verificationProvider);
  }

  /**
   * Why this configuration must not start, or empty: plain HTTP on an address other than
   * loopback without {@link #insecureHttp}.
   */
  public Optional<String> exposureProblem() {
    if (tls.isPresent() || insecureHttp || TransportSecurity.isLoopback(host)) {
      return Optional.empty();
    }
    return Optional.of("refusing to serve plain HTTP on " + host + ": anyone on that network could read the admin "
        + "key, merchant keys and wallet tokens and change every answer; give a certificate (--tls-cert FILE "
        + "--tls-key FILE), listen on 127.0.0.1 behind a TLS proxy, or pass --insecure-http on a network you control");
  }

  public ServerConfig withWriteOffAfter(Duration value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, value, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withTerminalCertificateValidity(Duration value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, value,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withMaxRequestBytes(long value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        value, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withHttpLimits(HttpLimits value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, value, tls, insecureHttp, webhooks, verificationProvider);
  }

  public ServerConfig withWebhooks(WebhookPolicy value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, value, verificationProvider);
  }

  public ServerConfig withVerificationProvider(VerificationProvider value) {
    return new ServerConfig(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, embeddedSettings,
        binaryCache, adminKey, issuerKeys, eligibility, scoreProvider, fxRates, terminalCertificateValidity,
        maxRequestBytes, clock, random, settlement, settlementWindow, writeOffAfter, httpLimits, tls, insecureHttp, webhooks,
        value);
  }
}
