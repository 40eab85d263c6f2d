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
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
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
