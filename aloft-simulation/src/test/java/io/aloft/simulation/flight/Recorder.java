package io.aloft.simulation.flight;

import io.aloft.flight.FlightEvent;
import io.aloft.flight.FlightListener;
import io.aloft.flight.Outcome;
import io.aloft.wallet.issuer.IssuerException;
import java.time.Duration;

/**
 * Books what the engine tells of a simulated flight into its {@link FlightRecord}: enrolments,
 * upload rounds, answered batches and failed uploads, as counted events and log lines. What the
 * story's own sales and attacks did, the story books itself.
 */
final class Recorder implements FlightListener {
  private final FlightRecord record;

  Recorder(FlightRecord record) {
    this.record = record;
  }

  @Override
  public void on(Duration sinceDeparture, FlightEvent event) {
    if (event instanceof FlightEvent.EnrolmentAnswered e) {
      var p = e.passenger();
      String who = p.label() + " (account " + p.accountId() + ", score " + p.spec().score() + ", balance "
          + p.spec().balanceMinor() + ", skew " + p.skew() + ")";
      if (e.outcome() instanceof Outcome.Refused<?> refused) {
        record.event("enrolment refused");
        record.log(who + " not enrolled: " + refused.reason() + " " + refused.message());
      } else {
        record.log(who + " enrolled");
      }
    } else if (event instanceof FlightEvent.UploadRound e) {
      record.log("upload round " + e.number() + " at " + sinceDeparture);
    } else if (event instanceof FlightEvent.EntriesAnswered e) {
      record.event("terminal batch answered");
      record.log("terminal " + e.terminal().terminalId() + ": " + e.outcomes().size() + " entries answered");
    } else if (event instanceof FlightEvent.WalletSynced e) {
      record.event("wallet sync answered");
    } else if (event instanceof FlightEvent.UploadFailed e) {
      if (e.failure() instanceof IssuerException failed) {
        record.event("wallet sync failed: " + failed.kind());
        if (failed.kind() != IssuerException.Kind.UNREACHABLE) {
          record.log(e.label() + " sync: " + failed.kind() + " " + failed.getMessage());
        }
      } else {
        record.event("terminal upload failed");
        record.log(e.label() + " upload failed: " + e.failure().getMessage());
      }
    }
  }
}
