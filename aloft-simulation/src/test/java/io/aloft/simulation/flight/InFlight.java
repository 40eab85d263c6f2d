package io.aloft.simulation.flight;

import io.aloft.flight.Aboard;
import io.aloft.flight.TerminalDevice;
import io.aloft.flight.WalletDevice;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.simulation.fuzz.Corpus;
import io.aloft.simulation.fuzz.Mutator;
import io.aloft.terminal.refund.RefundCode;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.pay.IssuedCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated flight, offline, on the engine's devices: passengers pay at terminals by
 * handshake, one-scan and cap codes; terminals and phones restart or die; a wallet may be cloned;
 * one cart may lose the cabin network for a while; codes are replayed at another terminal, on
 * another flight and after a refund; forged codes and over-charges are tried. The carts exchange
 * cabin digests between steps. Every attack must be refused on the spot, and every sale a
 * terminal acknowledges is recorded.
 */
final class InFlight {
  private static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  private static final SoftwareSigner ATTACKER = Corpus.key(SignatureAlgorithm.ECDSA_P256, 66);
  /** Reasons a genuine code from an honest, enrolled wallet must never meet. */
  private static final Set<Reason> NEVER_FOR_GENUINE = Set.of(Reason.MALFORMED, Reason.WRONG_KIND,
      Reason.BAD_SIGNATURE, Reason.UNKNOWN_ISSUER_KEY, Reason.UNKNOWN_CREDENTIAL, Reason.UNKNOWN_TERMINAL);

  private final Flight flight;
  private final Aboard aboard;
  private final SplittableRandom random;
  private final FlightRecord record;
  /** Who can pay: the enrolled passengers, and a clone once there is one. */
  private final List<WalletDevice> payers;
  /** Codes the terminals accepted, for replays and refunds. */
  private final List<Paid> paid = new ArrayList<>();
  /** Every code any wallet signed: body → signature, for judging what a terminal accepted. */
  private final Map<Bytes, Bytes> genuine = new HashMap<>();
  private final Map<io.aloft.protocol.message.PaymentId, Bytes> digestById = new HashMap<>();
  private boolean cloned;
  /** Steps until the cart cut off from the cabin network gets it back. */
  private int partitionLeft;

  private record Paid(WalletDevice passenger, TerminalDevice terminal, String text, PaymentAuthorization authorization,
      Sale sale) {}

  InFlight(Flight flight, Aboard aboard) {
    this.flight = flight;
    this.aboard = aboard;
    this.random = aboard.story();
    this.record = flight.record;
    this.payers = new ArrayList<>(aboard.flyers());
  }

  void run(int steps) {
    if (payers.isEmpty()) {
      record.event("nobody enrolled");
      return;
    }
    for (int step = 0; step < steps; step++) {
      aboard.clock().advance(Duration.ofSeconds(10 + random.nextInt(300)));
      if (aboard.cabin().cutOff().isPresent() && --partitionLeft <= 0) {
        heal();
      }
      aboard.cabin().exchange();
      int roll = random.nextInt(100);
      if (roll < 40) {
        handshake(passenger(), terminal());
      } else if (roll < 55) {
        oneScan(passenger(), terminal(), false);
      } else if (roll < 63) {
        oneScan(passenger(), terminal(), true);
      } else if (roll < 68) {
        refundThenReplay();
      } else if (roll < 73) {
        replayAtAnotherTerminal();
      } else if (roll < 77) {
        replayOnAnotherFlight();
      } else if (roll < 84) {
        forgery();
      } else if (roll < 88) {
        restartTerminal(false);
      } else if (roll < 92) {
        restartTerminal(true);
      } else if (roll < 95) {
        aboard.open(passenger());
        record.event("wallet restarted");
      } else if (roll < 97) {
        partition();
      } else if (flight.faults.cloneWallet() && !cloned) {
        cloneWallet();
      }
    }
    if (aboard.cabin().cutOff().isPresent()) {
      heal();
    }
  }

  private WalletDevice passenger() {
    return payers.get(random.nextInt(payers.size()));
  }

  private TerminalDevice terminal() {
    return aboard.terminals().get(random.nextInt(aboard.terminals().size()));
  }

