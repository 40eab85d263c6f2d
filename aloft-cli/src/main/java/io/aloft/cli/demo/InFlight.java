package io.aloft.cli.demo;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import io.aloft.wallet.RefusalReason;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The flight itself, offline from the ground: rounds of purchases (handshake, one-scan for an
 * amount, one-scan with a cap) and the moments that test the system — a refund, a payment above
 * the limit, a terminal crash, a cloned wallet caught by cabin sync, one terminal cut off from the
 * cabin and back, a forged code. The terminals exchange cabin digests before every sale. Each
 * moment becomes a report event.
 */
final class InFlight {
  private static final int ROUNDS = 3;

  private final FlightSimulation sim;
  private final SplittableRandom story;
  private final Sales sales;
  private final List<Passenger> clones = new ArrayList<>();

  InFlight(FlightSimulation sim) {
    this.sim = sim;
    this.story = sim.story;
    this.sales = new Sales(sim);
  }

  void fly() throws Exception {
    List<Passenger> flyers = sim.passengers.stream().filter(Passenger::isEnrolled).toList();
    if (flyers.isEmpty()) {
      sales.event("nobody could enrol, so nothing is sold", "-");
      return;
    }
    for (Passenger p : flyers) {
      if (p.spec.shortOfFunds()) {
        CrewTerminal t = sim.terminals.get(0);
        sales.handshake(p, t, List.of(Cast.item(t.terminal().catalogue(), SeedCatalogue.MODEL_PLANE).lineItem(1)));
      }
    }
    for (int round = 1; round <= ROUNDS; round++) {
      sim.progress.step("  round " + round + " of " + ROUNDS);
      for (Passenger p : shuffled(flyers)) {
        if (story.nextInt(5) < 4) {
          buy(p, sim.terminals.get(story.nextInt(sim.terminals.size())));
        }
      }
      moments(round, flyers);
    }
  }

  private void moments(int round, List<Passenger> flyers) throws Exception {
    switch (round) {
      case 1 -> {
        sales.refundFirstHandshake();
        overLimit(pick(flyers));
        screenshot(pick(flyers));
      }
      case 2 -> {
        crash(sim.terminals.get(sim.terminals.size() - 1), pick(flyers));
        doubleSpend(flyers);
      }
      default -> {
        heal();
        forge(pick(flyers), sim.terminals.get(story.nextInt(sim.terminals.size())));
      }
    }
  }

