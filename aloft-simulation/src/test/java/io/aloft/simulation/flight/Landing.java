package io.aloft.simulation.flight;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.money.Money;
import io.aloft.server.http.Idempotency;
import io.aloft.terminal.upload.SyncReport;
import io.aloft.testkit.Api;
import io.aloft.wallet.issuer.IssuerException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * After landing: every terminal and wallet uploads through the faulty network, in an order the
 * seed shuffles each round, while the server may be killed between and during requests. A
 * dishonest terminal first tries receipts that charge more than the passenger signed. Uploads
 * repeat until answered (bounded); then the network calms and the last stragglers finish.
 */
final class Landing {
  /** Rounds on the faulty network, then on a calm one; every device uploads at most this often. */
  private static final int FAULTY_ROUNDS = 8;
  private static final int CALM_ROUNDS = 3;

  private final Flight flight;
  private final SplittableRandom random;
  private final FlightRecord record;

  Landing(Flight flight) {
    this.flight = flight;
    this.random = flight.random;
    this.record = flight.record;
  }

  void run() {
    Duration toLanding = Duration.between(flight.clock.now(), flight.arrival.plus(Duration.ofMinutes(10 + random.nextInt(180))));
    flight.clock.advance(toLanding.isNegative() ? Duration.ofMinutes(1) : toLanding);
    if (flight.faults.dishonestTerminal()) {
      dishonestUploads();
    }
    for (int round = 0; round < FAULTY_ROUNDS + CALM_ROUNDS && !everythingAnswered(); round++) {
      if (round == FAULTY_ROUNDS) {
        flight.network.calm();
        // Calm comes after a pause long enough for uploads killed with the server to be abandoned.
        flight.clock.advance(Idempotency.ABANDONED_AFTER);
      }
      flight.clock.advance(Duration.ofSeconds(30 + random.nextInt(600)));
      uploadRound();
      if (flight.faults.killServer() && round < FAULTY_ROUNDS && random.nextInt(4) == 0) {
        flight.server.kill();
        flight.server.start();
        record.event("server killed between uploads");
      }
    }
    allTerminals().stream().filter(SimTerminal::hasPendingUploads).forEach(t ->
        record.violation("terminal " + t.id + " still holds unanswered payments after every retry"));
  }

  /** Wallets that synced after every terminal had uploaded: they know their final outcomes. */
  private final java.util.Set<SimPassenger> upToDate = new java.util.HashSet<>();

  private boolean everythingAnswered() {
    return allTerminals().stream().noneMatch(SimTerminal::hasPendingUploads) && upToDate.containsAll(flight.passengers);
  }

  private List<SimTerminal> allTerminals() {
    List<SimTerminal> all = new ArrayList<>(flight.terminals);
    all.add(flight.otherFlightTerminal);
    return all;
  }

  /** Terminals and wallets in a fresh seeded order; each uploads what it still holds. */
  private void uploadRound() {
    List<Object> devices = new ArrayList<>(allTerminals());
    devices.addAll(flight.passengers);
    for (int i = devices.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Object swap = devices.get(i);
      devices.set(i, devices.get(j));
      devices.set(j, swap);
    }
    for (Object device : devices) {
      if (device instanceof SimTerminal terminal) {
        syncTerminal(terminal);
      } else {
        syncWallet((SimPassenger) device);
      }
    }
  }

  private void syncTerminal(SimTerminal terminal) {
    if (!terminal.hasPendingUploads()) {
      return;
    }
    SyncReport report = terminal.sdk().sync(flight.terminalUploader(terminal));
    record.event(report.failure().isPresent() ? "terminal upload failed" : "terminal upload answered");
    report.failure().ifPresent(e -> record.log("terminal " + terminal.id + " upload failed: " + e.getMessage()));
  }