  /**
   * One cart loses the cabin network for two to six steps. While cut off it neither sends nor
   * hears; once its peers are unheard for the contact window, it takes one payment per passenger,
   * and a clone's code or a replayed one can get through there for settlement to catch.
   */
  private void partition() {
    if (aboard.cabin().cutOff().isPresent()) {
      return;
    }
    TerminalDevice cut = terminal();
    aboard.cabin().cut(cut, aboard.sinceDeparture());
    partitionLeft = 2 + random.nextInt(5);
    record.event("cabin partition");
    record.log("terminal " + cut.terminalId() + " cut off from the cabin network");
  }

  /** The cart cut off is back on the cabin network: every cart learns what it missed, and they agree. */
  private void heal() {
    aboard.cabin().heal(aboard.sinceDeparture());
    record.event("cabin partition healed");
    if (!aboard.cabin().agree()) {
      record.violation("the carts disagree about the cabin after the partition healed");
    }
  }

  private Money amount() {
    // Mostly small sales, sometimes one near or over the per-payment limit.
    // Tier limits are 50, 100 or 200 CNY a payment (docs: aloft-server/README.md).
    return Money.of(random.nextInt(10) == 0 ? 5_000 + random.nextInt(25_000) : 100 + random.nextInt(4_900), CNY);
  }

  private void handshake(WalletDevice passenger, TerminalDevice terminal) {
    Verdict<RequestCode> request = terminal.sdk().createRequest(amount(), List.of());
    if (!request.isAccepted()) {
      record.event("request refused: " + request.reason());
      return;
    }
    Verdict<HandshakeOffer> offer = passenger.sdk().readRequest(request.value().qrText());
    Verdict<IssuedCode> code = offer.flatMap(read -> passenger.sdk().confirm(read, form()));
    if (!code.isAccepted()) {
      record.event("wallet refused: " + RefusalReason.of(code));
      return;
    }
    signed(passenger, code.value());
    scanGenuine(passenger, terminal, code.value(), Optional.empty(), Optional.of(request.value().request()));
  }

  private void oneScan(WalletDevice passenger, TerminalDevice terminal, boolean cap) {
    Money amount = amount();
    Verdict<IssuedCode> issued = cap ? passenger.sdk().payUpTo(amount, form())
        : passenger.sdk().payAmount(amount, form());
    if (!issued.isAccepted()) {
      record.event("wallet refused: " + RefusalReason.of(issued));
      return;
    }
    IssuedCode code = issued.value();
    signed(passenger, code);
    Optional<Money> charge = Optional.empty();
    if (cap) {
      // The dishonest crew's try: charge above the cap. Refused on the spot, or it is a violation.
      Verdict<Sale> over = terminal.sdk().accept(code.qrText(), Money.of(amount.amountMinor() + 1 + random.nextInt(500), CNY));
      expectRefused(over, "a charge above the signed cap");
      charge = Optional.of(Money.of(1 + random.nextInt((int) amount.amountMinor()), CNY));
    }
    int before = paid.size();
    scanGenuine(passenger, terminal, code, charge, Optional.empty());
    if (paid.size() > before && random.nextInt(6) == 0) {
      raceTheCabin(paid.get(paid.size() - 1));
    }
  }

  /**
   * A bystander photographs a one-scan code just paid and shows it at another cart at once, before
   * the cabin network has carried the first cart's digest there. That cart may accept it offline;
   * settlement must then pay both carts and charge the passenger once.
   */
  private void raceTheCabin(Paid p) {
    List<TerminalDevice> others = aboard.terminals().stream().filter(t -> t != p.terminal()).toList();
    if (others.isEmpty()) {
      return;
    }
    TerminalDevice other = others.get(random.nextInt(others.size()));
    if (rescan(p, other) instanceof Verdict.Accepted<Sale> accepted) {
      acknowledge(other, p.authorization(), accepted.value(), p.passenger(), true);
      record.event("one-scan code shown again before the cabin merged, accepted");
    } else {
      record.event("one-scan code shown again before the cabin merged, refused");
    }
  }

  private CodeForm form() {
    return CodeForm.values()[random.nextInt(CodeForm.values().length)];
  }

