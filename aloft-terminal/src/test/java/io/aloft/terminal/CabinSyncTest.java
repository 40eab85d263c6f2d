package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.sale.Sale;
import io.aloft.testkit.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terminals of one flight sharing what they accepted: after a cart merges another's digest, a code
 * accepted there is a replay here, and spend there counts toward the credential's total limit
 * here. Digests are verified, kept durably, verified again when read back, and never uploaded.
 */
class CabinSyncTest {
  private static final long L = TestFlight.TOTAL_LIMIT;
  private static final long P = TestFlight.PER_PAYMENT_LIMIT;

  @TempDir Path directory;
  final TestFlight flight = new TestFlight(2);
  final MutableClock clock = new MutableClock(T0.plusSeconds(10));
  final byte[] bundle = flight.cabinBundle(4).encode();
  final List<Terminal> carts = new ArrayList<>();

  @AfterEach
  void closeCarts() {
    carts.forEach(Terminal::close);
  }

  private Terminal cart(int index) {
    while (carts.size() <= index) {
      carts.add(null);
    }
    if (carts.get(index) == null) {
      carts.set(index, flight.openCart(index, directory.resolve("cart-" + index), clock, bundle));
    }
    return carts.get(index);
  }

  private void reopen(int index) {
    carts.get(index).close();
    carts.set(index, null);
    cart(index);
  }

  /** Sends {@code from}'s digest to {@code to}; the verdict {@code to} gave. */
  private Verdict<CabinDigest> send(int from, int to) {
    return cart(to).receiveCabinDigest(cart(from).cabinDigest().orElseThrow().encode());
  }

  private PaymentAuthorization code(int payer, long counter, long cumulative, long amount) {
    return flight.oneScan(flight.payers.get(payer), counter, cumulative, amount);
  }

  private static Verdict<Sale> scan(Terminal cart, PaymentAuthorization code) {
    return cart.accept(code.toQrText());
  }

  @Test
  void aCodeAcceptedAtAnotherCart_isRefusedAsReplayed_onceThatCartsDigestIsMerged() {
    PaymentAuthorization screenshot = code(0, 1, 10_000, 10_000);
    assertThat(scan(cart(0), screenshot).isAccepted()).isTrue();
    assertThat(send(0, 1).isAccepted()).isTrue();
    assertThat(scan(cart(1), screenshot).reason()).isEqualTo(Reason.REPLAYED_COUNTER);
    // Other payers and this payer's next counter are not affected.
    assertThat(scan(cart(1), code(1, 1, 5_000, 5_000)).isAccepted()).isTrue();
    assertThat(scan(cart(1), code(0, 2, 20_000, 10_000)).isAccepted()).isTrue();
  }

  @Test
  void spendAtOtherCarts_countsTowardTheTotalLimit() {
    // A cloned wallet: copy A pays 1,500.00 twice at cart 0; copy B paid 1,499.99 at cart 1 under counter 1.
    assertThat(scan(cart(0), code(0, 1, 150_000, 150_000)).isAccepted()).isTrue();
    assertThat(scan(cart(0), code(0, 2, 300_000, 150_000)).isAccepted()).isTrue();
    assertThat(scan(cart(1), code(0, 1, 149_999, 149_999)).isAccepted()).isTrue();
    assertThat(send(0, 1).isAccepted()).isTrue();
    // Copy B's next code follows counter 2's cumulative, but the cabin has taken 4,499.99 already.
    assertThat(scan(cart(1), code(0, 3, 400_000, 100_000)).reason()).isEqualTo(Reason.OVER_TOTAL_LIMIT);
    assertThat(scan(cart(1), code(0, 3, 350_001, 50_001)).isAccepted()).as("exactly up to the limit").isTrue();
  }

