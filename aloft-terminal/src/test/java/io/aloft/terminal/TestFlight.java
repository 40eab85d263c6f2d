package io.aloft.terminal;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.anchor.BundleMarkFile;
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
import io.aloft.terminal.sqlite.SqliteStorage;
import io.aloft.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A flight built from fixed seeds: an issuer, this terminal, and payers enrolled in the manifest.
 * Tests derive codes and bundles from it; every key is deterministic, so runs replay exactly.
 */
public final class TestFlight {
  public static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");
  public static final long FLIGHT_ID = 8881;
  public static final long TERMINAL_ID = 7;
  public static final long MERCHANT_ID = 42;
  public static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  public static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  public static final long PER_PAYMENT_LIMIT = 200_000;
  public static final long TOTAL_LIMIT = 500_000;

  public final SoftwareSigner issuer = signer(SignatureAlgorithm.ED25519, 1);
  public final SoftwareSigner terminalKey = signer(SignatureAlgorithm.ED25519, 2);
  public final List<Payer> payers = new ArrayList<>();
  public final TerminalCertificate certificate;

  /** A payer: their device key and credential. */
  public record Payer(SoftwareSigner device, OfflineCredential credential) {}

  public TestFlight(int payerCount) {
    for (int i = 0; i < payerCount; i++) {
      payers.add(payer(i, FLIGHT_ID, T0.minusSeconds(3600), T0.plusSeconds(24 * 3600)));
    }
    certificate = certificate(terminalKey, T0.minusSeconds(86_400), T0.plusSeconds(365L * 86_400));
  }

