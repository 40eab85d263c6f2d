package io.aloft.protocol.rules;

import static io.aloft.protocol.Flight.NOW;
import static io.aloft.protocol.Flight.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Flight;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cabin sync's rules: what a terminal merges (only digests signed by another terminal certified
 * for its flight), and what merging changes at this terminal (a counter accepted at another cart
 * is a replay here; spend at other carts counts toward the total limit).
 */
class CabinRulesTest {
  private static final Flight F = new Flight(SignatureAlgorithm.ECDSA_P256);
  private static final long HERE = Flight.TERMINAL_ID;
  private static final long PEER = 8;
  private static final SoftwareSigner PEER_KEY = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Flight.seed(9));
  private static final SoftwareSigner STRANGER_KEY =
      SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Flight.seed(10));
  private static final TrustBundle BUNDLE = bundle(List.of());

  private static TrustBundle bundle(List<Long> revokedTerminals) {
    TerminalCertificate peer = new TerminalCertificate(1, PEER, Flight.MERCHANT_ID, "Cart 8", PEER_KEY.publicKey(),
        T0.minusSeconds(86_400), T0.plusSeconds(86_400), Bytes.empty()).signedBy(F.issuer);
    return F.bundle(2, T0.plusSeconds(12 * 3600), List.of(F.terminal, peer), List.of(), revokedTerminals);
  }

  private static CabinDigest digest(long terminalId, long flightId, SoftwareSigner key, PaymentAuthorization... paid) {
    List<CabinDigest.Payment> payments = java.util.Arrays.stream(paid).map(CabinRulesTest::payment).toList();
    long highest = payments.stream().mapToLong(CabinDigest.Payment::cumulativeMinor).max().orElse(1);
    return new CabinDigest(terminalId, flightId, NOW, paid.length, Bytes.of(new byte[32]),
        List.of(new CabinDigest.Credential(Flight.SERIAL, highest, payments)), Bytes.empty()).signedBy(key);
  }

  private static CabinDigest.Payment payment(PaymentAuthorization code) {
    return new CabinDigest.Payment(code.counter(), Receipt.digestOf(code), code.cumulativeMinor(), code.amountMinor());
  }

  private static Verdict<CabinDigest> check(CabinDigest digest, TrustBundle bundle) {
    return CabinRules.checkDigest(digest, bundle, HERE, NOW, AcceptancePolicy.DEFAULT);
  }

  private static Verdict<AcceptedPayment> pay(PaymentAuthorization code, CredentialHistory history) {
    return PaymentRules.check(Presentation.oneScan(code), BUNDLE, HERE, history, NOW, AcceptancePolicy.DEFAULT);
  }

  @Test
  void digest_fromACertifiedPeerOfThisFlight_isAccepted() {
    assertThat(check(digest(PEER, Flight.FLIGHT_ID, PEER_KEY, F.oneScan(1_000, 1, 1_000, false)), BUNDLE).isAccepted())
        .isTrue();
  }

  @Test
  void digest_forgedUnknownRevokedOtherFlightOwnOrUnderAnExpiredBundle_isRefusedWithItsReason() {
    PaymentAuthorization code = F.oneScan(1_000, 1, 1_000, false);
    assertThat(check(digest(PEER, Flight.FLIGHT_ID, STRANGER_KEY, code), BUNDLE).reason())
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(check(digest(99, Flight.FLIGHT_ID, STRANGER_KEY, code), BUNDLE).reason())
        .isEqualTo(Reason.UNKNOWN_TERMINAL);
    assertThat(check(digest(PEER, Flight.FLIGHT_ID, PEER_KEY, code), bundle(List.of(PEER))).reason())
        .isEqualTo(Reason.TERMINAL_REVOKED);
    assertThat(check(digest(PEER, 4242, PEER_KEY, code), BUNDLE).reason()).isEqualTo(Reason.WRONG_FLIGHT);
    assertThat(check(digest(HERE, Flight.FLIGHT_ID, F.terminalKey, code), BUNDLE).reason())
        .isEqualTo(Reason.WRONG_TERMINAL);
    assertThat(CabinRules.checkDigest(digest(PEER, Flight.FLIGHT_ID, PEER_KEY, code), BUNDLE, HERE,
        T0.plusSeconds(30 * 86_400), AcceptancePolicy.DEFAULT).reason()).isEqualTo(Reason.BUNDLE_EXPIRED);
  }

  @Test
  void hello_answeringThisTerminalsChallenge_authenticatesThePeer_andNothingElseDoes() {
    Bytes challenge = Bytes.fromHex("11".repeat(32));
    CabinHello hello = new CabinHello(PEER, HERE, Flight.FLIGHT_ID, challenge, Bytes.empty()).signedBy(PEER_KEY);
    assertThat(CabinRules.checkHello(hello, BUNDLE, HERE, challenge, NOW, AcceptancePolicy.DEFAULT).value().terminalId())
        .isEqualTo(PEER);
    assertThat(CabinRules.checkHello(hello, BUNDLE, HERE, Bytes.fromHex("22".repeat(32)), NOW,
        AcceptancePolicy.DEFAULT).reason()).isEqualTo(Reason.REQUEST_MISMATCH);
    assertThat(CabinRules.checkHello(hello, BUNDLE, 3, challenge, NOW, AcceptancePolicy.DEFAULT).reason())
        .isEqualTo(Reason.WRONG_TERMINAL);
    CabinHello forged = new CabinHello(PEER, HERE, Flight.FLIGHT_ID, challenge, Bytes.empty()).signedBy(STRANGER_KEY);
    assertThat(CabinRules.checkHello(forged, BUNDLE, HERE, challenge, NOW, AcceptancePolicy.DEFAULT).reason())
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(CabinRules.checkHello(hello, bundle(List.of(PEER)), HERE, challenge, NOW, AcceptancePolicy.DEFAULT)
        .reason()).isEqualTo(Reason.TERMINAL_REVOKED);
    CabinHello otherFlight = new CabinHello(PEER, HERE, 4242, challenge, Bytes.empty()).signedBy(PEER_KEY);
    assertThat(CabinRules.checkHello(otherFlight, BUNDLE, HERE, challenge, NOW, AcceptancePolicy.DEFAULT).reason())
        .isEqualTo(Reason.WRONG_FLIGHT);
  }

  @Test
  void aCodeAcceptedAtAnotherCart_isAReplayHereOnceItsDigestIsMerged() {
    PaymentAuthorization screenshot = F.oneScan(10_000, 1, 10_000, false);
    assertThat(pay(screenshot, CredentialHistory.empty()).isAccepted()).isTrue();
    CabinView cabin = CabinView.empty().merge(digest(PEER, Flight.FLIGHT_ID, PEER_KEY, screenshot));
    CredentialHistory merged = cabin.historyOf(Flight.SERIAL, List.of());
    assertThat(pay(screenshot, merged).reason()).isEqualTo(Reason.REPLAYED_COUNTER);
  }

  @Test
  void theSameCodeAcceptedHereAndThere_countsTwice_forTwoMerchantsArePaid() {
    PaymentAuthorization code = F.oneScan(10_000, 1, 10_000, false);
    CabinView cabin = CabinView.empty().merge(digest(PEER, Flight.FLIGHT_ID, PEER_KEY, code));
    CredentialHistory merged = cabin.historyOf(Flight.SERIAL, List.of(new SeenPayment(1, 10_000, 10_000)));
    assertThat(merged.spentMinor()).isEqualTo(20_000);
    assertThat(merged.size()).isEqualTo(1);
  }

  @Test
  void aScreenshotReplayedAtCartsOneRoundAtATime_staysWithinTheTotalLimitPlusOnePaymentPerCart() {
    // Every round the same code is shown at four carts at once, then the carts exchange digests.
    long limit = Flight.TOTAL_LIMIT;
    long perPayment = Flight.PER_PAYMENT_LIMIT;
    int carts = 4;
    SoftwareSigner[] keys = {F.terminalKey, PEER_KEY, key(11), key(12)};
    TrustBundle bundle = F.bundle(3, T0.plusSeconds(12 * 3600), List.of(F.terminal, certificate(8, keys[1]),
        certificate(9, keys[2]), certificate(10, keys[3])), List.of(), List.of());
    long[] ids = {HERE, 8, 9, 10};
    List<List<SeenPayment>> journals = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>(),
        new java.util.ArrayList<>(), new java.util.ArrayList<>());
    List<List<PaymentAuthorization>> accepted = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>(),
        new java.util.ArrayList<>(), new java.util.ArrayList<>());
    CabinView cabin = CabinView.empty();
    long taken = 0;
    for (long counter = 1; counter <= 6; counter++) {
      PaymentAuthorization code = F.oneScan(perPayment, counter, counter * perPayment > limit ? limit : counter * perPayment, false);
      for (int cart = 0; cart < carts; cart++) {
        CabinView others = cabinWithout(cabin, ids[cart]);
        Verdict<AcceptedPayment> verdict = PaymentRules.check(Presentation.oneScan(code), bundle, ids[cart],
            others.historyOf(Flight.SERIAL, journals.get(cart)), NOW, AcceptancePolicy.DEFAULT);
        if (verdict.isAccepted()) {
          journals.get(cart).add(verdict.value().asSeen());
          accepted.get(cart).add(code);
          taken += perPayment;
        }
      }
      for (int cart = 0; cart < carts; cart++) {
        if (!accepted.get(cart).isEmpty()) {
          cabin = cabin.merge(digest(ids[cart], Flight.FLIGHT_ID, keys[cart],
              accepted.get(cart).toArray(PaymentAuthorization[]::new)));
        }
      }
    }
    assertThat(taken).isLessThanOrEqualTo(limit + carts * perPayment).isGreaterThanOrEqualTo(carts * perPayment);
  }

  /** A cart's view: what the other carts sent (its own digest never comes back to it). */
  private static CabinView cabinWithout(CabinView cabin, long terminalId) {
    CabinView view = CabinView.empty();
    for (var serial : cabin.serials()) {
      for (var entry : cabin.byTerminal(serial).entrySet()) {
        if (entry.getKey() != terminalId) {
          view = view.merge(new CabinDigest(entry.getKey(), Flight.FLIGHT_ID, NOW, 0, Bytes.of(new byte[32]),
              List.of(entry.getValue()), Bytes.empty()));
        }
      }
    }
    return view;
  }

  private static SoftwareSigner key(int seed) {
    return SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Flight.seed(seed));
  }

  private static TerminalCertificate certificate(long id, SoftwareSigner key) {
    return new TerminalCertificate(1, id, Flight.MERCHANT_ID, "Cart " + id, key.publicKey(),
        T0.minusSeconds(86_400), T0.plusSeconds(86_400), Bytes.empty()).signedBy(F.issuer);
  }

  @Test
  void aClonePayingAtTwoCarts_hasItsSpendAtTheOtherCartCountTowardTheTotalLimit() {
    // Copy A paid 2 × 200.00 at the peer; copy B paid 200.00 here under counter 1 with other content.
    PaymentAuthorization a1 = F.oneScan(200_000, 1, 200_000, false);
    PaymentAuthorization a2 = F.oneScan(200_000, 2, 400_000, false);
    PaymentAuthorization b1 = F.oneScan(199_999, 1, 199_999, false);
    List<SeenPayment> here = List.of(new SeenPayment(1, b1.cumulativeMinor(), b1.amountMinor()));
    PaymentAuthorization b3 = F.oneScan(100_000, 3, 500_000, false);
    // Alone, this cart sees 199.999 spent and takes 100.00 more.
    assertThat(pay(b3, CredentialHistory.of(here)).isAccepted()).isTrue();
    CabinView cabin = CabinView.empty().merge(digest(PEER, Flight.FLIGHT_ID, PEER_KEY, a1, a2));
    CredentialHistory merged = cabin.historyOf(Flight.SERIAL, here);
    assertThat(merged.spentMinor()).isEqualTo(599_999);
    assertThat(pay(b3, merged).reason()).isEqualTo(Reason.OVER_TOTAL_LIMIT);
    assertThat(pay(F.oneScan(200_000, 2, 400_000, false), merged).reason()).isEqualTo(Reason.REPLAYED_COUNTER);
  }

  @Test
  void anHonestWalletsPayments_arriveInAnyOrderAcrossCarts_andAllPass() {
    PaymentAuthorization p1 = F.oneScan(100_000, 1, 100_000, false);
    PaymentAuthorization p2 = F.oneScan(200_000, 2, 300_000, false);
    PaymentAuthorization p3 = F.oneScan(200_000, 3, 500_000, false);
    // The peer took counters 3 and 1 first; counter 2 comes here last and fills the gap exactly.
    CabinView cabin = CabinView.empty().merge(digest(PEER, Flight.FLIGHT_ID, PEER_KEY, p3, p1));
    assertThat(pay(p2, cabin.historyOf(Flight.SERIAL, List.of())).isAccepted()).isTrue();
  }
}
