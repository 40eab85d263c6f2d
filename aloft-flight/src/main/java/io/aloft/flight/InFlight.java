package io.aloft.flight;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.journal.JournalVerification;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The demo's flight, offline from the ground ({@link ScriptedStory}): rounds of purchases
 * (handshake, one-scan for an amount, one-scan with a cap) and the moments that test the system —
 * a refund, a payment above the limit, a terminal crash, a cloned wallet caught by cabin sync, one
 * terminal cut off from the cabin and back, a forged code. The terminals exchange cabin digests
 * before every sale. Each moment is one {@link FlightEvent}.
 */
final class InFlight {
  static final int ROUNDS = 3;
  private static final Duration PHOTO_SHOWN_AFTER = Duration.ofMinutes(3);
  private static final Money ORIGINAL_PAYS = Money.of(2_000, Cast.CURRENCY);
  private static final Money CLONE_PAYS = Money.of(3_500, Cast.CURRENCY);
  private static final Money CLONE_PAYS_AGAIN = Money.of(1_000, Cast.CURRENCY);
  private static final long FORGED_MINOR = 4_000;

  private final Aboard aboard;
  private final SplittableRandom story;
  private final Sales sales;

  InFlight(Aboard aboard) {
    this.aboard = aboard;
    this.story = aboard.story();
    this.sales = new Sales(aboard);
  }

  /** Flies the rounds. */
  void fly() throws IOException {
    List<WalletDevice> flyers = aboard.flyers();
    if (flyers.isEmpty()) {
      aboard.emit(new FlightEvent.NobodyEnrolled());
      return;
    }
    for (WalletDevice p : flyers) {
      if (p.spec().shortOfFunds()) {
        TerminalDevice t = aboard.terminal(0);
        sales.handshake(p, t, List.of(Cast.item(t.sdk().catalogue(), SeedCatalogue.MODEL_PLANE).lineItem(1)));
      }
    }
    for (int round = 1; round <= ROUNDS; round++) {
      aboard.emit(new FlightEvent.Round(round, ROUNDS));
      for (WalletDevice p : shuffled(flyers)) {
        if (story.nextInt(5) < 4) {
          buy(p, aboard.terminal(story.nextInt(aboard.terminals().size())));
        }
      }
      moments(round, flyers);
    }
  }

  private void moments(int round, List<WalletDevice> flyers) throws IOException {
    switch (round) {
      case 1 -> {
        sales.refundFirstHandshake();
        overLimit(pick(flyers));
        screenshot(pick(flyers));
      }
      case 2 -> {
        crash(aboard.lastTerminal(), pick(flyers));
        doubleSpend(flyers);
      }
      default -> {
        heal();
        forge(pick(flyers), aboard.terminal(story.nextInt(aboard.terminals().size())));
      }
    }
  }

  private void buy(WalletDevice p, TerminalDevice t) {
    long limit = p.spendableMinor();
    if (limit < 800) {
      return;
    }
    List<LineItem> basket = Cast.basket(story, limit, t.sdk().catalogue());
    int how = story.nextInt(20);
    if (how < 12) {
      sales.handshake(p, t, basket);
    } else if (how < 17) {
      sales.oneScan(p, t, Money.of(Sales.total(basket), Cast.CURRENCY), Optional.empty());
    } else {
      long cap = Math.min(limit, 5_000);
      sales.oneScan(p, t, Money.of(cap, Cast.CURRENCY), Optional.of(Money.of(Math.min(cap, Sales.total(basket)),
          Cast.CURRENCY)));
    }
  }

  private void overLimit(WalletDevice p) {
    TerminalDevice t = aboard.lastTerminal();
    CatalogueItem perfume = Cast.item(t.sdk().catalogue(), SeedCatalogue.PERFUME);
    Verdict<RequestCode> request = t.sdk().createRequest(perfume.unitPrice(), List.of(perfume.lineItem(1)));
    aboard.emit(new FlightEvent.OverLimit(p, t, perfume, p.readRequest(request.value().qrText())));
  }

  /** A bystander photographs a paid one-scan code at one cart and shows the photo at another, minutes later. */
  private void screenshot(WalletDevice p) {
    if (aboard.terminals().size() < 2 || p.spendableMinor() < 1_200) {
      return;
    }
    TerminalDevice first = aboard.terminal(0);
    TerminalDevice second = aboard.terminal(1);
    Optional<String> photo = sales.oneScanPhotographed(p, first, Money.of(1_200, Cast.CURRENCY));
    if (photo.isEmpty()) {
      return;
    }
    aboard.clock().advance(PHOTO_SHOWN_AFTER);
    aboard.cabin().exchange();
    Verdict<Sale> verdict = sales.scan(second, p, photo.get(), Optional.empty(), false);
    aboard.emit(new FlightEvent.PhotographedCode(p, first, second, PHOTO_SHOWN_AFTER, verdict));
  }