  private void syncWallet(SimPassenger passenger) {
    if (upToDate.contains(passenger)) {
      return;
    }
    boolean terminalsDone = allTerminals().stream().noneMatch(SimTerminal::hasPendingUploads);
    try {
      passenger.sdk().sync();
      if (terminalsDone) {
        upToDate.add(passenger);
      }
      record.event("wallet sync answered");
    } catch (IssuerException e) {
      record.event("wallet sync failed: " + e.kind());
      if (e.kind() != IssuerException.Kind.UNREACHABLE) {
        record.log(passenger + " sync: " + e.kind() + " " + e.getMessage());
      }
    }
  }

  /**
   * A terminal signs, with its own key, a batch whose receipt charges more than the passenger
   * signed for, under batch ids it never used. Whatever the server answers, no payer may be
   * charged more than they signed (the invariants check the books afterwards).
   */
  private void dishonestUploads() {
    List<FlightRecord.Acknowledged> sales = record.acknowledged.stream().filter(a -> !a.replayedCode()).toList();
    if (sales.isEmpty()) {
      return;
    }
    // A dishonest crew raises a cap code's charge first: there the signed cap leaves room.
    List<FlightRecord.Acknowledged> caps = sales.stream().filter(FlightRecord.Acknowledged::capCode).toList();
    if (!caps.isEmpty() && random.nextBoolean()) {
      sales = caps;
    }
    FlightRecord.Acknowledged sale = sales.get(random.nextInt(sales.size()));
    SimTerminal terminal = flight.terminals.stream().filter(t -> t.id == sale.terminalId()).findFirst().orElseThrow();
    Optional<BatchEntry.Payment> honest = journaled(terminal, sale);
    if (honest.isEmpty()) {
      return;
    }
    Receipt inflated = inflated(terminal, honest.get());
    TerminalBatch batch = new TerminalBatch(terminal.id, 1_000_000 + random.nextInt(1_000_000), flight.clock.now()
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS), List.of(new BatchEntry.Payment(honest.get().journalSequence(),
        honest.get().authorization(), honest.get().request(), Bytes.of(inflated.encode()))), Bytes.empty())
        .signedBy(terminal.key);
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        Api.Response response = flight.network.send("POST", "/v1/terminal-batches", Map.of("Authorization",
            "Bearer " + flight.merchantKey, "Idempotency-Key", "dishonest-" + batch.batchId()), batch.encode(),
            "application/octet-stream", true);
        record.event("dishonest batch answered " + response.status());
        record.log("dishonest batch for " + sale.paymentId() + " charging " + inflated.charged() + ": "
            + response.status());
        return;
      } catch (IOException e) {
        record.event("dishonest batch lost");
      }
    }
  }

  /** The journaled documents of {@code sale}, read from the terminal's own next batch. */
  private static Optional<BatchEntry.Payment> journaled(SimTerminal terminal, FlightRecord.Acknowledged sale) {
    return terminal.sdk().nextBatch().stream().flatMap(b -> b.entries().stream())
        .filter(e -> e instanceof BatchEntry.Payment).map(e -> (BatchEntry.Payment) e)
        .filter(p -> receiptOf(p).map(r -> r.paymentId().equals(sale.paymentId())).orElse(false))
        .findFirst();
  }

  private static Optional<Receipt> receiptOf(BatchEntry.Payment payment) {
    try {
      return Optional.of(Receipt.decode(payment.receipt().toByteArray()));
    } catch (io.aloft.protocol.codec.DecodeException e) {
      return Optional.empty();
    }
  }

  private Receipt inflated(SimTerminal terminal, BatchEntry.Payment payment) {
    Receipt honest = receiptOf(payment).orElseThrow();
    Money more = Money.of(honest.charged().amountMinor() + 1 + random.nextInt(10_000), honest.charged().currency());
    return new Receipt(honest.paymentId(), honest.terminalId(), more, honest.authorizationDigest(), honest.acceptedAt(),
        honest.journalSequence(), Bytes.empty()).signedBy(terminal.key);
  }
}
