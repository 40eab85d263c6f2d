package io.aloft.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.http.ApiException;
import io.aloft.flight.Cabin;
import io.aloft.flight.Cast;
import io.aloft.flight.FlightEngine;
import io.aloft.flight.Outcome;
import io.aloft.flight.WalletDevice;
import io.aloft.wallet.bills.Bill;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The demo flight's report: what the narrator heard, next to what the server says once everything
 * landed — each passenger's account, the flight's settlement report reconciled with the journals,
 * the arrears and the ledger check.
 */
final class DemoReport {
  private final DemoServer server;
  private final DemoNarrator narrator;
  private final FlightEngine.Summary flight;

  DemoReport(DemoServer server, DemoNarrator narrator, FlightEngine.Summary flight) {
    this.server = server;
    this.narrator = narrator;
    this.flight = flight;
  }

  FlightReport build(long seed) throws ApiException {
    return new FlightReport(seed, flight.flight().code(), Cast.CURRENCY, passengerLines(), terminalLines(),
        narrator.events(), cabinLine(flight.cabin()), landing());
  }

  private List<FlightReport.PassengerLine> passengerLines() throws ApiException {
    List<FlightReport.PassengerLine> lines = new ArrayList<>();
    for (WalletDevice p : flight.passengers()) {
      JsonNode account = server.admin().account(p.accountId());
      DemoNarrator.PassengerTally tally = narrator.tallyOf(p);
      Outcome.Refused<?> refused = tally.enrolmentRefused.orElse(null);
      lines.add(new FlightReport.PassengerLine(p.spec().label(), p.spec().name(), p.spec().score(), refused == null,
          refused == null ? null : refused.reason(), refused == null ? null : refused.message(), tally.payments,
          tally.spentMinor, account.get("status").asText(), account.at("/balance/amountMinor").asLong()));
    }
    return lines;
  }

  private List<FlightReport.TerminalLine> terminalLines() {
    return flight.terminals().stream().map(t -> {
      DemoNarrator.TerminalTally tally = narrator.tallyOf(t);
      return new FlightReport.TerminalLine(t.label(), t.spec().name(), tally.sales, tally.salesMinor, tally.refunds,
          tally.refundedMinor, tally.refused);
    }).toList();
  }

  private static FlightReport.CabinLine cabinLine(Cabin.Summary cabin) {
    return new FlightReport.CabinLine(cabin.contactWindow().toSeconds(), cabin.digestsMerged(), cabin.digestsRefused(),
        cabin.cutOff().map(t -> t.label()).orElse(null), cabin.partitionFrom().map(DemoNarrator::flightTime).orElse(null),
        cabin.partitionUntil().map(DemoNarrator::flightTime).orElse(null), cabin.outOfContactRefusals(),
        cabin.agreeAfterHealing());
  }

  private FlightReport.Landing landing() throws ApiException {
    List<String> problems = new ArrayList<>(narrator.problems());
    if (!flight.settled()) {
      problems.add("the server has no settlement endpoints (it is older than this command); nothing was settled");
      return new FlightReport.Landing(narrator.uploadOrder(), narrator.terminalOutcomes(), Map.of(), null, List.of(),
          "not run", problems);
    }
    return new FlightReport.Landing(narrator.uploadOrder(), narrator.terminalOutcomes(), billStates(), settled(),
        arrears(), ledgerCheck(), problems);
  }

  /** The wallets' bills by state, the clones' included, once everyone has synced. */
  private Map<String, Integer> billStates() {
    List<WalletDevice> wallets = new ArrayList<>(flight.passengers().stream().filter(WalletDevice::isEnrolled).toList());
    wallets.addAll(flight.clones());
    Map<String, Integer> states = new TreeMap<>();
    for (WalletDevice wallet : wallets) {
      for (Bill bill : wallet.bills(1000)) {
        states.merge(bill.state().name(), 1, Integer::sum);
      }
    }
    return states;
  }

  /** Passengers who owe money once everything settled, with the sentence the server shows them. */
  private List<String> arrears() throws ApiException {
    List<String> owing = new ArrayList<>();
    for (WalletDevice p : flight.passengers()) {
      JsonNode account = server.admin().account(p.accountId());
      long owed = account.path("arrears").path("amountMinor").asLong(0);
      if (owed > 0) {
        owing.add(p.spec().label() + " " + p.spec().name() + " owes " + ReportText.money(owed, Cast.CURRENCY) + " ("
            + account.path("status").asText() + "): " + account.path("notice").asText(""));
      }
    }
    return owing;
  }

  /** The server's flight report, reconciled with what the terminals journaled and with the ledger. */
  private FlightReport.Settled settled() throws ApiException {
    JsonNode report = server.admin().client().get("/v1/flights/" + flight.flight().id() + "/settlement-report");
    JsonNode totals = JsonNodes.first(report.path("totals"), "currency", Cast.CURRENCY);
    Set<String> settledSales = new HashSet<>();
    for (JsonNode payment : report.path("payments")) {
      settledSales.add(DemoNarrator.saleKey(payment.path("terminalId").asLong(), payment.path("paymentId").asText()));
    }
    long notPaid = narrator.accepted().entrySet().stream().filter(sale -> !settledSales.contains(sale.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    Map<String, Integer> cases = new TreeMap<>();
    report.path("cases").forEach(c -> cases.merge(c.path("kind").asText(), 1, Integer::sum));
    long journaledNet = flight.terminals().stream().map(narrator::tallyOf)
        .mapToLong(t -> t.salesMinor - t.refundedMinor).sum();
    JsonNode airline = server.admin().client().get("/v1/airlines/" + flight.airline().id() + "/settlement-report");
    long merchantLedger = JsonNodes.first(airline.path("ledger"), "currency", Cast.CURRENCY)
        .path("merchantLedgerBalanceMinor").asLong();
    long sales = totals.path("salesMinor").asLong();
    long refunds = totals.path("refundsMinor").asLong();
    long net = totals.path("netPayableMinor").asLong();
    boolean agrees = journaledNet == sales - refunds + notPaid && merchantLedger == net;
    return new FlightReport.Settled(sales, refunds, totals.path("feesMinor").asLong(), net, journaledNet, notPaid,
        cases, merchantLedger, agrees);
  }

  private String ledgerCheck() throws ApiException {
    JsonNode check = server.admin().client().get("/v1/ledger/check");
    return (check.path("balanced").asBoolean() ? "balanced" : "NOT BALANCED") + ", every currency sums to "
        + (check.path("currencies").findValues("sumMinor").stream().allMatch(n -> n.asLong() == 0) ? "zero" : "NON-ZERO");
  }
}
