package io.aloft.protocol;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.protocol.money.Money;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A small flight built from fixed seeds: one issuer, one terminal, one enrolled payer, and the
 * bundle that ties them. Tests derive what they need from it and tamper with copies.
 */
public final class Flight {
  public static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");
  /** The time a code is signed; {@link #NOW} is when the terminal checks it. */
  public static final Instant CODE_TIME = T0.plusSeconds(5);
  public static final Instant NOW = T0.plusSeconds(10);
  public static final long FLIGHT_ID = 8881;
  public static final long TERMINAL_ID = 7;
  public static final long MERCHANT_ID = 42;
  public static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  public static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  public static final CredentialSerial SERIAL = CredentialSerial.fromHex("0011223344556677");
  public static final Bytes NONCE = Bytes.fromHex("a1a2a3a4a5a6a7a8");
  public static final long PER_PAYMENT_LIMIT = 200_000;
  public static final long TOTAL_LIMIT = 500_000;

  public final SoftwareSigner issuer;
  public final SoftwareSigner terminalKey;
  public final SoftwareSigner device;
  public final OfflineCredential credential;
  public final TerminalCertificate terminal;
  public final TrustBundle bundle;

  public Flight(SignatureAlgorithm deviceAlgorithm) {
    issuer = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, seed(1));
    terminalKey = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, seed(2));
    device = SoftwareSigner.fromPrivateKey(deviceAlgorithm, seed(3));
    credential = credential(SERIAL, 1, T0.minusSeconds(3600), T0.plusSeconds(24 * 3600), FLIGHT_ID);
    terminal = terminalCertificate(TERMINAL_ID, T0.minusSeconds(86400), T0.plusSeconds(365L * 86400));
    bundle = bundle(1, T0.plusSeconds(12 * 3600), List.of(terminal), List.of(), List.of());
  }

  public static Bytes seed(int n) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) n);
    return Bytes.of(bytes);
  }

  /** An issuer-signed credential for this flight's device key with the usual limits. */
  public OfflineCredential credential(CredentialSerial serial, int issuerKeyId, Instant validFrom,
      Instant validUntil, long flightId) {
    return new OfflineCredential(serial, issuerKeyId, device.publicKey(), CNY, PER_PAYMENT_LIMIT,
        TOTAL_LIMIT, validFrom, validUntil, flightId, 3, Bytes.empty()).signedBy(issuer);
  }

  /** An issuer-signed certificate for this flight's terminal key under another id or validity. */
  public TerminalCertificate terminalCertificate(long terminalId, Instant validFrom, Instant validUntil) {
    return new TerminalCertificate(1, terminalId, MERCHANT_ID, "Spring Airlines cart 1",
        terminalKey.publicKey(), validFrom, validUntil, Bytes.empty()).signedBy(issuer);
  }

  /** This flight's bundle with the credential enrolled, varied where a test needs it. */
  public TrustBundle bundle(long version, Instant expiresAt, List<TerminalCertificate> terminals,
      List<CredentialSerial> revokedCredentials, List<Long> revokedTerminals) {
    return bundle(version, expiresAt, terminals, revokedCredentials, revokedTerminals, OneScanPolicy.DEFAULT);
  }

  /** This flight's bundle (version 1) with another one-scan policy. */
  public TrustBundle bundle(OneScanPolicy oneScan) {
    return bundle(1, T0.plusSeconds(12 * 3600), List.of(terminal), List.of(), List.of(), oneScan);
  }

  public TrustBundle bundle(long version, Instant expiresAt, List<TerminalCertificate> terminals,
      List<CredentialSerial> revokedCredentials, List<Long> revokedTerminals, OneScanPolicy oneScan) {
    return bundle(version, expiresAt, terminals, revokedCredentials, revokedTerminals, oneScan, Catalogue.EMPTY);
  }

  public TrustBundle bundle(long version, Instant expiresAt, List<TerminalCertificate> terminals,
      List<CredentialSerial> revokedCredentials, List<Long> revokedTerminals, OneScanPolicy oneScan,
      Catalogue catalogue) {
    return new TrustBundle(1, version, FLIGHT_ID, "9C8881", T0.minusSeconds(3600), expiresAt,
        List.of(new IssuerKey(1, issuer.publicKey())), terminals, revokedCredentials, revokedTerminals,
        List.of(credential), List.of(new FxRate(EUR, CNY, 7_800_000_000L)), oneScan, catalogue, Bytes.empty())
        .signedBy(issuer);
  }

  public PaymentRequest request(long amountMinor) {
    return request(TERMINAL_ID, MERCHANT_ID, Money.of(amountMinor, CNY), NONCE);
  }

  public PaymentRequest request(long terminalId, long merchantId, Money amount, Bytes nonce) {
    return new PaymentRequest(terminalId, merchantId, amount, PaymentRequest.digestOf(List.of()), nonce, T0,
        bundle.bundleVersion(), List.of(), Bytes.empty()).signedBy(terminalKey);
  }

  public PaymentAuthorization handshake(PaymentRequest request, long counter, long cumulativeMinor) {
    return new PaymentAuthorization(AuthorizationKind.HANDSHAKE, credential.serial(), Optional.empty(), counter,
        cumulativeMinor, request.amount().amountMinor(), Optional.empty(), CODE_TIME, request.nonce(),
        Bytes.empty()).signedBy(device, Optional.of(request));
  }

  public PaymentAuthorization oneScan(long amountMinor, long counter, long cumulativeMinor, boolean selfContained) {
    return oneScan(AuthorizationKind.ONE_SCAN_EXACT, selfContained ? Optional.of(credential) : Optional.empty(),
        amountMinor, Optional.empty(), counter, cumulativeMinor);
  }

  /** Any one-scan code this flight's device can sign: exact or cap, compact or self-contained. */
  public PaymentAuthorization oneScan(AuthorizationKind kind, Optional<OfflineCredential> embedded,
      long amountMinor, Optional<CurrencyUnit> currency, long counter, long cumulativeMinor) {
    CredentialSerial serial = embedded.map(OfflineCredential::serial).orElse(credential.serial());
    return new PaymentAuthorization(kind, serial, embedded, counter, cumulativeMinor, amountMinor, currency,
        CODE_TIME, Bytes.empty(), Bytes.empty()).signedBy(device, Optional.empty());
  }

  public static SecureRandom random() {
    return new SecureRandom();
  }
}
