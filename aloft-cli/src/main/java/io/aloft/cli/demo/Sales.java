package io.aloft.cli.demo;

import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.refund.RefundCode;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.pay.IssuedCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One sale between a passenger's wallet and a crew terminal, the way the devices do it: QR text
 * passes from one to the other and nothing else does. Keeps the tallies and the event log.
 */
final class Sales {
  private final FlightSimulation sim;
  private final List<FlightReport.Event> events = new ArrayList<>();
  /** The first handshake sale, kept for the refund moment. */
  private Optional<Sold> firstHandshake = Optional.empty();

  private record Sold(Passenger passenger, CrewTerminal terminal, Sale sale, List<LineItem> items) {}

  Sales(FlightSimulation sim) {
    this.sim = sim;
  }

  static long total(List<LineItem> items) {
    return items.stream().mapToLong(LineItem::lineTotalMinor).sum();
  }

  /** What the passenger's wallet may still sign in one payment. */
  long spendableMinor(Passenger p) {
    var credential = p.wallet().enrolment().orElseThrow().credential();
    long remaining = p.wallet().offlineStatus().remainingAllowance().map(Money::amountMinor).orElse(0L);
    return Math.min(credential.perPaymentLimit().amountMinor(), remaining);
  }

  Optional<Sale> handshake(Passenger p, CrewTerminal t, List<LineItem> items) throws Exception {
    Verdict<RequestCode> request = t.terminal().createRequest(Money.of(total(items), Cast.CURRENCY), items);
    if (request instanceof Verdict.Rejected<RequestCode> refused) {
      event(t.spec.label() + " cannot show a request", refused.reason() + ": " + refused.reason().message());
      return Optional.empty();
    }
    return payRequest(p, t, request.value(), items);
  }

  /** The passenger scans the request, checks it, confirms; the crew scans the answer. */
  Optional<Sale> payRequest(Passenger p, CrewTerminal t, RequestCode request, List<LineItem> items) throws Exception {
    tick();
    Verdict<HandshakeOffer> offer = p.wallet().readRequest(request.qrText());
    Verdict<IssuedCode> code = offer.flatMap(p.wallet()::confirm);
    if (!code.isAccepted()) {
      event(p.spec.label() + "'s wallet refuses a request from " + t.spec.label(), refusalText(code));
      return Optional.empty();
    }
    Optional<Sale> sale = accept(p, t, code.value(), Optional.empty());
    if (sale.isPresent() && firstHandshake.isEmpty() && !p.spec.shortOfFunds()) {
      firstHandshake = Optional.of(new Sold(p, t, sale.get(), items));
    }
    return sale;
  }

  /** A wallet's refusal as the passenger reads it: the reason and its sentence. */
  static String refusalText(Verdict<?> refused) {
    RefusalReason reason = RefusalReason.of(refused);
    return reason + ": " + reason.message();
  }

  /** One scan: for exactly {@code amount}, or a cap of {@code amount} charged {@code charge}. */
  Optional<Sale> oneScan(Passenger p, CrewTerminal t, Money amount, Optional<Money> charge) throws Exception {
    tick();
    Verdict<IssuedCode> code = charge.isPresent() ? p.wallet().payUpTo(amount, CodeForm.COMPACT)
        : p.wallet().payAmount(amount, CodeForm.COMPACT);
    if (!code.isAccepted()) {
      event(p.spec.label() + "'s wallet will not make a code for " + amount, refusalText(code));
      return Optional.empty();
    }
    return accept(p, t, code.value(), charge);
  }

  /** A one-scan sale of {@code amount}; returns the code's text once paid, as a bystander could photograph it. */
  Optional<String> oneScanPhotographed(Passenger p, CrewTerminal t, Money amount) throws Exception {
    tick();
    Verdict<IssuedCode> code = p.wallet().payAmount(amount, CodeForm.COMPACT);
    if (!code.isAccepted()) {
      event(p.spec.label() + "'s wallet will not make a code for " + amount, refusalText(code));
      return Optional.empty();
    }
    return accept(p, t, code.value(), Optional.empty()).map(sale -> code.value().qrText());
  }

