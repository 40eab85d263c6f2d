package io.aloft.cli.demo;

import io.aloft.protocol.money.Money;
import java.io.PrintStream;
import java.util.List;

/** The flight report as a person reads it. */
final class ReportText {
  /** Enrolled passengers listed one by one; beyond this only counted (all of them are in --json). */
  private static final int MAX_PASSENGER_LINES = 20;
  private static final int MAX_UPLOADS_LISTED = 24;

  private ReportText() {}

  static void print(FlightReport report, PrintStream out) {
    String currency = report.currency();
    out.println("Aloft demo flight " + report.flight() + " (seed " + report.seed() + "): " + report.terminals().size()
        + " crew terminals, " + report.passengers().size() + " passengers, amounts in " + currency);
    out.println();
    passengers(report, out);
    out.println();
    out.println("In flight (offline from the ground, the carts in touch over the cabin network; flight time since"
        + " departure)");
    for (FlightReport.Event event : report.events()) {
      out.println("  " + event.when() + "  " + event.what());
      out.println("         -> " + event.outcome());
    }
    out.println();
    cabin(report.cabin(), out);
    out.println();
    terminals(report, out);
    out.println();
    landing(report.landing(), currency, out);
  }

  private static void passengers(FlightReport report, PrintStream out) {
    long enrolled = report.passengers().stream().filter(FlightReport.PassengerLine::enrolled).count();
    out.println("Enrolment (online, before boarding): " + enrolled + " enrolled, "
        + (report.passengers().size() - enrolled) + " refused");
    int shown = 0;
    for (FlightReport.PassengerLine p : report.passengers()) {
      String head = String.format("  %-4s %-10s score %3d  ", p.label(), p.name(), p.score());
      if (!p.enrolled()) {
        out.println(head + "refused (" + p.refusalReason() + "): " + p.refusalMessage());
      } else if (shown++ < MAX_PASSENGER_LINES) {
        out.println(head + String.format("%d payment%s, %s net; account %s, balance %s", p.payments(), p.payments() == 1 ? "" : "s",
            money(p.spentMinor(), report.currency()), p.accountStatus(), money(p.balanceMinor(), report.currency())));
      }
    }
    if (shown > MAX_PASSENGER_LINES) {
      out.println("  … and " + (shown - MAX_PASSENGER_LINES) + " more enrolled passengers (see --json)");
    }
  }

  private static void cabin(FlightReport.CabinLine cabin, PrintStream out) {
    out.println("Cabin sync (signed digests between the terminals; out of contact after "
        + cabin.contactWindowSeconds() + " s unheard)");
    out.println("  digests:             " + cabin.digestsMerged() + " merged, " + cabin.digestsRefused() + " refused");
    if (cabin.cutOff() == null) {
      out.println("  partition:           none");
      return;
    }
    out.println("  partition:           " + cabin.cutOff() + " cut off from " + cabin.partitionFrom() + " to "
        + (cabin.partitionUntil() == null ? "landing" : cabin.partitionUntil()) + "; " + cabin.outOfContactRefusals()
        + " payment" + (cabin.outOfContactRefusals() == 1 ? "" : "s") + " refused while out of contact");
    out.println("  after healing:       " + (cabin.agreeAfterHealing() ? "the carts agree" : "the carts DO NOT AGREE"));
  }

  private static void terminals(FlightReport report, PrintStream out) {
    out.println("Sales per terminal (as journaled)");
    int sales = 0;
    long total = 0;
    for (FlightReport.TerminalLine t : report.terminals()) {
      out.println(String.format("  %-3s %-16s %3d sales %10s   %d refunds %8s   %d refused", t.label(), t.name(),
          t.sales(), money(t.salesMinor(), report.currency()), t.refunds(), money(t.refundedMinor(), report.currency()),
          t.refused()));
      sales += t.sales();
      total += t.salesMinor();
    }
    out.println(String.format("  %-20s %3d sales %10s", "all terminals", sales, money(total, report.currency())));
  }

  private static void landing(FlightReport.Landing landing, String currency, PrintStream out) {
    out.println("After landing (online)");
    List<String> order = landing.uploadOrder();
    out.println("  uploads, in order:   " + String.join(", ", order.subList(0, Math.min(order.size(), MAX_UPLOADS_LISTED)))
        + (order.size() > MAX_UPLOADS_LISTED ? ", … (" + order.size() + " in all)" : ""));
    out.println("  terminal outcomes:   " + landing.terminalOutcomes());
    out.println("  wallet bills:        " + landing.walletBills());
    landing.problems().forEach(p -> out.println("  NOT UPLOADED: " + p));
    FlightReport.Settled s = landing.settled();
    if (s == null) {
      return;
    }
    out.println("  settled:             sales " + money(s.salesMinor(), currency) + ", refunds "
        + money(s.refundsMinor(), currency) + ", fees " + money(s.feesMinor(), currency) + ", net payable to the airline "
        + money(s.netPayableMinor(), currency));
    out.println("  not paid:            " + money(s.notPaidMinor(), currency) + " of journaled sales; cases for the operator: "
        + (s.cases().isEmpty() ? "none" : s.cases()));
    out.println("  reconciliation:      journaled net " + money(s.journaledNetMinor(), currency) + " = settled "
        + money(s.salesMinor() - s.refundsMinor(), currency) + " + not paid " + money(s.notPaidMinor(), currency)
        + "; ledger owes the airline " + money(s.merchantLedgerMinor(), currency) + " -> "
        + (s.agrees() ? "agrees" : "DOES NOT AGREE"));
    List<String> arrears = landing.arrears();
    out.println("  arrears:             " + (arrears.isEmpty() ? "none" : ""));
    arrears.forEach(a -> out.println("    " + a));
    out.println("  ledger check:        " + landing.ledgerCheck());
  }

  static String money(long minor, String currency) {
    return Money.of(minor, currency).toPlainString();
  }
}
