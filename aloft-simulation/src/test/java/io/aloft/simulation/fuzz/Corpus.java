package io.aloft.simulation.fuzz;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SignedMessage;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.protocol.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Genuine messages of every type, signed by the keys that rightfully sign them, from fixed seeds:
 * the seeds the fuzzer mutates, and the oracle it judges acceptances by. A verifier that accepts
 * anything whose signed body is not one of {@link #genuineBodies()} accepted a forgery.
 *
 * <p>Two payers (P-256 and Ed25519), two certified terminals of two merchants, one flight.
 */
public final class Corpus {
  public static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");
  /** When codes are signed; verifiers judge them at {@link #NOW}. */
  public static final Instant CODE_TIME = T0.plusSeconds(5);
  public static final Instant NOW = T0.plusSeconds(10);
  public static final long FLIGHT_ID = 8881;
  public static final long TERMINAL_ID = 7;
  public static final long MERCHANT_ID = 42;
  public static final long OTHER_TERMINAL_ID = 8;
  public static final long OTHER_MERCHANT_ID = 43;
  public static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  public static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  public static final long PER_PAYMENT_LIMIT = 200_000;
  public static final long TOTAL_LIMIT = 500_000;

  public final SoftwareSigner issuer = key(SignatureAlgorithm.ED25519, 1);
  public final SoftwareSigner terminalKey = key(SignatureAlgorithm.ED25519, 2);
  public final SoftwareSigner otherTerminalKey = key(SignatureAlgorithm.ED25519, 4);
  public final List<Payer> payers = List.of(
      payer(key(SignatureAlgorithm.ECDSA_P256, 3), "00aa000000000001"),
      payer(key(SignatureAlgorithm.ED25519, 5), "00aa000000000002"));
  public final TerminalCertificate certificate = certificate(TERMINAL_ID, MERCHANT_ID, terminalKey);
  public final TerminalCertificate otherCertificate = certificate(OTHER_TERMINAL_ID, OTHER_MERCHANT_ID, otherTerminalKey);
  public final TrustBundle bundle;
  public final List<PaymentRequest> requests = new ArrayList<>();
  public final List<PaymentAuthorization> authorizations = new ArrayList<>();
  public final List<Receipt> receipts = new ArrayList<>();
  public final List<RefundNote> refunds = new ArrayList<>();
  public final TerminalBatch batch;
  /** What terminal 7 accepted, for terminal 8; and terminal 7's answer to terminal 8's challenge. */
  public final CabinDigest cabinDigest;
  public final CabinHello cabinHello;
  public static final Bytes CABIN_CHALLENGE = Bytes.fromHex("5a".repeat(CabinHello.CHALLENGE_LENGTH));

  private final List<SignedMessage> genuine = new ArrayList<>();
  private final Set<Bytes> genuineBodies = new HashSet<>();
  private final Map<Bytes, Bytes> genuineSignatures = new HashMap<>();

  /** A payer: device key and issuer-signed credential. */
  public record Payer(SoftwareSigner device, OfflineCredential credential) {}

  public Corpus() {
    bundle = new TrustBundle(1, 3, FLIGHT_ID, "9C8881", T0.minusSeconds(3600), T0.plusSeconds(12 * 3600),
        List.of(issuerKey()), List.of(certificate, otherCertificate),
        List.of(CredentialSerial.fromHex("00ff000000000009")), List.of(99L),
        payers.stream().map(Payer::credential).toList(),
        List.of(new FxRate(EUR, CNY, 7_800_000_000L)), OneScanPolicy.DEFAULT, Catalogue.of(
            new CatalogueItem("DF-PERFUME-50", "duty_free", "Eau de parfum 50 ml", "淡香精 50 毫升", 68_000, CNY),
            new CatalogueItem("DR-TEA", "drinks", "Jasmine tea", "茉莉花茶", 1_500, CNY),
            new CatalogueItem("SV-PLANE", "souvenirs", "Model plane", "飞机模型", 1_900, EUR)),
        Bytes.empty()).signedBy(issuer);
    PaymentRequest plain = request(TERMINAL_ID, MERCHANT_ID, terminalKey, Money.of(16_800, CNY), List.of(), 1);
    PaymentRequest withItems = request(TERMINAL_ID, MERCHANT_ID, terminalKey, Money.of(4_500, CNY),
        List.of(new LineItem("Jasmine tea", 3, 1_500)), 2);
    PaymentRequest otherMerchant = request(OTHER_TERMINAL_ID, OTHER_MERCHANT_ID, otherTerminalKey,
        Money.of(900, EUR), List.of(), 3);
    requests.addAll(List.of(plain, withItems, otherMerchant));

    Payer p256 = payers.get(0);
    Payer ed = payers.get(1);
    PaymentAuthorization handshake = handshake(p256, plain, 1, 16_800);
    authorizations.add(handshake);
    authorizations.add(handshake(ed, withItems, 1, 4_500));
    authorizations.add(oneScan(p256, AuthorizationKind.ONE_SCAN_EXACT, false, 2, 16_800 + 2_000, 2_000, Optional.empty()));
    authorizations.add(oneScan(p256, AuthorizationKind.ONE_SCAN_CAP, false, 3, 18_800 + 5_000, 5_000, Optional.empty()));
    authorizations.add(oneScan(ed, AuthorizationKind.ONE_SCAN_EXACT, true, 2, 4_500 + 800, 800, Optional.empty()));
    // 10.00 EUR at 7.8 = 78.00 CNY against the credential.
    authorizations.add(oneScan(ed, AuthorizationKind.ONE_SCAN_EXACT, false, 3, 5_300 + 7_800, 1_000, Optional.of(EUR)));

    Receipt receipt = new Receipt(handshake.paymentId(), TERMINAL_ID, Money.of(16_800, CNY), Receipt.digestOf(handshake),
        NOW, 1, Bytes.empty()).signedBy(terminalKey);
    receipts.add(receipt);
    RefundNote refund = new RefundNote(handshake.paymentId(), 1, TERMINAL_ID, Money.of(500, CNY), NOW,
        Bytes.empty()).signedBy(terminalKey);
    refunds.add(refund);
    batch = new TerminalBatch(TERMINAL_ID, 1, NOW, List.of(
        new BatchEntry.Payment(1, Bytes.of(handshake.encode()), Bytes.of(plain.encode()), Bytes.of(receipt.encode())),
        new BatchEntry.Refund(2, Bytes.of(refund.encode()))), Bytes.empty()).signedBy(terminalKey);

    cabinDigest = new CabinDigest(TERMINAL_ID, FLIGHT_ID, NOW, 1, Bytes.of(new byte[32]), List.of(
        new CabinDigest.Credential(p256.credential().serial(), 16_800, List.of(new CabinDigest.Payment(
            handshake.counter(), Receipt.digestOf(handshake), handshake.cumulativeMinor(), 16_800)))),
        Bytes.empty()).signedBy(terminalKey);
    cabinHello = new CabinHello(TERMINAL_ID, OTHER_TERMINAL_ID, FLIGHT_ID, CABIN_CHALLENGE, Bytes.empty())
        .signedBy(terminalKey);

    genuine.add(bundle);
    genuine.add(certificate);
    genuine.add(otherCertificate);
    payers.forEach(p -> genuine.add(p.credential()));
    genuine.addAll(requests);
    genuine.addAll(authorizations);
    genuine.addAll(receipts);
    genuine.addAll(refunds);
    genuine.add(batch);
    genuine.add(cabinDigest);
    genuine.add(cabinHello);
    genuine.forEach(m -> genuineBodies.add(Bytes.of(m.body())));
    genuine.forEach(m -> genuineSignatures.put(Bytes.of(m.body()), m.signature()));
  }

  public static SoftwareSigner key(SignatureAlgorithm algorithm, int seed) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) seed);
    bytes[31] = 1;
    return SoftwareSigner.fromPrivateKey(algorithm, Bytes.of(bytes));
  }

  private Payer payer(SoftwareSigner device, String serialHex) {
    OfflineCredential credential = new OfflineCredential(CredentialSerial.fromHex(serialHex), 1, device.publicKey(),
        CNY, PER_PAYMENT_LIMIT, TOTAL_LIMIT, T0.minusSeconds(3600), T0.plusSeconds(24 * 3600), FLIGHT_ID, 3,
        Bytes.empty()).signedBy(issuer);
    return new Payer(device, credential);
  }

  private TerminalCertificate certificate(long terminalId, long merchantId, SoftwareSigner key) {
    return new TerminalCertificate(1, terminalId, merchantId, "Cart " + terminalId, key.publicKey(),
        T0.minusSeconds(86_400), T0.plusSeconds(365L * 86_400), Bytes.empty()).signedBy(issuer);
  }

  private static PaymentRequest request(long terminalId, long merchantId, SoftwareSigner key, Money amount,
      List<LineItem> items, int nonceSeed) {
    byte[] nonce = new byte[PaymentRequest.NONCE_LENGTH];
    java.util.Arrays.fill(nonce, (byte) (0xa0 + nonceSeed));
    return new PaymentRequest(terminalId, merchantId, amount, PaymentRequest.digestOf(items), Bytes.of(nonce), T0,
        3, items, Bytes.empty()).signedBy(key);
  }

  /** The payer's genuine answer to {@code request}. */
  public static PaymentAuthorization handshake(Payer payer, PaymentRequest request, long counter, long cumulativeMinor) {
    return new PaymentAuthorization(AuthorizationKind.HANDSHAKE, payer.credential().serial(), Optional.empty(), counter,
        cumulativeMinor, request.amount().amountMinor(), Optional.empty(), CODE_TIME, request.nonce(), Bytes.empty())
        .signedBy(payer.device(), Optional.of(request));
  }

  public static PaymentAuthorization oneScan(Payer payer, AuthorizationKind kind, boolean selfContained, long counter,
      long cumulativeMinor, long amountMinor, Optional<CurrencyUnit> currency) {
    return new PaymentAuthorization(kind, payer.credential().serial(),
        selfContained ? Optional.of(payer.credential()) : Optional.empty(), counter, cumulativeMinor, amountMinor,
        currency, CODE_TIME, Bytes.empty(), Bytes.empty()).signedBy(payer.device(), Optional.empty());
  }

  public IssuerKey issuerKey() {
    return new IssuerKey(1, issuer.publicKey());
  }

  /** Every genuine message, in a fixed order: the fuzzer's seeds. */
  public List<SignedMessage> genuine() {
    return List.copyOf(genuine);
  }

  /** Signed bodies (everything but the signature) of every genuine message. */
  public Set<Bytes> genuineBodies() {
    return Set.copyOf(genuineBodies);
  }

  /**
   * Whether {@code message} is one its rightful key signed: a genuine body with its genuine
   * signature, or with that signature's ECDSA twin {@code (r, n - s)}, which verifies too and
   * which docs/protocol.md accepts (payment ids never depend on signature bytes).
   */
  public boolean isGenuine(SignedMessage message) {
    Bytes signature = genuineSignatures.get(Bytes.of(message.body()));
    return signature != null && (signature.equals(message.signature()) || isEcdsaTwin(signature, message.signature()));
  }

  /** The key entitled to sign {@code message} in this flight, by the identity it claims. */
  public Optional<VerificationKey> rightfulKey(SignedMessage message) {
    if (message instanceof PaymentAuthorization authorization) {
      return bundle.manifestEntry(authorization.serial()).map(OfflineCredential::deviceKey);
    }
    if (message instanceof PaymentRequest request) {
      return terminalKey(request.terminalId());
    }
    if (message instanceof Receipt receipt) {
      return terminalKey(receipt.terminalId());
    }
    if (message instanceof RefundNote note) {
      return terminalKey(note.terminalId());
    }
    if (message instanceof TerminalBatch terminalBatch) {
      return terminalKey(terminalBatch.terminalId());
    }
    if (message instanceof CabinDigest digest) {
      return terminalKey(digest.terminalId());
    }
    if (message instanceof CabinHello hello) {
      return terminalKey(hello.terminalId());
    }
    return Optional.of(issuer.publicKey());
  }

  private Optional<VerificationKey> terminalKey(long terminalId) {
    return bundle.terminal(terminalId).map(TerminalCertificate::terminalKey);
  }

  /** Whether two P1363 signatures are (r, s) and (r, n - s) on P-256. */
  public static boolean isEcdsaTwin(Bytes a, Bytes b) {
    byte[] x = a.toByteArray();
    byte[] y = b.toByteArray();
    if (!Arrays.equals(x, 0, 32, y, 0, 32)) {
      return false;
    }
    BigInteger sum = new BigInteger(1, Arrays.copyOfRange(x, 32, 64)).add(new BigInteger(1, Arrays.copyOfRange(y, 32, 64)));
    return sum.equals(P256_ORDER);
  }

  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  public Optional<PaymentRequest> requestAnswered(PaymentAuthorization authorization) {
    return requests.stream().filter(r -> r.nonce().equals(authorization.requestNonce())).findFirst();
  }

  public Optional<PaymentAuthorization> authorization(PaymentId id) {
    return authorizations.stream().filter(a -> a.paymentId().equals(id)).findFirst();
  }
}
