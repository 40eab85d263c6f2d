package io.aloft.simulation.flight;

import io.aloft.flight.Aboard;
import io.aloft.flight.TerminalDevice;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.money.Money;
import io.aloft.testkit.Api;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A dishonest crew, just after landing: a terminal signs, with its own key, a batch whose receipt
 * charges more than the passenger signed for, under a batch id it never used. Whatever the server
 * answers, no payer may be charged more than they signed (the invariants check the books
 * afterwards).
 */
final class DishonestUpload {
  private final Flight flight;
  private final Aboard aboard;
  private final SplittableRandom random;

  DishonestUpload(Flight flight, Aboard aboard) {
    this.flight = flight;
    this.aboard = aboard;
    this.random = aboard.story();
  }

  void tryOnce() {
    FlightRecord record = flight.record;
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
    TerminalDevice terminal = aboard.terminals().stream().filter(t -> t.terminalId() == sale.terminalId())
        .findFirst().orElseThrow();
    Optional<BatchEntry.Payment> honest = journaled(terminal, sale);
    if (honest.isEmpty()) {
      return;
    }
    Receipt inflated = inflated(terminal, honest.get());
    TerminalBatch batch = new TerminalBatch(terminal.terminalId(), 1_000_000 + random.nextInt(1_000_000),
        aboard.clock().instant().truncatedTo(ChronoUnit.SECONDS), List.of(new BatchEntry.Payment(
            honest.get().journalSequence(), honest.get().authorization(), honest.get().request(),
            Bytes.of(inflated.encode()))), Bytes.empty())
        .signedBy(terminal.key());
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        Api.Response response = flight.network.send("POST", "/v1/terminal-batches", Map.of("Authorization",
            "Bearer " + aboard.airline().merchantKey(), "Idempotency-Key", "dishonest-" + batch.batchId()),
            batch.encode(), "application/octet-stream", true);
        record.event("dishonest " + (sale.capCode() ? "cap " : "") + "receipt answered " + response.status());
        record.log("dishonest batch for " + sale.paymentId() + " charging " + inflated.charged() + ": "
            + response.status());
        return;
      } catch (IOException e) {
        record.event("dishonest batch lost");
      }
    }
  }

  /** The journaled documents of {@code sale}, read from the terminal's own next batch. */
  private static Optional<BatchEntry.Payment> journaled(TerminalDevice terminal, FlightRecord.Acknowledged sale) {
    return terminal.sdk().nextBatch().stream().flatMap(b -> b.entries().stream())
        .filter(e -> e instanceof BatchEntry.Payment).map(e -> (BatchEntry.Payment) e)
        .filter(p -> receiptOf(p).map(r -> r.paymentId().equals(sale.paymentId())).orElse(false))
        .findFirst();
  }

  private static Optional<Receipt> receiptOf(BatchEntry.Payment payment) {
    try {
      return Optional.of(Receipt.decode(payment.receipt().toByteArray()));
    } catch (DecodeException e) {
      return Optional.empty();
    }
  }

  private Receipt inflated(TerminalDevice terminal, BatchEntry.Payment payment) {
    Receipt honest = receiptOf(payment).orElseThrow();
    Money more = Money.of(honest.charged().amountMinor() + 1 + random.nextInt(10_000), honest.charged().currency());
    return new Receipt(honest.paymentId(), honest.terminalId(), more, honest.authorizationDigest(),
        honest.acceptedAt(), honest.journalSequence(), Bytes.empty()).signedBy(terminal.key());
  }
}
