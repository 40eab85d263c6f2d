package io.aloft.flight;

import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.refund.RefundCode;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.pay.IssuedCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One sale between a passenger's wallet and a crew terminal, the way the devices do it: QR text
 * passes from one to the other and nothing else does. Every acceptance and refusal is told to the
 * listener; the only state kept is the first handshake sale, for the refund moment.
 */
final class Sales {
  private final Aboard aboard;
  /** The first handshake sale, kept for the refund moment. */
  private Optional<Sold> firstHandshake = Optional.empty();

  private record Sold(WalletDevice passenger, TerminalDevice terminal, Sale sale, List<LineItem> items) {}

  Sales(Aboard aboard) {
    this.aboard = aboard;
  }

  static long total(List<LineItem> items) {
    return items.stream().mapToLong(LineItem::lineTotalMinor).sum();
  }

  Optional<Sale> handshake(WalletDevice p, TerminalDevice t, List<LineItem> items) {
    Verdict<RequestCode> request = t.sdk().createRequest(Money.of(total(items), Cast.CURRENCY), items);
    if (!request.isAccepted()) {
      aboard.emit(new FlightEvent.RequestNotShown(t, request));
      return Optional.empty();
    }
    return payRequest(p, t, request.value(), items);
  }

  /** The passenger scans the request, checks it, confirms; the crew scans the answer. */
  Optional<Sale> payRequest(WalletDevice p, TerminalDevice t, RequestCode request, List<LineItem> items) {
    tick();
    Outcome<HandshakeOffer> offer = p.readRequest(request.qrText());
    Outcome<IssuedCode> code = offer instanceof Outcome.Refused<HandshakeOffer> refused
        ? new Outcome.Refused<>(refused.reason(), refused.message()) : p.confirm(offer.value(), CodeForm.AUTO);
    if (code instanceof Outcome.Refused<IssuedCode> refused) {
      aboard.emit(new FlightEvent.WalletRefusedRequest(p, t, refused));
      return Optional.empty();
    }
    Optional<Sale> sale = accept(p, t, code.value(), Optional.empty());
    if (sale.isPresent() && firstHandshake.isEmpty() && !p.spec().shortOfFunds()) {
      firstHandshake = Optional.of(new Sold(p, t, sale.get(), items));
    }
    return sale;
  }

  /** One scan: for exactly {@code amount}, or a cap of {@code amount} charged {@code charge}. */
  Optional<Sale> oneScan(WalletDevice p, TerminalDevice t, Money amount, Optional<Money> charge) {
    return oneScanCode(p, t, amount, charge).map(Paid::sale);
  }

  /** A one-scan sale of {@code amount}; returns the code's text once paid, as a bystander could photograph it. */
  Optional<String> oneScanPhotographed(WalletDevice p, TerminalDevice t, Money amount) {
    return oneScanCode(p, t, amount, Optional.empty()).map(Paid::qrText);
  }

  private record Paid(Sale sale, String qrText) {}

  private Optional<Paid> oneScanCode(WalletDevice p, TerminalDevice t, Money amount, Optional<Money> charge) {
    tick();
    Outcome<IssuedCode> code = charge.isPresent() ? p.payUpTo(amount, CodeForm.COMPACT)
        : p.payAmount(amount, CodeForm.COMPACT);
    if (code instanceof Outcome.Refused<IssuedCode> refused) {
      aboard.emit(new FlightEvent.WalletMadeNoCode(p, amount, refused));
      return Optional.empty();
    }
    return accept(p, t, code.value(), charge).map(sale -> new Paid(sale, code.value().qrText()));
  }

  private Optional<Sale> accept(WalletDevice p, TerminalDevice t, IssuedCode code, Optional<Money> charge) {
    Verdict<Sale> verdict = scan(t, p, code.qrText(), charge, false);
    if (!verdict.isAccepted()) {
      aboard.emit(new FlightEvent.SaleRefused(t, p, verdict));
      return Optional.empty();
    }
    Sale sale = verdict.value();
    if (p.scanReceipt(sale.receiptQrText()) instanceof Outcome.Refused<?> refused) {
      aboard.emit(new FlightEvent.ReceiptRefused(p, sale, refused));
    }
    return Optional.of(sale);
  }

  /**
   * A terminal scans {@code qrText}; the acceptance or refusal is told to the listener (and a
   * refusal for being out of contact counted by the cabin).
   */
  Verdict<Sale> scan(TerminalDevice t, WalletDevice payer, String qrText, Optional<Money> charge, boolean fromClone) {
    Verdict<Sale> verdict = charge.isPresent() ? t.sdk().accept(qrText, charge.get()) : t.sdk().accept(qrText);
    if (verdict.isAccepted()) {
      aboard.emit(new FlightEvent.SaleAccepted(t, payer, verdict.value(), fromClone));
    } else {
      aboard.cabin().noteRefusal(verdict);
      aboard.emit(new FlightEvent.CodeRefused(t, verdict));
    }
    return verdict;
  }

  /**
   * A cloned phone pays {@code amount} in one scan: counted at the terminal, not as the
   * passenger's own spending. As for every sale, the time between sales passes before the code is
   * made, so the code is scanned fresh.
   */
  Outcome<Verdict<Sale>> oneScanFromClone(WalletDevice clone, TerminalDevice t, Money amount) {
    tick();
    Outcome<IssuedCode> code = clone.payAmount(amount, CodeForm.COMPACT);
    if (code instanceof Outcome.Refused<IssuedCode> refused) {
      return new Outcome.Refused<>(refused.reason(), refused.message());
    }
    return new Outcome.Done<>(scan(t, clone, code.value().qrText(), Optional.empty(), true));
  }

  /** The crew refunds one item of the first handshake sale; the passenger keeps the signed note. */
  void refundFirstHandshake() {
    if (firstHandshake.isEmpty()) {
      return;
    }
    Sold sold = firstHandshake.get();
    LineItem item = sold.items().get(0);
    Money amount = Money.of(item.unitPriceMinor(), Cast.CURRENCY);
    tick();
    Verdict<RefundCode> refund = sold.terminal().sdk().refund(sold.sale().paymentId(), amount);
    Optional<Bill> bill = Optional.empty();
    if (refund.isAccepted()) {
      Outcome<Bill> kept = sold.passenger().scanRefund(refund.value().qrText());
      if (!kept.isDone()) {
        throw new IllegalStateException(sold.passenger().label() + "'s wallet refused its own refund note: " + kept);
      }
      bill = Optional.of(kept.value());
    }
    aboard.emit(new FlightEvent.Refund(sold.terminal(), sold.passenger(), item, amount, refund, bill));
  }

  /** Time passes between two sales, and the cabin network delivers every digest it can meanwhile. */
  void tick() {
    aboard.clock().advance(Duration.ofSeconds(1 + aboard.story().nextInt(
        (int) aboard.config().maxPauseBetweenSales().toSeconds())));
    aboard.cabin().exchange();
  }
}
