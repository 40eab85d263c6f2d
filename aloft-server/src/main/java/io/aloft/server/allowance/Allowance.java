package io.aloft.server.allowance;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A payer's offline allowance: their tier's total limit, shared by all their credentials. Pure.
 *
 * <p>A credential <em>reserves</em> what it could still spend without the issuer having settled it:
 * its total limit minus the signed charges settled under it so far, never below zero. Settled
 * charges are already taken from the payer's funds (or arrears), so they stop counting against
 * the allowance as they settle; that is how the allowance is restored. A credential reserves until
 * its {@code validUntil} plus the settlement window has passed, revoked or not: terminals that
 * are offline may accept it until their bundle updates, and late uploads still settle.
 *
 * @param limitMinor the tier's total limit for the payer's current score; 0 when not eligible
 * @param reservedMinor what every open credential reserves, summed
 * @param holds the open credentials reserving the most, largest first (at most {@link #MAX_HOLDS})
 */
public record Allowance(long limitMinor, long reservedMinor, List<Hold> holds) {
  /** How many holds a view or a refusal names; the sum covers all of them. */
  public static final int MAX_HOLDS = 10;

  public Allowance {
    if (limitMinor < 0 || reservedMinor < 0) {
      throw new IllegalArgumentException("limitMinor and reservedMinor must not be negative: " + limitMinor + ", "
          + reservedMinor);
    }
    holds = List.copyOf(holds);
  }

  /**
   * One open credential's hold on the allowance.
   *
   * @param flightCode airline code and flight number, what the passenger knows the flight by
   * @param releasedBy when the hold ends at the latest: {@code validUntil} plus the settlement window
   */
  public record Hold(String serial, long flightId, String flightCode, LocalDate flightDate, long totalLimitMinor,
      long settledMinor, Instant releasedBy) {
    public long reservedMinor() {
      return reserved(totalLimitMinor, settledMinor);
    }
  }

  /** What one credential reserves: its total limit less what settled under it, never below 0. */
  public static long reserved(long totalLimitMinor, long settledMinor) {
    return Math.max(0, totalLimitMinor - settledMinor);
  }

  /** Whether a credential valid until {@code validUntil} still reserves at {@code now}. */
  public static boolean reservesAt(Instant validUntil, java.time.Duration settlementWindow, Instant now) {
    return now.isBefore(validUntil.plus(settlementWindow));
  }

  /** What a new credential may have: the limit less what open credentials reserve, never below 0. */
  public long availableMinor() {
    return Math.max(0, limitMinor - reservedMinor);
  }

  /** The limits of a credential issued now, or empty when nothing is left to issue. */
  public Optional<Limits> limitsFor(long tierPerPaymentMinor, long tierTotalMinor) {
    long total = Math.min(tierTotalMinor, availableMinor());
    if (total < 1) {
      return Optional.empty();
    }
    return Optional.of(new Limits(Math.min(tierPerPaymentMinor, total), total));
  }

  /** Per-payment and total limit of a credential; the per-payment limit never exceeds the total. */
  public record Limits(long perPaymentLimitMinor, long totalLimitMinor) {
    public Limits {
      if (perPaymentLimitMinor < 1 || totalLimitMinor < perPaymentLimitMinor) {
        throw new IllegalArgumentException("need 1 <= perPaymentLimitMinor <= totalLimitMinor, got "
            + perPaymentLimitMinor + " and " + totalLimitMinor);
      }
    }
  }

  /**
   * For the passenger: which flight holds the allowance and until when at the latest. Only for
   * an allowance with something reserved.
   */
  public String inUseMessage(CurrencyUnit currency) {
    Hold hold = largestHold().orElseThrow(() -> new IllegalStateException("nothing reserved: " + this));
    return "Your offline allowance of " + Money.of(limitMinor, currency) + " is in use by flight " + hold.flightCode()
        + " on " + hold.flightDate() + " until its payments settle (at the latest " + hold.releasedBy()
        + "). Once they have settled, enrol again.";
  }

  /** The credential holding the most of the allowance, to name in a refusal. */
  public Optional<Hold> largestHold() {
    return holds.isEmpty() ? Optional.empty() : Optional.of(holds.get(0));
  }
}
