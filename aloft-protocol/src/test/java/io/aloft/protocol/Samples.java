package io.aloft.protocol;

import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.MessageType;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SignedMessage;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One signed message of every kind, with realistic (not tiny) values, built from the fixed seeds
 * of {@link Flight}. The committed vectors, the QR size bounds and the tamper tests all use these,
 * so a change to any layout shows up in all three.
 */
public final class Samples {
  /** Past 127, so the counter takes a two-byte varint as it will after a few flights. */
  public static final long COUNTER = 200;
  /** 168.00 CNY: at least 16384 minor units, so a three-byte varint. */
  public static final long AMOUNT_MINOR = 16_800;
  public static final long CUMULATIVE_MINOR = 48_000;
  /** Two items in two categories, one priced in another currency than the flight's. */
  public static final Catalogue CATALOGUE = Catalogue.of(
      new CatalogueItem("DF-PERFUME-50", "duty_free", "Eau de parfum 50 ml", "淡香精 50 毫升", 68_000, Flight.CNY),
      new CatalogueItem("DR-TEA", "drinks", "Jasmine tea", "茉莉花茶", 1_500, Flight.EUR));

  /** How to read a message of one kind back from bytes. */
  @FunctionalInterface
  public interface Decoder {
    SignedMessage decode(byte[] encoded) throws DecodeException;
  }

  /**
   * A named signed message, the key that must verify it, and for a handshake the request it
   * answers (part of what the device signed).
   */
  public record Sample(String name, SignedMessage message, VerificationKey signer,
      Optional<PaymentRequest> answered, Decoder decoder) {

    /** True when {@code candidate}'s signature verifies under this sample's signer. */
    public boolean verifies(SignedMessage candidate) {
      byte[] input = candidate instanceof PaymentAuthorization authorization
          ? authorization.signingInput(answered)
          : candidate.signingInput();
      return Signatures.verify(signer, input, candidate.signature());
    }
  }

  public final Flight flight = new Flight(SignatureAlgorithm.ECDSA_P256);
  public final TrustBundle bundle;
  public final PaymentRequest request;
  public final PaymentRequest requestWithItems;
  public final PaymentAuthorization handshake;
  public final PaymentAuthorization selfContained;
  public final PaymentAuthorization cap;
  public final PaymentAuthorization foreignCurrency;
  public final Receipt receipt;
  public final RefundNote refund;
  public final TerminalBatch batch;
  public final CabinDigest cabinDigest;
  public final CabinHello cabinHello;
  /** The issuer's answer to {@link #batch}. */
  public final SettlementReport batchReport;
  /** A wallet's two bills: the handshake with its request, receipt and refund, and a one-scan code alone. */
  public final WalletUpload walletUpload;
  /** The issuer's answer to {@link #walletUpload}. */
  public final SettlementReport walletReport;
  /** Three payment ids: the handshake's, the one-scan code's, and one the issuer never saw. */
  public final OutcomeQuery outcomeQuery;
  /** The issuer's answer to {@link #outcomeQuery}: settled, rejected, pending. */
  public final SettlementReport outcomesReport;
  /** A bundle revoking 200 credentials: a count of two varint bytes ({@code c8 01}). */
  public final TrustBundle bundleWith200Revocations;

  /**
   * A named message that travels over HTTP rather than as a QR code, signed or not. {@code
   * encoded} is what the vector file holds; {@code decoder} reads it back.
   */
  public record HttpSample(String name, MessageType type, byte[] encoded, Optional<VerificationKey> signer,
      HttpDecoder decoder) {}

  /** Reads an HTTP message back; {@link #encode} writes the decoded value again. */
  @FunctionalInterface
  public interface HttpDecoder {
    Object decode(byte[] encoded) throws DecodeException;

    static byte[] encode(Object decoded) {
      if (decoded instanceof SignedMessage signed) {
        return signed.encode();
      }
      return decoded instanceof WalletUpload upload ? upload.encode() : ((OutcomeQuery) decoded).encode();
    }
  }