  /** Books what the wallet signed; a second phone signing another code under one id is a clone's double spend. */
  private void signed(WalletDevice passenger, IssuedCode code) {
    PaymentAuthorization authorization = decode(code.qrText());
    genuine.put(Bytes.of(authorization.body()), authorization.signature());
    Bytes digest = authorization.contentDigest();
    Bytes earlier = digestById.putIfAbsent(authorization.paymentId(), digest);
    if (earlier != null && !earlier.equals(digest)) {
      record.cloned.add(authorization.paymentId());
    }
    record.signed.add(new FlightRecord.Signed(passenger.accountId(), authorization.paymentId(), digest,
        code.bill().signedCharge().amountMinor()));
  }

  private void scanGenuine(WalletDevice passenger, TerminalDevice terminal, IssuedCode code, Optional<Money> charge,
      Optional<PaymentRequest> request) {
    Verdict<Sale> verdict = charge.isPresent()
        ? terminal.sdk().accept(code.qrText(), charge.get()) : terminal.sdk().accept(code.qrText());
    PaymentAuthorization authorization = decode(code.qrText());
    if (verdict instanceof Verdict.Accepted<Sale> accepted) {
      Sale sale = accepted.value();
      acknowledge(terminal, authorization, sale, passenger, false);
      paid.add(new Paid(passenger, terminal, code.qrText(), authorization, sale));
      record.event("sale " + authorization.kind());
      if (random.nextInt(5) != 0) {
        scanReceipt(passenger, sale);
      }
      return;
    }
    record.event("genuine refused: " + verdict.reason());
    boolean cloneInvolved = passenger.isClone() || record.cloned.contains(authorization.paymentId()) || cloned;
    if (NEVER_FOR_GENUINE.contains(verdict.reason()) && !cloneInvolved) {
      record.violation("terminal " + terminal.terminalId() + " refused a genuine " + authorization.kind() + " code of "
          + passenger.label() + ": " + verdict);
    }
  }

  private void acknowledge(TerminalDevice terminal, PaymentAuthorization authorization, Sale sale,
      WalletDevice passenger, boolean replayed) {
    record.acknowledged.add(new FlightRecord.Acknowledged(terminal.terminalId(), aboard.airline().id(),
        sale.paymentId(), authorization.contentDigest(), sale.charged(), passenger.accountId(), replayed,
        authorization.kind() == AuthorizationKind.ONE_SCAN_CAP));
    record.log("terminal " + terminal.terminalId() + " paid " + sale.paymentId() + " " + sale.charged() + " by "
        + passenger.label()
        + (replayed ? " (replayed code)" : ""));
  }

  private void scanReceipt(WalletDevice passenger, Sale sale) {
    Verdict<?> kept = passenger.sdk().scanReceipt(sale.receiptQrText());
    if (!kept.isAccepted() && !passenger.isClone() && !cloned) {
      record.violation(passenger.label() + " refused the receipt of its own payment " + sale.paymentId() + ": " + kept);
    }
  }

  private void refundThenReplay() {
    if (paid.isEmpty()) {
      return;
    }
    Paid p = paid.get(random.nextInt(paid.size()));
    Verdict<RefundCode> refund = random.nextBoolean() ? p.terminal().sdk().voidPayment(p.sale().paymentId())
        : p.terminal().sdk().refund(p.sale().paymentId(), Money.of(1 + random.nextInt((int) p.sale().charged().amountMinor()),
            p.sale().charged().currency()));
    if (refund instanceof Verdict.Accepted<RefundCode> issued) {
      record.refundedMinor.merge(p.sale().paymentId(), issued.value().note().amount().amountMinor(), Long::sum);
      record.event("refund");
      if (random.nextBoolean()) {
        Verdict<?> kept = p.passenger().sdk().scanRefund(issued.value().qrText());
        if (!kept.isAccepted()) {
          record.event("wallet refused refund note: " + RefusalReason.of(kept));
        }
      }
    }
    expectRefused(rescan(p, p.terminal()), "the same code again after a refund, at the terminal that took it");
  }

  private Verdict<Sale> rescan(Paid p, TerminalDevice at) {
    return p.authorization().kind() == AuthorizationKind.ONE_SCAN_CAP
        ? at.sdk().accept(p.text(), p.sale().charged()) : at.sdk().accept(p.text());
  }

