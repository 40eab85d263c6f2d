package io.aloft.cli.demo;

import io.aloft.cli.terminal.CountingUploader;
import io.aloft.flight.Cabin;
import io.aloft.flight.FlightEvent;
import io.aloft.flight.FlightListener;
import io.aloft.flight.Outcome;
import io.aloft.flight.TerminalDevice;
import io.aloft.flight.WalletDevice;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.cabin.CabinStatus;
import io.aloft.terminal.sale.Sale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tells the demo flight as it happens: progress lines for each phase, a report event for each
 * moment, and the tallies the report shows (per terminal, per passenger, and every accepted sale
 * for reconciliation with what the server settles).
 */
final class DemoNarrator implements FlightListener {
  /** One terminal's sales as its journal holds them. */
  static final class TerminalTally {
    int sales;
    long salesMinor;
    int refunds;
    long refundedMinor;
    int refused;
  }

  /** One passenger's enrolment answer and own spending (a clone's payments are not theirs). */
  static final class PassengerTally {
    Optional<Outcome.Refused<?>> enrolmentRefused = Optional.empty();
    int payments;
    long spentMinor;
  }

  private final Progress progress;
  private final List<FlightReport.Event> events = new ArrayList<>();
  private final Map<Long, TerminalTally> terminals = new HashMap<>();
  private final Map<Long, PassengerTally> passengers = new HashMap<>();
  /** Every sale a terminal accepted, by {@link #saleKey}: what it charged, in minor units. */
  private final Map<String, Long> accepted = new HashMap<>();
  /** Who uploaded in the first round, in order; later rounds only retry. */
  private final List<String> uploadOrder = new ArrayList<>();
  private int uploadRound;
  private final Map<String, Integer> terminalOutcomes = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();
  private Duration now = Duration.ZERO;

  DemoNarrator(Progress progress) {
    this.progress = progress;
  }

  @Override
  public void on(Duration sinceDeparture, FlightEvent event) {
    now = sinceDeparture;
    if (event instanceof FlightEvent.SettingUp e) {
      progress.step("setting up airline, catalogue, flight, " + e.terminals()
          + " terminals and " + e.passengers() + " passengers");
    } else if (event instanceof FlightEvent.AccountOpened e) {
      progress.count("accounts", e.done(), e.total());
    } else if (event instanceof FlightEvent.Enrolling) {
      progress.step("enrolling passengers (score at least 550, no arrears)");
    } else if (event instanceof FlightEvent.EnrolmentAnswered e) {
      if (e.outcome() instanceof Outcome.Refused<?> refused) {
        passenger(e.passenger()).enrolmentRefused = Optional.of(refused);
      }
      progress.count("passengers", e.done(), e.total());
    } else if (event instanceof FlightEvent.FetchingBundles) {
      progress.step("terminals fetch the trust bundle before departure");
    } else if (event instanceof FlightEvent.Selling) {
      progress.step("in flight, offline from the ground, the carts in cabin sync: selling");
    } else if (event instanceof FlightEvent.Round e) {
      progress.step("  round " + e.number() + " of " + e.of());
    } else if (event instanceof FlightEvent.Landed) {
      progress.step("landed: uploading from terminals and wallets in random order");
    } else if (event instanceof FlightEvent.SaleAccepted e) {
      sold(e);
    } else if (event instanceof FlightEvent.CodeRefused e) {
      terminal(e.terminal()).refused++;
    } else if (event instanceof FlightEvent.UploadRound e) {
      uploadRound = e.number();
    } else if (event instanceof FlightEvent.Uploading e) {
      if (uploadRound == 1) {
        uploadOrder.add(e.label());
      }
    } else if (event instanceof FlightEvent.EntriesAnswered e) {
      e.outcomes().forEach(o ->
          terminalOutcomes.merge(CountingUploader.key(o), 1, Integer::sum));
    } else if (event instanceof FlightEvent.UploadFailed e) {
      problems.add(e.label() + ": " + e.failure().getMessage());
    } else if (event instanceof FlightEvent.WalletSynced) {
      // The report reads each wallet's bills at the end.
    } else if (event instanceof FlightEvent.Refund e) {
      refund(e);
    } else {
      moment(event);
    }
  }