  public static SoftwareSigner signer(SignatureAlgorithm algorithm, int seed) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) seed);
    bytes[0] = (byte) (seed >> 8);
    bytes[31] = 1;
    return SoftwareSigner.fromPrivateKey(algorithm, Bytes.of(bytes));
  }

  public Payer payer(int index, long flightId, Instant validFrom, Instant validUntil) {
    SoftwareSigner device = signer(SignatureAlgorithm.ECDSA_P256, 100 + index);
    CredentialSerial serial = CredentialSerial.fromHex(String.format("00aa%012x", index));
    OfflineCredential credential = new OfflineCredential(serial, 1, device.publicKey(), CNY, PER_PAYMENT_LIMIT,
        TOTAL_LIMIT, validFrom, validUntil, flightId, 3, Bytes.empty()).signedBy(issuer);
    return new Payer(device, credential);
  }

  public TerminalCertificate certificate(SoftwareSigner key, Instant validFrom, Instant validUntil) {
    return new TerminalCertificate(1, TERMINAL_ID, MERCHANT_ID, "Spring Airlines cart 1", key.publicKey(),
        validFrom, validUntil, Bytes.empty()).signedBy(issuer);
  }

  /** Cart {@code index} of the cabin: cart 0 is this flight's terminal, cart n is terminal 7 + n. */
  public long cartId(int index) {
    return TERMINAL_ID + index;
  }

  public SoftwareSigner cartKey(int index) {
    return index == 0 ? terminalKey : signer(SignatureAlgorithm.ED25519, 40 + index);
  }

  public TerminalCertificate cartCertificate(int index) {
    if (index == 0) {
      return certificate;
    }
    return new TerminalCertificate(1, cartId(index), MERCHANT_ID, "Spring Airlines cart " + (index + 1),
        cartKey(index).publicKey(), T0.minusSeconds(86_400), T0.plusSeconds(365L * 86_400), Bytes.empty())
        .signedBy(issuer);
  }

  /** The bundle builder with carts 0 .. carts − 1 certified. */
  public BundleBuilder cabinBundle(int carts) {
    List<TerminalCertificate> certificates = new ArrayList<>();
    for (int i = 0; i < carts; i++) {
      certificates.add(cartCertificate(i));
    }
    return bundle().terminals(certificates);
  }

  /** Cart {@code index} over SQLite in {@code directory}, with {@code bundle} installed. */
  public Terminal openCart(int index, Path directory, java.time.Clock clock, byte[] bundle) {
    try {
      java.nio.file.Files.createDirectories(directory);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Terminal cart = Terminal.open(TerminalConfig.of(cartId(index), List.of(issuerKey())), cartKey(index),
        SqliteStorage.open(directory.resolve("terminal.db")), clock, new java.security.SecureRandom());
    if (!cart.installBundle(bundle).isAccepted()) {
      throw new AssertionError("cabin bundle refused by cart " + index);
    }
    return cart;
  }

  public IssuerKey issuerKey() {
    return new IssuerKey(1, issuer.publicKey());
  }

  public TerminalConfig config() {
    return TerminalConfig.of(TERMINAL_ID, List.of(issuerKey()));
  }

  /** Bundle builder with this flight's defaults: version 1, expires T0 + 12 h. */
  public BundleBuilder bundle() {
    return new BundleBuilder();
  }

  public final class BundleBuilder {
    long version = 1;
    long flightId = FLIGHT_ID;
    Instant expiresAt = T0.plusSeconds(12 * 3600);
    List<TerminalCertificate> terminals = new ArrayList<>(List.of(certificate));
    List<CredentialSerial> revoked = new ArrayList<>();
    List<Long> revokedTerminals = new ArrayList<>();
    List<OfflineCredential> manifest = new ArrayList<>(payers.stream().map(Payer::credential).toList());
    SoftwareSigner signedBy = issuer;
    int signerKeyId = 1;
    OneScanPolicy oneScan = OneScanPolicy.DEFAULT;
    Catalogue catalogue = Catalogue.EMPTY;
    List<IssuerKey> issuerKeys = List.of(issuerKey());

    public BundleBuilder version(long v) { version = v; return this; }
    public BundleBuilder oneScan(OneScanPolicy policy) { oneScan = policy; return this; }
    public BundleBuilder catalogue(Catalogue items) { catalogue = items; return this; }
    public BundleBuilder flight(long id) { flightId = id; return this; }
    public BundleBuilder expiresAt(Instant at) { expiresAt = at; return this; }
    public BundleBuilder terminals(List<TerminalCertificate> list) { terminals = new ArrayList<>(list); return this; }
    public BundleBuilder revoke(CredentialSerial serial) { revoked.add(serial); return this; }
    public BundleBuilder revokeTerminal(long id) { revokedTerminals.add(id); return this; }
    public BundleBuilder manifest(List<OfflineCredential> list) { manifest = new ArrayList<>(list); return this; }
    public BundleBuilder signedBy(int keyId, SoftwareSigner key) { signerKeyId = keyId; signedBy = key; return this; }
    public BundleBuilder carrying(List<IssuerKey> keys) { issuerKeys = List.copyOf(keys); return this; }

    public TrustBundle build() {
      return new TrustBundle(signerKeyId, version, flightId, "9C8881", T0.minusSeconds(3600), expiresAt,
          issuerKeys, terminals, revoked, revokedTerminals, manifest,
          List.of(new FxRate(EUR, CNY, 7_800_000_000L)), oneScan, catalogue, Bytes.empty()).signedBy(signedBy);
    }

    public byte[] encode() {
      return build().encode();
    }
  }

  /** A one-scan code for an exact amount, signed at T0 + 5 s. */
  public PaymentAuthorization oneScan(Payer payer, long counter, long cumulativeMinor, long amountMinor) {
    return code(payer, AuthorizationKind.ONE_SCAN_EXACT, counter, cumulativeMinor, amountMinor, false,
        Optional.empty(), T0.plusSeconds(5));
  }

  public PaymentAuthorization code(Payer payer, AuthorizationKind kind, long counter, long cumulativeMinor,
      long amountMinor, boolean selfContained, Optional<CurrencyUnit> currency, Instant time) {
    return new PaymentAuthorization(kind, payer.credential().serial(),
        selfContained ? Optional.of(payer.credential()) : Optional.empty(), counter, cumulativeMinor, amountMinor,
        currency, time, Bytes.empty(), Bytes.empty()).signedBy(payer.device(), Optional.empty());
  }

  /** The wallet's answer to {@code request}. */
  public PaymentAuthorization handshake(Payer payer, PaymentRequest request, long counter, long cumulativeMinor) {
    return new PaymentAuthorization(AuthorizationKind.HANDSHAKE, payer.credential().serial(), Optional.empty(),
        counter, cumulativeMinor, request.amount().amountMinor(), Optional.empty(), T0.plusSeconds(5),
        request.nonce(), Bytes.empty()).signedBy(payer.device(), Optional.of(request));
  }

  public static Money cny(long minor) {
    return Money.of(minor, CNY);
  }

  /**
   * A terminal over SQLite in {@code directory}, keyed with this flight's terminal key, recording
   * installed bundles in {@code directory/bundle-mark} as {@link Terminal#openInDirectory} does.
   */
  public Terminal openTerminal(Path directory, MutableClock clock) {
    try {
      java.nio.file.Files.createDirectories(directory);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Terminal.open(config(), terminalKey, SqliteStorage.open(directory.resolve("terminal.db")),
        new BundleMarkFile(directory.resolve(Terminal.BUNDLE_MARK_FILE)), clock, new java.security.SecureRandom());
  }

  /** As {@link #openTerminal}, with the bundle installed. */
  public Terminal openWithBundle(Path directory, MutableClock clock) {
    Terminal terminal = openTerminal(directory, clock);
    if (!terminal.installBundle(bundle().encode()).isAccepted()) {
      throw new AssertionError("fixture bundle refused");
    }
    return terminal;
  }
}