  private Optional<Sale> accept(Passenger p, CrewTerminal t, IssuedCode code, Optional<Money> charge) {
    Verdict<Sale> verdict = charge.isPresent() ? t.terminal().accept(code.qrText(), charge.get())
        : t.terminal().accept(code.qrText());
    if (verdict instanceof Verdict.Rejected<Sale>) {
      t.refused++;
      event(t.spec.label() + " refuses " + p.spec.label() + "'s code", verdictText(verdict));
      return Optional.empty();
    }
    Sale sale = verdict.value();
    count(t, sale);
    p.payments++;
    p.spentMinor += sale.charged().amountMinor();
    Verdict<?> kept = p.wallet().scanReceipt(sale.receiptQrText());
    if (!kept.isAccepted()) {
      event(p.spec.label() + "'s wallet will not keep the receipt from " + t.spec.label(), refusalText(kept));
    }
    return Optional.of(sale);
  }

  /**
   * A cloned phone pays {@code amount} in one scan: counted at the terminal, not as the
   * passenger's own spending. Like {@link #oneScan}, the time between sales passes before the
   * code is made, so the code is scanned fresh. The outer verdict is the clone's wallet's on
   * making the code; its value is the terminal's verdict on the code.
   */
  Verdict<Verdict<Sale>> oneScanFromClone(Passenger clone, CrewTerminal t, Money amount) {
    tick();
    Verdict<IssuedCode> code = clone.wallet().payAmount(amount, CodeForm.COMPACT);
    return code.map(issued -> cloneScanned(t, issued));
  }

  private Verdict<Sale> cloneScanned(CrewTerminal t, IssuedCode code) {
    Verdict<Sale> verdict = t.terminal().accept(code.qrText());
    if (verdict instanceof Verdict.Rejected<Sale>) {
      t.refused++;
      return verdict;
    }
    count(t, verdict.value());
    return verdict;
  }

  /** The crew refunds one item of the first handshake sale; the passenger keeps the signed note. */
  void refundFirstHandshake() throws Exception {
    if (firstHandshake.isEmpty()) {
      return;
    }
    Sold sold = firstHandshake.get();
    LineItem item = sold.items().get(0);
    Money amount = Money.of(item.unitPriceMinor(), Cast.CURRENCY);
    tick();
    Verdict<RefundCode> refund = sold.terminal().terminal().refund(sold.sale().paymentId(), amount);
    String what = sold.terminal().spec.label() + " refunds one " + item.name() + " (" + amount + ") to "
        + sold.passenger().spec.label();
    if (refund instanceof Verdict.Rejected<RefundCode> refused) {
      event(what, refused.reason() + ": " + refused.reason().message());
      return;
    }
    sold.terminal().refunds++;
    sold.terminal().refundedMinor += amount.amountMinor();
    sold.passenger().spentMinor -= amount.amountMinor();
    var bill = sold.passenger().wallet().scanRefund(refund.value().qrText()).value();
    event(what, "signed refund note journaled; the wallet keeps it (bill refunded " + bill.refunded() + ")");
  }

  private void count(CrewTerminal t, Sale sale) {
    sim.accepted.put(FlightSimulation.saleKey(t.terminalId, sale.paymentId().toString()), sale.charged().amountMinor());
    t.sales++;
    t.salesMinor += sale.charged().amountMinor();
  }

  /** How a verdict reads in the report; a refusal for being out of contact says so (and is counted). */
  String verdictText(Verdict<?> verdict) {
    if (verdict instanceof Verdict.Rejected<?> refused && refused.detail().contains("out of contact")) {
      sim.cabin.countOutOfContactRefusal();
      return "refused, " + refused.reason() + ": this cart is out of contact with the cabin and the passenger"
          + " already paid here since: one payment per passenger until the cabin is back";
    }
    if (verdict instanceof Verdict.Rejected<?> refused) {
      return "refused, " + refused.reason() + ": " + refused.reason().message();
    }
    return "accepted";
  }

  void event(String what, String outcome) {
    events.add(new FlightReport.Event(sim.flightTime(), what, outcome));
  }

  List<FlightReport.Event> events() {
    return List.copyOf(events);
  }

  /** Time passes between two sales, and the cabin network delivers every digest it can meanwhile. */
  private void tick() {
    sim.clock.advance(Duration.ofSeconds(1 + sim.story.nextInt(sim.maxSecondsBetweenSales)));
    sim.cabin.exchange();
  }
}