  /**
   * A code shown again at another terminal of the flight. A handshake answers one terminal's
   * request and must be refused; a one-scan code carries no terminal, so an offline terminal
   * that never saw it may accept it, and settlement must then pay it once.
   */
  private void replayAtAnotherTerminal() {
    if (paid.isEmpty() || aboard.terminals().size() < 2) {
      return;
    }
    Paid p = paid.get(random.nextInt(paid.size()));
    TerminalDevice other = aboard.terminals().stream().filter(t -> t != p.terminal()).toList()
        .get(random.nextInt(aboard.terminals().size() - 1));
    Verdict<Sale> verdict = rescan(p, other);
    record.event("replay at another terminal");
    if (p.authorization().kind() == AuthorizationKind.HANDSHAKE) {
      expectRefused(verdict, "a handshake code at a terminal that did not make its request");
    } else if (verdict instanceof Verdict.Accepted<Sale> accepted) {
      acknowledge(other, p.authorization(), accepted.value(), p.passenger(), true);
      record.event("one-scan replay accepted offline");
    }
  }

  private void replayOnAnotherFlight() {
    if (paid.isEmpty()) {
      return;
    }
    Paid p = paid.get(random.nextInt(paid.size()));
    expectRefused(rescan(p, aboard.otherFlight().get(0)), "a code of another flight");
    record.event("replay on another flight");
  }

  /** A code changed in transit or re-signed by an outsider: refused, or it is exactly a genuine code. */
  private void forgery() {
    if (paid.isEmpty()) {
      return;
    }
    Paid p = paid.get(random.nextInt(paid.size()));
    Mutator mutator = new Mutator(random.split());
    String text;
    if (random.nextBoolean()) {
      text = mutator.mutateText(p.text());
    } else {
      byte[] body = mutator.mutateBytes(p.authorization().body(), p.authorization().body());
      text = QrText.encode(Mutator.forge(p.authorization().type(), body, ATTACKER));
    }
    TerminalDevice at = random.nextBoolean() ? p.terminal() : terminal();
    Verdict<Sale> verdict = at.sdk().accept(text);
    record.event("forgery tried");
    if (verdict instanceof Verdict.Accepted<Sale> sale) {
      PaymentAuthorization accepted = decode(text);
      Bytes signature = genuine.get(Bytes.of(accepted.body()));
      if (signature == null || !(signature.equals(accepted.signature())
          || Corpus.isEcdsaTwin(signature, accepted.signature()))) {
        record.violation("terminal " + at.terminalId() + " accepted a code no wallet signed: " + text);
      } else {
        // The "forgery" came out as the genuine code (say, a scanner's trailing newline) at a
        // terminal that had not seen it: an offline replay, acknowledged like any other.
        acknowledge(at, accepted, sale.value(), p.passenger(), true);
        record.event("a mutated code came out genuine, accepted offline");
      }
    }
  }

  private void restartTerminal(boolean kill) {
    TerminalDevice terminal = terminal();
    aboard.restart(terminal, kill);
    record.event(kill ? "terminal killed" : "terminal restarted");
    if (!terminal.sdk().verifyJournal().intact()) {
      record.violation("terminal " + terminal.terminalId() + " journal broken after " + (kill ? "kill" : "restart"));
    }
  }

  private void cloneWallet() {
    WalletDevice original = passenger();
    if (original.isClone()) {
      return;
    }
    WalletDevice clone;
    try {
      clone = aboard.cloneOf(original);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    payers.add(clone);
    cloned = true;
    record.event("wallet cloned");
    record.log(original.label() + " cloned onto a second phone");
  }

  private void expectRefused(Verdict<Sale> verdict, String what) {
    if (verdict.isAccepted()) {
      record.violation("accepted " + what + ": " + verdict);
    } else {
      record.event("refused " + what.split(",")[0]);
    }
  }

  private static PaymentAuthorization decode(String text) {
    try {
      return PaymentAuthorization.decode(QrText.decode(text));
    } catch (DecodeException e) {
      throw new AssertionError("a code that was accepted or issued does not decode: " + text, e);
    }
  }
}