  private void buy(Passenger p, CrewTerminal t) throws Exception {
    long limit = sales.spendableMinor(p);
    if (limit < 800) {
      return;
    }
    List<LineItem> basket = Cast.basket(story, limit, t.terminal().catalogue());
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

  private void overLimit(Passenger p) {
    CrewTerminal t = sim.terminals.get(sim.terminals.size() - 1);
    CatalogueItem perfume = Cast.item(t.terminal().catalogue(), SeedCatalogue.PERFUME);
    Verdict<RequestCode> request = t.terminal().createRequest(perfume.unitPrice(), List.of(perfume.lineItem(1)));
    String who = p.spec.label() + " is asked for " + perfume.unitPrice() + " (" + perfume.nameEn() + ") at "
        + t.spec.label();
    Verdict<?> offer = p.wallet().readRequest(request.value().qrText());
    if (offer.isAccepted()) {
      sales.event(who, "the wallet would pay it (unexpected)");
    } else {
      sales.event(who, "the wallet refuses, " + Sales.refusalText(offer) + " Nothing is signed.");
    }
  }

  /** A bystander photographs a paid one-scan code at one cart and shows the photo at another, minutes later. */
  private void screenshot(Passenger p) throws Exception {
    if (sim.terminals.size() < 2 || sales.spendableMinor(p) < 1_200) {
      return;
    }
    CrewTerminal first = sim.terminals.get(0);
    CrewTerminal second = sim.terminals.get(1);
    Optional<String> photo = sales.oneScanPhotographed(p, first, Money.of(1_200, Cast.CURRENCY));
    if (photo.isEmpty()) {
      return;
    }
    sim.clock.advance(Duration.ofMinutes(3));
    sim.cabin.exchange();
    Verdict<Sale> verdict = second.terminal().accept(photo.get());
    second.refused += verdict instanceof Verdict.Rejected ? 1 : 0;
    sales.event("a photo of " + p.spec.label() + "'s one-scan code, paid at " + first.spec.label() + ", is shown at "
        + second.spec.label() + " 3 minutes later", sales.verdictText(verdict));
  }

  /** The terminal dies with a request on screen; after restart the request can still be paid. */
  private void crash(CrewTerminal t, Passenger p) throws Exception {
    long before = t.terminal().offlineStatus().journalSequence();
    List<LineItem> basket = Cast.basket(story, Math.max(800, sales.spendableMinor(p)), t.terminal().catalogue());
    RequestCode request = t.terminal().createRequest(Money.of(Sales.total(basket), Cast.CURRENCY), basket).value();
    t.crashAndRestart(sim.issuerKeys, sim.clock, sim.seed);
    sim.cabin.configure(t);
    var check = t.terminal().verifyJournal();
    long after = t.terminal().offlineStatus().journalSequence();
    sales.event(t.spec.label() + " (" + t.spec.name() + ") crashes with " + p.spec.label()
        + "'s request on screen, and restarts", "journal " + (check.intact() ? "intact" : "DAMAGED " + check.problems())
        + ", " + after + " of " + before + " entries kept");
    Optional<Sale> paid = sales.payRequest(p, t, request, basket);
    sales.event(p.spec.label() + " answers the request shown before the crash",
        paid.map(s -> "accepted by the restarted terminal: paid " + s.charged()).orElse("not paid"));
  }

  /**
   * A fraudster copies a phone, key and counter included, and pays with the same counter as the
   * original. While the carts are in contact the cabin refuses the copy; then the last terminal is
   * cut off from the cabin, and there the copy gets one payment through, for settlement to catch.
   * The partition lasts until the last round's moments ({@link #heal}).
   */
  private void doubleSpend(List<Passenger> flyers) throws Exception {
    if (sim.terminals.size() < 2) {
      return;
    }
    Passenger original = flyers.stream().filter(p -> !p.spec.shortOfFunds() && sales.spendableMinor(p) >= 6_000)
        .findFirst().orElse(null);
    if (original == null) {
      return;
    }
    Passenger clone = new Passenger(original.spec, original.accountId, original.walletToken,
        original.dir.resolveSibling(original.spec.label() + "-clone"));
    original.copyTo(clone.dir);
    original.open(sim.server.baseUrl(), sim.issuerKeys, sim.clock, sim.random);
    clone.open(sim.server.baseUrl(), sim.issuerKeys, sim.clock, sim.random);
    clones.add(clone);
    CrewTerminal first = sim.terminals.get(0);
    CrewTerminal second = sim.terminals.get(1);
    CrewTerminal cutOff = sim.terminals.get(sim.terminals.size() - 1);
    String who = original.spec.label() + "'s phone is cloned; ";

    // In contact: the second cart has merged the first's digest before the copy's code reaches it.
    Optional<Sale> a = sales.oneScan(original, first, Money.of(2_000, Cast.CURRENCY), Optional.empty());
    Verdict<Sale> replayed = sales.oneScanFromClone(clone, second, Money.of(3_500, Cast.CURRENCY)).value();
    boolean merged = a.isPresent() && second.terminal().cabinView()
        .byTerminal(clone.wallet().enrolment().orElseThrow().credential().serial()).containsKey(first.terminalId);
    sales.event(who + "the original pays 20.00 at " + first.spec.label() + ", the clone 35.00 at "
        + second.spec.label() + " with the same counter, the carts in contact", (merged
        ? "cabin sync: " + second.spec.label() + " had merged " + first.spec.label() + "'s digest; "
        : "") + sales.verdictText(replayed));

    // The partition: the last terminal loses the cabin network, and notices once the contact window passes.
    sim.cabin.cut(cutOff);
    Duration cut = Cabin.CONTACT_WINDOW.plusSeconds(30);
    sim.clock.advance(cut);
    sim.cabin.exchange();
    sales.event(cutOff.spec.label() + " (" + cutOff.spec.name() + ") lost the cabin network " + cut.toSeconds()
        + " s ago: partition", sim.cabin.statusText(cutOff));

    Optional<Sale> c = sales.oneScan(original, first, Money.of(2_000, Cast.CURRENCY), Optional.empty());
    Verdict<Sale> d = sales.oneScanFromClone(clone, cutOff, Money.of(3_500, Cast.CURRENCY)).value();
    sales.event("during the partition the original pays 20.00 at " + first.spec.label() + ", the clone 35.00 at "
        + cutOff.spec.label() + " (cut off) with the same counter", (c.isPresent() && d.isAccepted()
        ? "both accepted offline: the cut-off cart cannot know of the other" : "not both accepted ("
        + sales.verdictText(d) + ")") + "; settlement must catch it");

    Verdict<Verdict<Sale>> e = sales.oneScanFromClone(clone, cutOff, Money.of(1_000, Cast.CURRENCY));
    if (e.isAccepted()) {
      sales.event("the clone pays 10.00 at " + cutOff.spec.label() + " again, still cut off",
          sales.verdictText(e.value()));
    } else {
      sales.event("the clone tries to pay again at " + cutOff.spec.label(),
          "its wallet refuses, " + RefusalReason.of(e));
    }
  }

  /** The partition heals: the cut-off terminal hears the others again, and every cart learns what it missed. */
  private void heal() {
    Optional<CrewTerminal> cut = sim.cabin.cutOff();
    if (cut.isEmpty()) {
      return;
    }
    sim.clock.advance(Duration.ofSeconds(30));
    sim.cabin.heal();
    CrewTerminal back = cut.get();
    sales.event(back.spec.label() + " is back on the cabin network: the partition heals", sim.cabin.statusText(back)
        + "; " + (sim.cabin.agree() ? "every cart holds the same view of the cabin again" : "the carts DISAGREE"));
  }

  /** A code for a real passenger's credential, signed with the fraudster's own key. */
  private void forge(Passenger victim, CrewTerminal t) {
    SoftwareSigner fraudster = SoftwareSigner.generate(SignatureAlgorithm.ECDSA_P256, sim.random.forDevice("fraudster"));
    PaymentAuthorization forged = new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT,
        victim.wallet().enrolment().orElseThrow().credential().serial(), Optional.empty(), 4_000, 9_900, 4_000,
        Optional.empty(), sim.clock.instant().truncatedTo(ChronoUnit.SECONDS), Bytes.empty(), Bytes.empty())
        .signedBy(fraudster, Optional.empty());
    sim.clock.advance(Duration.ofSeconds(45));
    sim.cabin.exchange();
    Verdict<Sale> verdict = t.terminal().accept(forged.toQrText());
    t.refused += verdict instanceof Verdict.Rejected ? 1 : 0;
    sales.event("a forged code for " + victim.spec.label() + "'s credential (40.00, not signed by their phone) at "
        + t.spec.label(), sales.verdictText(verdict));
  }

  private Passenger pick(List<Passenger> flyers) {
    return flyers.get(story.nextInt(flyers.size()));
  }

  private List<Passenger> shuffled(List<Passenger> list) {
    List<Passenger> copy = new ArrayList<>(list);
    for (int i = copy.size() - 1; i > 0; i--) {
      java.util.Collections.swap(copy, i, story.nextInt(i + 1));
    }
    return copy;
  }

  List<FlightReport.Event> events() {
    return sales.events();
  }

  List<Passenger> clones() {
    return clones;
  }
}