  public Samples() {
    bundle = flight.bundle(3, Flight.T0.plusSeconds(12 * 3600), List.of(flight.terminal),
        List.of(CredentialSerial.fromHex("f0f1f2f3f4f5f6f7")), List.of(99L),
        OneScanPolicy.of(java.time.Duration.ofSeconds(90), Money.of(30_000, Flight.CNY)), CATALOGUE);
    request = flight.request(AMOUNT_MINOR);
    List<LineItem> items = List.of(new LineItem("Coffee", 2, 2_800), new LineItem("Silk scarf", 1, 11_200));
    requestWithItems = new PaymentRequest(Flight.TERMINAL_ID, Flight.MERCHANT_ID, Money.of(AMOUNT_MINOR, Flight.CNY),
        PaymentRequest.digestOf(items), Bytes.fromHex("b1b2b3b4b5b6b7b8"), Flight.T0, 3, items, Bytes.empty())
        .signedBy(flight.terminalKey);
    handshake = flight.handshake(request, COUNTER, CUMULATIVE_MINOR);
    selfContained = flight.oneScan(AuthorizationKind.ONE_SCAN_EXACT, Optional.of(flight.credential), AMOUNT_MINOR,
        Optional.empty(), COUNTER + 1, CUMULATIVE_MINOR + AMOUNT_MINOR);
    cap = flight.oneScan(AuthorizationKind.ONE_SCAN_CAP, Optional.empty(), 20_000, Optional.empty(), COUNTER + 2,
        CUMULATIVE_MINOR + AMOUNT_MINOR + 20_000);
    foreignCurrency = flight.oneScan(AuthorizationKind.ONE_SCAN_EXACT, Optional.empty(), 2_150,
        Optional.of(Flight.EUR), COUNTER + 3, CUMULATIVE_MINOR + AMOUNT_MINOR + 20_000 + 16_770);
    receipt = new Receipt(handshake.paymentId(), Flight.TERMINAL_ID, Money.of(AMOUNT_MINOR, Flight.CNY),
        Receipt.digestOf(handshake), Flight.NOW, 1234, Bytes.empty()).signedBy(flight.terminalKey);
    refund = new RefundNote(new PaymentId(Flight.SERIAL, COUNTER), 1, Flight.TERMINAL_ID,
        Money.of(2_800, Flight.CNY), Flight.NOW.plusSeconds(600), Bytes.empty()).signedBy(flight.terminalKey);
    batch = new TerminalBatch(Flight.TERMINAL_ID, 17, Flight.T0.plusSeconds(4 * 3600), List.of(
        new BatchEntry.Payment(1234, Bytes.of(handshake.encode()), Bytes.of(request.encode()),
            Bytes.of(receipt.encode())),
        new BatchEntry.Refund(1235, Bytes.of(refund.encode()))), Bytes.empty()).signedBy(flight.terminalKey);
    // Two payers' payments as terminal 7 journaled them: the handshake and two one-scan codes of
    // one, and one payment of another.
    cabinDigest = new CabinDigest(Flight.TERMINAL_ID, Flight.FLIGHT_ID, Flight.NOW.plusSeconds(60), 1236,
        Bytes.fromHex("c0".repeat(32)), List.of(
            new CabinDigest.Credential(Flight.SERIAL, CUMULATIVE_MINOR + AMOUNT_MINOR + 20_000, List.of(
                cabinPayment(handshake, AMOUNT_MINOR),
                cabinPayment(selfContained, AMOUNT_MINOR),
                cabinPayment(cap, 20_000))),
            new CabinDigest.Credential(CredentialSerial.fromHex("f8f9fafbfcfdfeff"), 4_500, List.of(
                new CabinDigest.Payment(1, Bytes.fromHex("d0".repeat(16)), 4_500, 4_500)))),
        Bytes.empty()).signedBy(flight.terminalKey);
    cabinHello = new CabinHello(Flight.TERMINAL_ID, 8, Flight.FLIGHT_ID, Bytes.fromHex("e0".repeat(32)),
        Bytes.empty()).signedBy(flight.terminalKey);
    Instant settledAt = Flight.T0.plusSeconds(6 * 3600);
    PaymentId handshakeId = handshake.paymentId();
    Money charged = Money.of(AMOUNT_MINOR, Flight.CNY);
    Money refunded = Money.of(2_800, Flight.CNY);
    batchReport = report(SettlementReport.Subject.TERMINAL_BATCH, Flight.TERMINAL_ID, 17, settledAt, List.of(
        new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 1234, Optional.of(handshakeId), 0,
            SettlementOutcome.SETTLED, Optional.empty(), Optional.of(charged)),
        new SettlementReport.Entry(SettlementReport.EntryKind.REFUND, 1235, Optional.of(handshakeId), 1,
            SettlementOutcome.SETTLED, Optional.empty(), Optional.of(refunded))));
    walletUpload = new WalletUpload(List.of(
        new WalletUpload.Bill(Bytes.of(handshake.encode()), Bytes.of(request.encode()), Bytes.of(receipt.encode()),
            List.of(Bytes.of(refund.encode()))),
        new WalletUpload.Bill(Bytes.of(selfContained.encode()), Bytes.empty(), Bytes.empty(), List.of())));
    walletReport = report(SettlementReport.Subject.WALLET_UPLOAD, 0, 0, settledAt.plusSeconds(60), List.of(
        new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 0, Optional.of(handshakeId), 0,
            SettlementOutcome.DUPLICATE, Optional.empty(), Optional.of(charged)),
        new SettlementReport.Entry(SettlementReport.EntryKind.REFUND, 0, Optional.of(handshakeId), 1,
            SettlementOutcome.DUPLICATE, Optional.empty(), Optional.of(refunded)),
        new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 0, Optional.of(selfContained.paymentId()), 0,
            SettlementOutcome.PENDING, Optional.empty(), Optional.empty())));
    PaymentId neverSeen = new PaymentId(CredentialSerial.fromHex("f8f9fafbfcfdfeff"), 1);
    outcomeQuery = new OutcomeQuery(List.of(handshakeId, cap.paymentId(), neverSeen));
    outcomesReport = report(SettlementReport.Subject.OUTCOME_QUERY, 0, 0, settledAt.plusSeconds(120), List.of(
        new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 0, Optional.of(handshakeId), 0,
            SettlementOutcome.SETTLED, Optional.empty(), Optional.of(charged)),
        new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 0, Optional.of(cap.paymentId()), 0,
            SettlementOutcome.REJECTED, Optional.of(Reason.ONE_SCAN_CODE_STALE), Optional.empty()),
        new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 0, Optional.of(neverSeen), 0,
            SettlementOutcome.PENDING, Optional.empty(), Optional.empty())));
    List<CredentialSerial> revoked = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      revoked.add(new CredentialSerial(Bytes.of(java.util.Arrays.copyOf(
          io.aloft.protocol.crypto.Digests.sha256(("revoked " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
          CredentialSerial.LENGTH))));
    }
    bundleWith200Revocations = flight.bundle(4, Flight.T0.plusSeconds(12 * 3600), List.of(flight.terminal), revoked,
        List.of(99L), OneScanPolicy.of(java.time.Duration.ofSeconds(90), Money.of(30_000, Flight.CNY)), CATALOGUE);
  }

  private SettlementReport report(SettlementReport.Subject subject, long terminalId, long batchId, Instant issuedAt,
      List<SettlementReport.Entry> entries) {
    return new SettlementReport(1, subject, terminalId, batchId, issuedAt, entries, Bytes.empty())
        .signedBy(flight.issuer);
  }

  /** The messages that travel over HTTP only, in the order the vectors file lists them after {@link #all()}. */
  public List<HttpSample> http() {
    Optional<VerificationKey> issuer = Optional.of(flight.issuer.publicKey());
    return List.of(
        new HttpSample("trust-bundle-200-revocations", MessageType.TRUST_BUNDLE, bundleWith200Revocations.encode(),
            issuer, TrustBundle::decode),
        new HttpSample("settlement-report-terminal-batch", MessageType.SETTLEMENT_REPORT, batchReport.encode(), issuer,
            SettlementReport::decode),
        new HttpSample("wallet-upload", MessageType.WALLET_UPLOAD, walletUpload.encode(), Optional.empty(),
            WalletUpload::decode),
        new HttpSample("settlement-report-wallet-upload", MessageType.SETTLEMENT_REPORT, walletReport.encode(), issuer,
            SettlementReport::decode),
        new HttpSample("outcome-query", MessageType.OUTCOME_QUERY, outcomeQuery.encode(), Optional.empty(),
            OutcomeQuery::decode),
        new HttpSample("settlement-report-outcome-query", MessageType.SETTLEMENT_REPORT, outcomesReport.encode(),
            issuer, SettlementReport::decode));
  }

  private static CabinDigest.Payment cabinPayment(PaymentAuthorization authorization, long signedChargeMinor) {
    return new CabinDigest.Payment(authorization.counter(), Receipt.digestOf(authorization),
        authorization.cumulativeMinor(), signedChargeMinor);
  }

  /** Every sample, in the order the vectors file lists them. */
  public List<Sample> all() {
    VerificationKey issuer = flight.issuer.publicKey();
    VerificationKey terminal = flight.terminalKey.publicKey();
    VerificationKey device = flight.device.publicKey();
    Optional<PaymentRequest> none = Optional.empty();
    return List.of(
        new Sample("credential", flight.credential, issuer, none, OfflineCredential::decode),
        new Sample("terminal-certificate", flight.terminal, issuer, none, TerminalCertificate::decode),
        new Sample("trust-bundle", bundle, issuer, none, TrustBundle::decode),
        new Sample("payment-request", request, terminal, none, PaymentRequest::decode),
        new Sample("payment-request-with-items", requestWithItems, terminal, none, PaymentRequest::decode),
        new Sample("handshake-authorization", handshake, device, Optional.of(request), PaymentAuthorization::decode),
        new Sample("one-scan-self-contained", selfContained, device, none, PaymentAuthorization::decode),
        new Sample("one-scan-cap", cap, device, none, PaymentAuthorization::decode),
        new Sample("one-scan-foreign-currency", foreignCurrency, device, none, PaymentAuthorization::decode),
        new Sample("receipt", receipt, terminal, none, Receipt::decode),
        new Sample("refund-note", refund, terminal, none, RefundNote::decode),
        new Sample("terminal-batch", batch, terminal, none, TerminalBatch::decode),
        new Sample("cabin-digest", cabinDigest, terminal, none, CabinDigest::decode),
        new Sample("cabin-hello", cabinHello, terminal, none, CabinHello::decode));
  }

  public Sample named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