  /** The terminal dies with a request on screen; after restart the request can still be paid. */
  private void crash(TerminalDevice t, WalletDevice p) {
    long before = t.sdk().offlineStatus().journalSequence();
    List<LineItem> basket = Cast.basket(story, Math.max(800, p.spendableMinor()), t.sdk().catalogue());
    RequestCode request = t.sdk().createRequest(Money.of(Sales.total(basket), Cast.CURRENCY), basket).value();
    aboard.restart(t, true);
    JournalVerification check = t.sdk().verifyJournal();
    long after = t.sdk().offlineStatus().journalSequence();
    aboard.emit(new FlightEvent.Crash(t, p, check, before, after));
    Optional<Sale> paid = sales.payRequest(p, t, request, basket);
    aboard.emit(new FlightEvent.PaidAfterCrash(p, paid));
  }

  /**
   * A fraudster copies a phone, key and counter included, and pays with the same counter as the
   * original. While the carts are in contact the cabin refuses the copy; then the last terminal is
   * cut off from the cabin, and there the copy gets one payment through, for settlement to catch.
   * The partition lasts until the last round's moments ({@link #heal}).
   */
  private void doubleSpend(List<WalletDevice> flyers) throws IOException {
    if (aboard.terminals().size() < 2) {
      return;
    }
    WalletDevice original = flyers.stream().filter(p -> !p.spec().shortOfFunds() && p.spendableMinor() >= 6_000)
        .findFirst().orElse(null);
    if (original == null) {
      return;
    }
    WalletDevice clone = aboard.cloneOf(original);
    TerminalDevice first = aboard.terminal(0);
    TerminalDevice second = aboard.terminal(1);
    TerminalDevice cutOff = aboard.lastTerminal();

    // In contact: the second cart has merged the first's digest before the copy's code reaches it.
    Optional<Sale> a = sales.oneScan(original, first, ORIGINAL_PAYS, Optional.empty());
    Outcome<Verdict<Sale>> replayed = sales.oneScanFromClone(clone, second, CLONE_PAYS);
    boolean merged = a.isPresent() && second.sdk().cabinView()
        .byTerminal(clone.enrolment().orElseThrow().credential().serial()).containsKey(first.terminalId());
    aboard.emit(new FlightEvent.CloneInContact(original, first, ORIGINAL_PAYS, second, CLONE_PAYS, merged,
        replayed.value()));

    // The partition: the last terminal loses the cabin network, and notices once the contact window passes.
    aboard.cabin().cut(cutOff, aboard.sinceDeparture());
    Duration cut = Cabin.CONTACT_WINDOW.plusSeconds(30);
    aboard.clock().advance(cut);
    aboard.cabin().exchange();
    aboard.emit(new FlightEvent.PartitionBegins(cutOff, cut, aboard.cabin().status(cutOff)));

    Optional<Sale> c = sales.oneScan(original, first, ORIGINAL_PAYS, Optional.empty());
    Outcome<Verdict<Sale>> d = sales.oneScanFromClone(clone, cutOff, CLONE_PAYS);
    aboard.emit(new FlightEvent.PaymentsInPartition(first, ORIGINAL_PAYS, cutOff, CLONE_PAYS,
        c.isPresent() && d.value().isAccepted(), d.value()));

    Outcome<Verdict<Sale>> e = sales.oneScanFromClone(clone, cutOff, CLONE_PAYS_AGAIN);
    aboard.emit(new FlightEvent.CloneAgain(cutOff, CLONE_PAYS_AGAIN, e));
  }

  /** The partition heals: the cut-off terminal hears the others again, and every cart learns what it missed. */
  private void heal() {
    Optional<TerminalDevice> cut = aboard.cabin().cutOff();
    if (cut.isEmpty()) {
      return;
    }
    aboard.clock().advance(Duration.ofSeconds(30));
    aboard.cabin().heal(aboard.sinceDeparture());
    TerminalDevice back = cut.get();
    aboard.emit(new FlightEvent.PartitionHeals(back, aboard.cabin().status(back), aboard.cabin().agree()));
  }

  /** A code for a real passenger's credential, signed with the fraudster's own key. */
  private void forge(WalletDevice victim, TerminalDevice t) {
    SoftwareSigner fraudster = SoftwareSigner.generate(SignatureAlgorithm.ECDSA_P256,
        aboard.random().forDevice("fraudster"));
    PaymentAuthorization forged = new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT,
        victim.enrolment().orElseThrow().credential().serial(), Optional.empty(), FORGED_MINOR, 9_900, FORGED_MINOR,
        Optional.empty(), aboard.clock().instant().truncatedTo(ChronoUnit.SECONDS), Bytes.empty(), Bytes.empty())
        .signedBy(fraudster, Optional.empty());
    aboard.clock().advance(Duration.ofSeconds(45));
    aboard.cabin().exchange();
    Verdict<Sale> verdict = sales.scan(t, victim, forged.toQrText(), Optional.empty(), false);
    aboard.emit(new FlightEvent.Forged(victim, t, Money.of(FORGED_MINOR, Cast.CURRENCY), verdict));
  }

  private WalletDevice pick(List<WalletDevice> flyers) {
    return flyers.get(story.nextInt(flyers.size()));
  }

  private List<WalletDevice> shuffled(List<WalletDevice> list) {
    List<WalletDevice> copy = new ArrayList<>(list);
    for (int i = copy.size() - 1; i > 0; i--) {
      Collections.swap(copy, i, story.nextInt(i + 1));
    }
    return copy;
  }
}
