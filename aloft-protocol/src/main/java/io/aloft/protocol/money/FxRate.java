package io.aloft.protocol.money;

import java.math.BigDecimal;

/**
 * A conversion rate from one currency to another, as carried in a trust bundle's FX snapshot:
 * {@code rateNanos} units of {@code to} (major) for one unit of {@code from} (major), times 10^9.
 * Fixed-point so that the terminal, the wallet and the server convert to the same minor unit.
 */
public record FxRate(CurrencyUnit from, CurrencyUnit to, long rateNanos) {
  public static final int RATE_SCALE = 9;

  public FxRate {
    if (from == null || to == null) {
      throw new IllegalArgumentException("currencies must not be null");
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("an FX rate needs two currencies, got " + from + " twice");
    }
    if (rateNanos <= 0) {
      throw new IllegalArgumentException("rateNanos must be positive: " + rateNanos);
    }
  }

  /**
   * Converts {@code amount} (in {@code from}) to {@code to}, rounding half-even to the minor unit.
   * ArithmeticException if the result does not fit a long.
   */
  public Money convert(Money amount) {
    if (!amount.currency().equals(from)) {
      throw new IllegalArgumentException(
          "currency mismatch: rate is from " + from.code() + ", amount is " + amount.currency().code());
    }
    BigDecimal minor =
        BigDecimal.valueOf(amount.amountMinor())
            .multiply(BigDecimal.valueOf(rateNanos))
            .movePointLeft(RATE_SCALE + from.exponent() - to.exponent());
    return Money.of(Money.toMinorExact(minor), to);
  }
}