  @Test
  void aDigestThatIsForgedFromAnotherFlightOrMalformed_isRefusedAndChangesNothing() {
    PaymentAuthorization code = code(0, 1, 10_000, 10_000);
    assertThat(scan(cart(0), code).isAccepted()).isTrue();
    CabinDigest genuine = cart(0).cabinDigest().orElseThrow();
    CabinDigest forged = new CabinDigest(genuine.terminalId(), genuine.flightId(), genuine.madeAt(),
        genuine.journalSequence(), genuine.journalHash(), genuine.credentials(), Bytes.empty())
        .signedBy(TestFlight.signer(io.aloft.protocol.crypto.SignatureAlgorithm.ED25519, 99));
    CabinDigest otherFlight = new CabinDigest(genuine.terminalId(), 4242, genuine.madeAt(),
        genuine.journalSequence(), genuine.journalHash(), genuine.credentials(), Bytes.empty())
        .signedBy(flight.cartKey(0));
    CabinDigest unknownTerminal = new CabinDigest(99, genuine.flightId(), genuine.madeAt(),
        genuine.journalSequence(), genuine.journalHash(), genuine.credentials(), Bytes.empty())
        .signedBy(flight.cartKey(0));
    assertThat(cart(1).receiveCabinDigest(forged.encode()).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(cart(1).receiveCabinDigest(otherFlight.encode()).reason()).isEqualTo(Reason.WRONG_FLIGHT);
    assertThat(cart(1).receiveCabinDigest(unknownTerminal.encode()).reason()).isEqualTo(Reason.UNKNOWN_TERMINAL);
    assertThat(cart(1).receiveCabinDigest(new byte[] {1, 0x0D, 0}).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(cart(1).receiveCabinDigest(code.encode()).reason()).isEqualTo(Reason.WRONG_KIND);
    assertThat(cart(0).receiveCabinDigest(genuine.encode()).reason()).isEqualTo(Reason.WRONG_TERMINAL);
    assertThat(scan(cart(1), code).isAccepted()).as("nothing refused was merged").isTrue();
  }

  @Test
  void aDigestFromARevokedTerminal_isRefused_andOneKeptBeforeTheRevocationStopsCounting() {
    PaymentAuthorization code = code(0, 1, 10_000, 10_000);
    scan(cart(0), code);
    assertThat(send(0, 1).isAccepted()).isTrue();
    assertThat(scan(cart(1), code).reason()).isEqualTo(Reason.REPLAYED_COUNTER);
    byte[] revoking = flight.cabinBundle(4).version(2).revokeTerminal(flight.cartId(0)).encode();
    assertThat(cart(1).installBundle(revoking).isAccepted()).isTrue();
    assertThat(send(0, 1).reason()).isEqualTo(Reason.TERMINAL_REVOKED);
    assertThat(scan(cart(1), code).isAccepted()).as("the revoked terminal's digest no longer counts").isTrue();
  }

  @Test
  void aMergedDigest_survivesARestart_andIsVerifiedAgainWhenReadBack() throws Exception {
    PaymentAuthorization code = code(0, 1, 10_000, 10_000);
    scan(cart(0), code);
    send(0, 1);
    reopen(1);
    assertThat(scan(cart(1), code).reason()).isEqualTo(Reason.REPLAYED_COUNTER);

    // A kept digest edited on disk no longer verifies, so it is not merged after the next open.
    carts.get(1).close();
    carts.set(1, null);
    Path database = directory.resolve("cart-1").resolve("terminal.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        PreparedStatement select = connection.prepareStatement("SELECT id, encoded FROM cabin_digest");
        ResultSet row = select.executeQuery()) {
      assertThat(row.next()).isTrue();
      byte[] encoded = row.getBytes(2);
      encoded[encoded.length - 1] ^= 1;
      try (PreparedStatement update = connection.prepareStatement("UPDATE cabin_digest SET encoded = ? WHERE id = ?")) {
        update.setBytes(1, encoded);
        update.setLong(2, row.getLong(1));
        update.executeUpdate();
      }
    }
    assertThat(scan(cart(1), code).isAccepted()).isTrue();
  }

  @Test
  void theSameDigestTwice_isKeptOnce_andANewerOneReplacesWhatItCovers() throws Exception {
    scan(cart(0), code(0, 1, 10_000, 10_000));
    byte[] first = cart(0).cabinDigest().orElseThrow().encode();
    assertThat(cart(1).receiveCabinDigest(first).isAccepted()).isTrue();
    assertThat(cart(1).receiveCabinDigest(first).isAccepted()).isTrue();
    assertThat(keptDigests(1)).isEqualTo(1);
    scan(cart(0), code(0, 2, 20_000, 10_000));
    assertThat(send(0, 1).isAccepted()).isTrue();
    assertThat(keptDigests(1)).isEqualTo(1);
  }

  private long keptDigests(int cart) throws Exception {
    try (Connection connection = DriverManager.getConnection(
            "jdbc:sqlite:" + directory.resolve("cart-" + cart).resolve("terminal.db"));
        ResultSet row = connection.createStatement().executeQuery("SELECT count(*) FROM cabin_digest")) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void whileAPeerIsOutOfContact_aCartTakesOnePaymentPerCredential_andAllAgainOnceItHearsThePeer() {
    cart(0).setCabinContactWindow(java.time.Duration.ofSeconds(30));
    cart(0).notePeerHeard(flight.cartId(1), "127.0.0.1:7702");
    assertThat(scan(cart(0), code(0, 1, 10_000, 10_000)).isAccepted()).isTrue();
    assertThat(scan(cart(0), code(0, 2, 20_000, 10_000)).isAccepted()).as("cart 1 was just heard").isTrue();
    clock.advance(java.time.Duration.ofSeconds(31));
    assertThat(scan(cart(0), code(0, 3, 30_000, 10_000)).isAccepted()).as("first payment since contact was lost")
        .isTrue();
    Verdict<Sale> second = scan(cart(0), code(0, 4, 40_000, 10_000));
    assertThat(second.reason()).isEqualTo(Reason.OVER_TOTAL_LIMIT);
    assertThat(((Verdict.Rejected<Sale>) second).detail()).contains("out of contact with terminal 8");
    assertThat(scan(cart(0), code(1, 1, 1_000, 1_000)).isAccepted()).as("another passenger").isTrue();
    assertThat(cart(0).cabinStatus(java.time.Duration.ofSeconds(30)).outOfContact()).isEqualTo(3);
    cart(0).notePeerHeard(flight.cartId(1), "127.0.0.1:7702");
    assertThat(scan(cart(0), code(0, 4, 40_000, 10_000)).isAccepted()).isTrue();
    // A cart that never synced with anyone is not limited.
    assertThat(scan(cart(1), code(1, 2, 2_000, 1_000)).isAccepted()).isTrue();
    assertThat(scan(cart(1), code(1, 3, 3_000, 1_000)).isAccepted()).isTrue();
  }

  @Test
  void receivedDigests_areNotUploadedAsPayments() {
    scan(cart(0), code(0, 1, 10_000, 10_000));
    send(0, 1);
    scan(cart(1), code(1, 1, 5_000, 5_000));
    List<BatchEntry> entries = cart(1).nextBatch().orElseThrow().entries();
    assertThat(entries).hasSize(1);
    assertThat(cart(1).offlineStatus().pendingPayments()).isEqualTo(1);
  }

  @Test
  void ownDigest_listsThisCartsPayments_signedAndAtItsJournalHead_highestCountersFirstToGo() throws Exception {
    for (int counter = 1; counter <= CabinDigest.MAX_PAYMENTS_PER_CREDENTIAL + 2; counter++) {
      assertThat(scan(cart(0), code(0, counter, counter * 100L, 100)).isAccepted()).isTrue();
    }
    PaymentAuthorization other = code(1, 1, 700, 700);
    scan(cart(0), other);
    CabinDigest digest = CabinDigest.decode(cart(0).cabinDigest().orElseThrow().encode());
    assertThat(digest.terminalId()).isEqualTo(flight.cartId(0));
    assertThat(digest.flightId()).isEqualTo(TestFlight.FLIGHT_ID);
    assertThat(digest.journalSequence()).isEqualTo(cart(0).journalSequence());
    assertThat(io.aloft.protocol.crypto.Signatures.verify(flight.cartKey(0).publicKey(), digest.signingInput(),
        digest.signature())).isTrue();
    CabinDigest.Credential first = digest.credentials().stream()
        .filter(c -> c.serial().equals(flight.payers.get(0).credential().serial())).findFirst().orElseThrow();
    assertThat(first.payments()).hasSize(CabinDigest.MAX_PAYMENTS_PER_CREDENTIAL);
    assertThat(first.payments().get(0).counter()).isEqualTo(3);
    assertThat(first.highestCumulativeMinor()).isEqualTo((CabinDigest.MAX_PAYMENTS_PER_CREDENTIAL + 2) * 100L);
    CabinDigest.Credential second = digest.credentials().stream()
        .filter(c -> c.serial().equals(flight.payers.get(1).credential().serial())).findFirst().orElseThrow();
    assertThat(second.payments()).containsExactly(new CabinDigest.Payment(1, Receipt.digestOf(other), 700, 700));
  }

  @Test
  void aCopiedWalletAndAScreenshotAtFourCartsInContact_takeAtMostTheTotalLimitPlusOnePaymentPerCart() {
    // Every round each of four copies pays the most it can at its own cart at once; then the
    // carts exchange digests, as cabin sync does after every sale. Copy 0 also shows the
    // screenshot of its first code at every cart.
    int carts = 4;
    long taken = 0;
    long[] cumulative = new long[carts];
    PaymentAuthorization screenshot = code(0, 1, P, P);
    for (int cart = 0; cart < carts; cart++) {
      taken += scan(cart(cart), screenshot).isAccepted() ? P : 0;
    }
    exchangeAll(carts);
    for (int round = 0; round < 6; round++) {
      for (int copy = 0; copy < carts; copy++) {
        long counter = 2 + round * carts + copy;
        long amount = P - copy - round;
        cumulative[copy] = Math.min(L, cumulative[copy] + amount);
        Verdict<Sale> sale = scan(cart(copy), code(0, counter, Math.max(cumulative[copy], amount), amount));
        taken += sale.isAccepted() ? amount : 0;
      }
      exchangeAll(carts);
    }
    assertThat(taken).isGreaterThanOrEqualTo(carts * P).isLessThanOrEqualTo(L + carts * P);
  }

  private void exchangeAll(int carts) {
    for (int from = 0; from < carts; from++) {
      for (int to = 0; to < carts; to++) {
        if (from != to) {
          assertThat(send(from, to).isAccepted()).isTrue();
        }
      }
    }
  }
}