  private void sold(FlightEvent.SaleAccepted e) {
    long charged = e.sale().charged().amountMinor();
    accepted.put(saleKey(e.terminal().terminalId(), e.sale().paymentId().toString()), charged);
    TerminalTally t = terminal(e.terminal());
    t.sales++;
    t.salesMinor += charged;
    if (!e.fromClone()) {
      PassengerTally p = passenger(e.payer());
      p.payments++;
      p.spentMinor += charged;
    }
  }

  private void refund(FlightEvent.Refund e) {
    String what = e.terminal().label() + " refunds one " + e.item().name() + " (" + e.amount() + ") to "
        + e.passenger().spec().label();
    if (e.refund() instanceof Verdict.Rejected<?> refused) {
      event(what, refused.reason() + ": " + refused.reason().message());
      return;
    }
    TerminalTally t = terminal(e.terminal());
    t.refunds++;
    t.refundedMinor += e.amount().amountMinor();
    passenger(e.passenger()).spentMinor -= e.amount().amountMinor();
    event(what, "signed refund note journaled; the wallet keeps it (bill refunded " + e.bill().orElseThrow().refunded()
        + ")");
  }

  /** The moments of the flight, as the report tells them. */
  private void moment(FlightEvent event) {
    if (event instanceof FlightEvent.NobodyEnrolled) {
      event("nobody could enrol, so nothing is sold", "-");
    } else if (event instanceof FlightEvent.RequestNotShown e) {
      event(e.terminal().label() + " cannot show a request",
          e.rejected().reason() + ": " + e.rejected().reason().message());
    } else if (event instanceof FlightEvent.WalletRefusedRequest e) {
      event(e.passenger().spec().label() + "'s wallet refuses a request from "
          + e.terminal().label(), e.refusal().reason() + ": " + e.refusal().message());
    } else if (event instanceof FlightEvent.WalletMadeNoCode e) {
      event(e.passenger().spec().label() + "'s wallet will not make a code for "
          + e.amount(), e.refusal().reason() + ": " + e.refusal().message());
    } else if (event instanceof FlightEvent.SaleRefused e) {
      event(e.terminal().label() + " refuses " + e.passenger().spec().label()
          + "'s code", verdictText(e.verdict()));
    } else if (event instanceof FlightEvent.ReceiptRefused e) {
      event(e.passenger().spec().label() + "'s wallet refuses the receipt of "
          + e.sale().paymentId(), e.refusal().reason() + ": " + e.refusal().message());
    } else if (event instanceof FlightEvent.OverLimit e) {
      event(e.passenger().spec().label() + " is asked for " + e.item().unitPrice() + " ("
          + e.item().nameEn() + ") at " + e.terminal().label(), e.read() instanceof Outcome.Refused<?> refused
          ? "the wallet refuses, " + refused.reason() + ": " + refused.message() + " Nothing is signed."
          : "the wallet would pay it (unexpected)");
    } else if (event instanceof FlightEvent.PhotographedCode e) {
      event("a photo of " + e.passenger().spec().label()
          + "'s one-scan code, paid at " + e.paidAt().label() + ", is shown at " + e.shownAt().label() + " "
          + e.later().toMinutes() + " minutes later", verdictText(e.verdict()));
    } else if (event instanceof FlightEvent.Crash e) {
      event(e.terminal().label() + " (" + e.terminal().spec().name() + ") crashes with "
          + e.passenger().spec().label() + "'s request on screen, and restarts", "journal "
          + (e.journal().intact() ? "intact" : "DAMAGED " + e.journal().problems()) + ", " + e.entriesAfter() + " of "
          + e.entriesBefore() + " entries kept");
    } else if (event instanceof FlightEvent.PaidAfterCrash e) {
      event(e.passenger().spec().label()
          + " answers the request shown before the crash",
          e.sale().map(s -> "accepted by the restarted terminal: paid " + s.charged()).orElse("not paid"));
    } else {
      cloneAndPartition(event);
    }
  }

