package io.aloft.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.http.ApiException;
import io.aloft.cli.terminal.CountingUploader;
import io.aloft.protocol.client.UploadRefusedException;
import io.aloft.terminal.upload.HttpUploader;
import io.aloft.terminal.upload.SyncReport;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.issuer.IssuerException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * After landing: every terminal and every wallet (the clone's too) uploads, in an order the seed
 * shuffles; the server settles each payment once, whoever brings it first. Wallets then ask
 * again for what was still pending. Then the arrears, the server's flight report and the ledger
 * check.
 */
final class Landing {
  private final FlightSimulation sim;
  private final List<Passenger> clones;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();
  private boolean serverLacksSettlement;

  Landing(FlightSimulation sim, List<Passenger> clones) {
    this.sim = sim;
    this.clones = clones;
  }

  FlightReport.Landing settle() throws ApiException {
    List<Object> uploaders = new ArrayList<>(sim.terminals);
    List<Passenger> wallets = new ArrayList<>(sim.passengers.stream().filter(Passenger::isEnrolled).toList());
    wallets.addAll(clones);
    uploaders.addAll(wallets);
    Collections.shuffle(uploaders, new Random(sim.story.nextLong()));
    List<String> order = new ArrayList<>();
    for (Object uploader : uploaders) {
      order.add(uploader instanceof CrewTerminal t ? t.spec.label() : label((Passenger) uploader));
      upload(uploader);
      if (serverLacksSettlement) {
        problems.add("the server has no settlement endpoints (it is older than this command); nothing was settled");
        return new FlightReport.Landing(order, outcomes, Map.of(), null, List.of(), "not run", problems);
      }
    }
    wallets.forEach(this::syncWallet);
    return new FlightReport.Landing(order, outcomes, billStates(wallets), settled(), arrears(), ledgerCheck(),
        problems);
  }

  private void upload(Object uploader) {
    if (uploader instanceof CrewTerminal t) {
      CountingUploader counting = new CountingUploader(HttpUploader.of(URI.create(sim.server.baseUrl()),
          t.signer(sim.signingClock()), sim.issuerKeys));
      SyncReport report = t.terminal().sync(counting);
      counting.counts().forEach((outcome, n) -> outcomes.merge(outcome, n, Integer::sum));
      report.failure().ifPresent(e -> noteFailure(t.spec.label(), e));
    } else {
      syncWallet((Passenger) uploader);
    }
  }

  private void syncWallet(Passenger passenger) {
    try {
      passenger.wallet().sync();
    } catch (IssuerException e) {
      noteFailure(label(passenger), e.getCause() instanceof Exception cause ? cause : e);
    }
  }

  private void noteFailure(String who, Exception e) {
    if (e instanceof UploadRefusedException refused && refused.status() == 404) {
      serverLacksSettlement = true;
    } else {
      problems.add(who + ": " + e.getMessage());
    }
  }

  private static String label(Passenger passenger) {
    return passenger.dir.getFileName().toString();
  }

  private static Map<String, Integer> billStates(List<Passenger> wallets) {
    Map<String, Integer> states = new TreeMap<>();
    for (Passenger wallet : wallets) {
      for (Bill bill : wallet.wallet().bills(1000)) {
        states.merge(bill.state().name(), 1, Integer::sum);
      }
    }
    return states;
  }

  /** Passengers who owe money once everything settled, with the sentence the server shows them. */
  private List<String> arrears() throws ApiException {
    List<String> owing = new ArrayList<>();
    for (Passenger p : sim.passengers) {
      JsonNode account = sim.server.admin().account(p.accountId);
      long owed = account.path("arrears").path("amountMinor").asLong(0);
      if (owed > 0) {
        owing.add(p.spec.label() + " " + p.spec.name() + " owes " + ReportText.money(owed, Cast.CURRENCY) + " ("
            + account.path("status").asText() + "): " + account.path("notice").asText(""));
      }
    }
    return owing;
  }

  /** The server's flight report, reconciled with what the terminals journaled and with the ledger. */
  private FlightReport.Settled settled() throws ApiException {
    JsonNode report = sim.server.admin().client().get("/v1/flights/" + sim.flightId + "/settlement-report");
    JsonNode totals = JsonNodes.first(report.path("totals"), "currency", Cast.CURRENCY);
    Set<String> settledSales = new HashSet<>();
    for (JsonNode payment : report.path("payments")) {
      settledSales.add(FlightSimulation.saleKey(payment.path("terminalId").asLong(), payment.path("paymentId").asText()));
    }
    long notPaid = sim.accepted.entrySet().stream().filter(sale -> !settledSales.contains(sale.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    Map<String, Integer> cases = new TreeMap<>();
    report.path("cases").forEach(c -> cases.merge(c.path("kind").asText(), 1, Integer::sum));
    long journaledNet = sim.terminals.stream().mapToLong(t -> t.salesMinor - t.refundedMinor).sum();
    JsonNode airline = sim.server.admin().client().get("/v1/airlines/" + sim.airlineId + "/settlement-report");
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
    JsonNode check = sim.server.admin().client().get("/v1/ledger/check");
    return (check.path("balanced").asBoolean() ? "balanced" : "NOT BALANCED") + ", every currency sums to "
        + (check.path("currencies").findValues("sumMinor").stream().allMatch(n -> n.asLong() == 0) ? "zero" : "NON-ZERO");
  }
}
