package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a terminal or wallet needs to decide offline, for one flight: issuer keys, the
 * airline's terminal certificates, revocations, the manifest of credentials enrolled on the
 * flight, an FX snapshot, the one-scan policy and the airline's catalogue. Issuer-signed,
 * versioned, and it expires.
 *
 * <pre>
 *   version, type       u8, u8 (1, 0x03)
 *   signerKeyId         u8        the issuer key that signed this bundle
 *   bundleVersion       varint    ≥ 1, grows with every change for this flight
 *   flightId            u32
 *   flightCode          varint length + UTF-8, ≤ 16 bytes ("9C8881")
 *   issuedAt, expiresAt u32, u32
 *   issuerKeys          count ≤ 16, each keyId u8 + Ed25519 key 32; ascending keyId
 *   terminals           count ≤ 1024, each a whole TerminalCertificate; ascending terminalId
 *   revokedCredentials  count ≤ 100000, each serial 8 bytes; ascending
 *   revokedTerminals    count ≤ 4096, each u32; ascending
 *   manifest            count ≤ 4096, each a whole OfflineCredential; ascending serial
 *   fxRates             count ≤ 64, each from u16, to u16, rateNanos varint; ascending (from, to)
 *   oneScanPolicy       window u16 seconds + max amounts (see {@link OneScanPolicy})
 *   catalogue           count ≤ 256 items; ascending sku (see {@link Catalogue})
 *   signature           64 bytes  issuer Ed25519
 * </pre>
 * Lists are sorted and free of duplicates, so every bundle has exactly one encoding. Terminals
 * get the whole bundle; wallets get its {@linkplain #withoutManifest wallet form}, whose
 * manifest is empty.
 */
public final class TrustBundle implements SignedMessage {
  public static final int MAX_ISSUER_KEYS = 16;
  public static final int MAX_TERMINALS = 1024;
  public static final int MAX_REVOKED_CREDENTIALS = 100_000;
  public static final int MAX_REVOKED_TERMINALS = 4096;
  public static final int MAX_MANIFEST = 4096;
  public static final int MAX_FX_RATES = 64;
  public static final int MAX_FLIGHT_CODE_BYTES = 16;

  private final int signerKeyId;
  private final long bundleVersion;
  private final long flightId;
  private final String flightCode;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final List<IssuerKey> issuerKeys;
  private final List<TerminalCertificate> terminals;
  private final List<CredentialSerial> revokedCredentials;
  private final List<Long> revokedTerminals;
  private final List<OfflineCredential> manifest;
  private final List<FxRate> fxRates;
  private final OneScanPolicy oneScanPolicy;
  private final Catalogue catalogue;
  private final Bytes signature;

  private final Map<Integer, IssuerKey> keysById = new HashMap<>();
  private final Map<Long, TerminalCertificate> terminalsById = new HashMap<>();
  // Revocation lists can be long; sets keep every acceptance check O(1).
  private final Set<CredentialSerial> revokedSet = new HashSet<>();
  private final Set<Long> revokedTerminalSet = new HashSet<>();
  private final Map<CredentialSerial, OfflineCredential> manifestBySerial = new HashMap<>();

  /** A bundle with the {@linkplain OneScanPolicy#DEFAULT default one-scan policy}. */
  public TrustBundle(int signerKeyId, long bundleVersion, long flightId, String flightCode,
      Instant issuedAt, Instant expiresAt, List<IssuerKey> issuerKeys,
      List<TerminalCertificate> terminals, List<CredentialSerial> revokedCredentials,
      List<Long> revokedTerminals, List<OfflineCredential> manifest, List<FxRate> fxRates,
      Bytes signature) {
    this(signerKeyId, bundleVersion, flightId, flightCode, issuedAt, expiresAt, issuerKeys, terminals,
        revokedCredentials, revokedTerminals, manifest, fxRates, OneScanPolicy.DEFAULT, signature);
  }

  /** A bundle with an empty catalogue. */
  public TrustBundle(int signerKeyId, long bundleVersion, long flightId, String flightCode,
      Instant issuedAt, Instant expiresAt, List<IssuerKey> issuerKeys,
      List<TerminalCertificate> terminals, List<CredentialSerial> revokedCredentials,
      List<Long> revokedTerminals, List<OfflineCredential> manifest, List<FxRate> fxRates,
      OneScanPolicy oneScanPolicy, Bytes signature) {
    this(signerKeyId, bundleVersion, flightId, flightCode, issuedAt, expiresAt, issuerKeys, terminals,
        revokedCredentials, revokedTerminals, manifest, fxRates, oneScanPolicy, Catalogue.EMPTY, signature);
  }

  /** Builds a bundle; lists are copied and sorted into canonical order. Duplicates are refused. */
  public TrustBundle(int signerKeyId, long bundleVersion, long flightId, String flightCode,
      Instant issuedAt, Instant expiresAt, List<IssuerKey> issuerKeys,
      List<TerminalCertificate> terminals, List<CredentialSerial> revokedCredentials,
      List<Long> revokedTerminals, List<OfflineCredential> manifest, List<FxRate> fxRates,
      OneScanPolicy oneScanPolicy, Catalogue catalogue, Bytes signature) {
    OfflineCredential.checkKeyId(signerKeyId);
    this.signerKeyId = signerKeyId;
    this.bundleVersion = checkVersion(bundleVersion);
    this.flightId = Wire.checkU32("flightId", flightId, 1);
    this.flightCode = Wire.checkText("flightCode", flightCode, MAX_FLIGHT_CODE_BYTES);
    this.issuedAt = Wire.checkTime("issuedAt", issuedAt);
    this.expiresAt = Wire.checkTime("expiresAt", expiresAt);
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("expiresAt must be after issuedAt");
    }
    this.issuerKeys = sorted(issuerKeys, Comparator.comparingInt(IssuerKey::keyId), MAX_ISSUER_KEYS, "issuerKeys");
    this.terminals = sorted(terminals, Comparator.comparingLong(TerminalCertificate::terminalId), MAX_TERMINALS, "terminals");
    this.revokedCredentials = sorted(revokedCredentials, Comparator.naturalOrder(), MAX_REVOKED_CREDENTIALS, "revokedCredentials");
    this.revokedTerminals = sorted(revokedTerminals, Comparator.naturalOrder(), MAX_REVOKED_TERMINALS, "revokedTerminals");
    this.manifest = sorted(manifest, Comparator.comparing(OfflineCredential::serial), MAX_MANIFEST, "manifest");
    this.fxRates = sorted(fxRates, Comparator.comparingInt((FxRate r) -> r.from().numericCode())
        .thenComparingInt(r -> r.to().numericCode()), MAX_FX_RATES, "fxRates");
    this.oneScanPolicy = Objects.requireNonNull(oneScanPolicy, "oneScanPolicy");
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    this.signature = Objects.requireNonNull(signature, "signature");
    if (!signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
    index();
  }

  private static long checkVersion(long version) {
    if (version < 1) {
      throw new IllegalArgumentException("bundleVersion must be ≥ 1: " + version);
    }
    return version;
  }

  private static <T> List<T> sorted(List<T> items, Comparator<? super T> order, int max, String name) {
    if (items == null || items.size() > max) {
      throw new IllegalArgumentException(name + " must have at most " + max + " entries");
    }
    List<T> copy = new ArrayList<>(items);
    copy.sort(order);
    for (int i = 1; i < copy.size(); i++) {
      if (order.compare(copy.get(i - 1), copy.get(i)) == 0) {
        throw new IllegalArgumentException(name + " has a duplicate: " + copy.get(i));
      }
    }
    return List.copyOf(copy);
  }

  private void index() {
    issuerKeys.forEach(k -> keysById.put(k.keyId(), k));
    terminals.forEach(t -> terminalsById.put(t.terminalId(), t));
    manifest.forEach(c -> manifestBySerial.put(c.serial(), c));
    revokedSet.addAll(revokedCredentials);
    revokedTerminalSet.addAll(revokedTerminals);
  }

  @Override
  public MessageType type() {
    return MessageType.TRUST_BUNDLE;
  }

  public int signerKeyId() { return signerKeyId; }
  public long bundleVersion() { return bundleVersion; }
  public long flightId() { return flightId; }
  public String flightCode() { return flightCode; }
  public Instant issuedAt() { return issuedAt; }
  public Instant expiresAt() { return expiresAt; }
  public List<IssuerKey> issuerKeys() { return issuerKeys; }
  public List<TerminalCertificate> terminals() { return terminals; }
  public List<CredentialSerial> revokedCredentials() { return revokedCredentials; }
  public List<Long> revokedTerminals() { return revokedTerminals; }
  public List<OfflineCredential> manifest() { return manifest; }
  public List<FxRate> fxRates() { return fxRates; }
  public OneScanPolicy oneScanPolicy() { return oneScanPolicy; }
  /** What the airline sells on this flight; empty when it has set none. */
  public Catalogue catalogue() { return catalogue; }

  @Override
  public Bytes signature() {
    return signature;
  }

  public Optional<IssuerKey> issuerKey(int keyId) {
    return Optional.ofNullable(keysById.get(keyId));
  }

  public Optional<TerminalCertificate> terminal(long terminalId) {
    return Optional.ofNullable(terminalsById.get(terminalId));
  }

  public Optional<OfflineCredential> manifestEntry(CredentialSerial serial) {
    return Optional.ofNullable(manifestBySerial.get(serial));
  }

  public boolean isRevoked(CredentialSerial serial) {
    return revokedSet.contains(serial);
  }

  public boolean isTerminalRevoked(long terminalId) {
    return revokedTerminalSet.contains(terminalId);
  }

  public Optional<FxRate> fxRate(CurrencyUnit from, CurrencyUnit to) {
    return fxRates.stream().filter(r -> r.from().equals(from) && r.to().equals(to)).findFirst();
  }

  public TrustBundle signedBy(Signer issuer) {
    TrustBundle unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(issuer.sign(unsigned.signingInput())));
  }

  /**
   * The wallet form of this bundle, signed by {@code issuer}: the same fields (the catalogue
   * too) with an empty manifest, so a passenger never downloads co-passengers' device keys, serials and tiers. It
   * verifies like any bundle. Ed25519 signing is deterministic, so one bundle always has one wallet
   * form, byte for byte.
   */
  public TrustBundle withoutManifest(Signer issuer) {
    return new TrustBundle(signerKeyId, bundleVersion, flightId, flightCode, issuedAt, expiresAt,
        issuerKeys, terminals, revokedCredentials, revokedTerminals, List.of(), fxRates, oneScanPolicy, catalogue,
        Bytes.empty())
        .signedBy(issuer);
  }

  private TrustBundle withSignature(Bytes newSignature) {
    return new TrustBundle(signerKeyId, bundleVersion, flightId, flightCode, issuedAt, expiresAt,
        issuerKeys, terminals, revokedCredentials, revokedTerminals, manifest, fxRates, oneScanPolicy, catalogue,
        newSignature);
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.u8(signerKeyId).varint(bundleVersion).u32(flightId).utf8(flightCode, MAX_FLIGHT_CODE_BYTES);
    Wire.writeTime(out, issuedAt);
    Wire.writeTime(out, expiresAt);
    out.varint(issuerKeys.size());
    issuerKeys.forEach(k -> out.u8(k.keyId()).fixed(k.key().encoded(), 32));
    out.varint(terminals.size());
    terminals.forEach(t -> out.raw(t.encode()));
    out.varint(revokedCredentials.size());
    revokedCredentials.forEach(s -> out.fixed(s.value(), CredentialSerial.LENGTH));
    out.varint(revokedTerminals.size());
    revokedTerminals.forEach(out::u32);
    out.varint(manifest.size());
    manifest.forEach(c -> out.raw(c.encode()));
    out.varint(fxRates.size());
    fxRates.forEach(r -> {
      Wire.writeCurrency(out, r.from());
      Wire.writeCurrency(out, r.to());
      out.varint(r.rateNanos());
    });
    oneScanPolicy.write(out);
    catalogue.write(out);
  }

  public static TrustBundle decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.TRUST_BUNDLE);
    int signerKeyId = Wire.readKeyId(in);
    long version = in.varint(1, Long.MAX_VALUE);
    long flightId = Wire.readId(in);
    String flightCode = Wire.readText(in, MAX_FLIGHT_CODE_BYTES);
    Instant issuedAt = Wire.readTime(in);
    Instant expiresAt = Wire.readTime(in);
    List<IssuerKey> keys = new ArrayList<>();
    for (int i = in.count(MAX_ISSUER_KEYS); i > 0; i--) {
      int keyId = Wire.readKeyId(in);
      var key = Wire.readEd25519Key(in);
      keys.add(Wire.construct(() -> new IssuerKey(keyId, key)));
    }
    List<TerminalCertificate> terminals = new ArrayList<>();
    for (int i = in.count(MAX_TERMINALS); i > 0; i--) {
      terminals.add(TerminalCertificate.read(in));
    }
    List<CredentialSerial> revoked = new ArrayList<>();
    for (int i = in.count(MAX_REVOKED_CREDENTIALS); i > 0; i--) {
      revoked.add(Wire.readSerial(in));
    }
    List<Long> revokedTerminals = new ArrayList<>();
    for (int i = in.count(MAX_REVOKED_TERMINALS); i > 0; i--) {
      revokedTerminals.add(in.u32());
    }
    List<OfflineCredential> manifest = new ArrayList<>();
    for (int i = in.count(MAX_MANIFEST); i > 0; i--) {
      manifest.add(OfflineCredential.read(in));
    }
    List<FxRate> rates = new ArrayList<>();
    for (int i = in.count(MAX_FX_RATES); i > 0; i--) {
      CurrencyUnit from = Wire.readCurrency(in);
      CurrencyUnit to = Wire.readCurrency(in);
      long rate = in.varint(1, Long.MAX_VALUE);
      rates.add(Wire.construct(() -> new FxRate(from, to, rate)));
    }
    OneScanPolicy oneScan = OneScanPolicy.read(in);
    Catalogue catalogue = Catalogue.read(in);
    Bytes signature = Wire.readSignature(in);
    in.finish();
    TrustBundle bundle = Wire.construct(() -> new TrustBundle(signerKeyId, version, flightId, flightCode,
        issuedAt, expiresAt, keys, terminals, revoked, revokedTerminals, manifest, rates, oneScan, catalogue, signature));
    // Lists must arrive in canonical order; the constructor sorted them, so compare bytes.
    if (!java.util.Arrays.equals(bundle.encode(), encoded)) {
      throw Wire.nonCanonical("trust bundle lists are not in canonical order");
    }
    return bundle;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrustBundle that
        && signature.equals(that.signature)
        && java.util.Arrays.equals(body(), that.body());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(body());
  }

  @Override
  public String toString() {
    return "TrustBundle[flight " + flightCode + " (" + flightId + "), version " + bundleVersion
        + ", expires " + expiresAt + ", " + terminals.size() + " terminals, "
        + manifest.size() + " credentials, " + catalogue.items().size() + " catalogue items]";
  }
}
