package io.aloft.cli.app;

import io.aloft.protocol.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The models of the passenger app's templates. */
public final class PassengerModels {
  private PassengerModels() {}

  /** What the passenger may spend offline, from the credential and what was signed under it. */
  public record Allowance(String flightCode, Money perPayment, Money total, Money spent, Money remaining,
      Instant validUntil, int tier) {}

  /** A refusal in the passenger's words: the reason's sentence, and whether the passphrase was wrong. */
  public record Refusal(String reason, boolean wrongPassphrase) {}

  public record Home(Optional<Allowance> allowance, int pendingBills, List<Money> pendingTotals) {}

  /** A row of the standard tier table, to explain what raises the limits. */
  public record TierRow(int tier, int minScore, Money perPayment, Money total, boolean current) {}

  public record Enrol(Optional<Allowance> allowance, List<TierRow> tiers, Optional<String> error,
      Optional<Refusal> refusal, boolean justEnrolled) {}

  public record Item(String name, int quantity, Money unitPrice, Money total) {}

  /** A scan screen: what to scan, and what went wrong with the last scan. */
  public record Scan(Optional<String> error, Optional<Refusal> refusal) {}

  /** A checked request, for the passenger to confirm with the passphrase. */
  public record Offer(String merchant, Money amount, Money signedCharge, List<Item> items, Money remainingAfter,
      Optional<Refusal> refusal) {
    public boolean converted() {
      return !amount.equals(signedCharge);
    }
  }

  /** An authorization or one-scan code to show, and the receipt to scan next. */
  public record Showing(String paymentId, String qrText, Money amount, Optional<String> merchant, boolean oneScan,
      boolean cap, long windowSeconds, Optional<String> error, Optional<Refusal> refusal) {}

  public record CodeForm(Optional<String> error, Optional<Refusal> refusal, String currency, Optional<Money> maxOneScan) {}

  public record Bill(String paymentId, String kind, Optional<String> merchant, Money amount, Optional<Money> charged,
      Money refunded, String state, Instant issuedAt, List<Item> items, boolean receipt, int refunds,
      Optional<String> detail, Optional<String> rejection) {
    /** The explanation's message key: the rejection's own where it has one, else the state's. */
    public String explanation() {
      return ownExplanation() ? "bill.explain." + rejection.get() : "bill.explain." + state;
    }

    /** Whether the rejection has an explanation of its own, which then says why as well. */
    public boolean ownExplanation() {
      return rejection.filter("NO_MERCHANT_RECORD"::equals).isPresent();
    }

    /** Whether a receipt scanned now can still change the bill (not once it is final). */
    public boolean takesNotes() {
      return !state.equals("REJECTED");
    }
  }

  public record Bills(List<Bill> bills) {}

  public record Sync(Optional<SyncResult> result, Optional<String> error, int pendingBills) {}

  public record SyncResult(int uploaded, int updated, boolean complete, List<StateCount> states) {}

  public record StateCount(String state, int count) {}
}