  private void cloneAndPartition(FlightEvent event) {
    if (event instanceof FlightEvent.CloneInContact e) {
      event(e.original().spec().label() + "'s phone is cloned; the original pays "
          + e.originalPays().toPlainString() + " at " + e.first().label() + ", the clone "
          + e.clonePays().toPlainString() + " at " + e.second().label()
          + " with the same counter, the carts in contact", (e.merged() ? "cabin sync: " + e.second().label()
          + " had merged " + e.first().label() + "'s digest; " : "") + verdictText(e.cloneVerdict()));
    } else if (event instanceof FlightEvent.PartitionBegins e) {
      event(e.cutOff().label() + " (" + e.cutOff().spec().name()
          + ") lost the cabin network " + e.unheardFor().toSeconds() + " s ago: partition",
          statusText(e.cutOff(), e.status()));
    } else if (event instanceof FlightEvent.PaymentsInPartition e) {
      event("during the partition the original pays " + e.originalPays().toPlainString() + " at "
          + e.first().label() + ", the clone " + e.clonePays().toPlainString() + " at " + e.cutOff().label()
          + " (cut off) with the same counter",
          (e.bothAccepted() ? "both accepted offline: the cut-off cart cannot know of the other"
          : "not both accepted (" + verdictText(e.cloneVerdict()) + ")") + "; settlement must catch it");
    } else if (event instanceof FlightEvent.CloneAgain e) {
      if (e.attempt() instanceof Outcome.Done<Verdict<Sale>> done) {
        event("the clone pays " + e.clonePays().toPlainString() + " at " + e.cutOff().label() + " again, still cut off",
            verdictText(done.value()));
      } else {
        event("the clone tries to pay again at " + e.cutOff().label(), "its wallet refuses, "
            + ((Outcome.Refused<?>) e.attempt()).reason());
      }
    } else if (event instanceof FlightEvent.PartitionHeals e) {
      event(e.back().label() + " is back on the cabin network: the partition heals",
          statusText(e.back(), e.status()) + "; " + (e.cartsAgree() ? "every cart holds the same view of the cabin again"
          : "the carts DISAGREE"));
    } else if (event instanceof FlightEvent.Forged e) {
      event("a forged code for " + e.victim().spec().label()
          + "'s credential (" + e.amount().toPlainString() + ", not signed by their phone) at " + e.terminal().label(),
          verdictText(e.verdict()));
    } else {
      throw new IllegalStateException("the demo does not narrate " + event);
    }
  }

  /** How a verdict reads in the report; a refusal for being out of contact says so. */
  private static String verdictText(Verdict<?> verdict) {
    if (Cabin.isOutOfContact(verdict)) {
      return "refused, " + verdict.reason() + ": this cart is out of contact with the cabin and the passenger"
          + " already paid here since: one payment per passenger until the cabin is back";
    }
    if (verdict instanceof Verdict.Rejected<?> refused) {
      return "refused, " + refused.reason() + ": " + refused.reason().message();
    }
    return "accepted";
  }

  /** How {@code t} sees the cabin: its peers in contact and the exposure still open. */
  private static String statusText(TerminalDevice t, CabinStatus status) {
    int peers = status.peers().size();
    return "cabin status at " + t.label() + ": " + (peers - status.outOfContact()) + " of " + peers
        + " peers in contact, " + status.outOfContact() + " out of contact, open exposure "
        + status.openExposure().stream().map(Object::toString).reduce((a, b) -> a + ", " + b).orElse("none");
  }

  private void event(String what, String outcome) {
    events.add(new FlightReport.Event(flightTime(now), what, outcome));
  }

  /** "+0:25": flight time since scheduled departure, which the seed fixes (unlike the wall clock). */
  static String flightTime(Duration sinceDeparture) {
    long minutes = sinceDeparture.toMinutes();
    return (minutes < 0 ? "-" : "+") + Math.abs(minutes) / 60 + ":" + String.format("%02d", Math.abs(minutes) % 60);
  }

  static String saleKey(long terminalId, String paymentId) {
    return terminalId + "/" + paymentId;
  }

  private TerminalTally terminal(TerminalDevice t) {
    return terminals.computeIfAbsent(t.terminalId(), id -> new TerminalTally());
  }

  private PassengerTally passenger(WalletDevice p) {
    return passengers.computeIfAbsent(p.accountId(), id -> new PassengerTally());
  }

  TerminalTally tallyOf(TerminalDevice t) {
    return terminal(t);
  }

  PassengerTally tallyOf(WalletDevice p) {
    return passenger(p);
  }

  List<FlightReport.Event> events() {
    return List.copyOf(events);
  }

  Map<String, Long> accepted() {
    return Map.copyOf(accepted);
  }

  List<String> uploadOrder() {
    return List.copyOf(uploadOrder);
  }

  Map<String, Integer> terminalOutcomes() {
    return new TreeMap<>(terminalOutcomes);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }
}
