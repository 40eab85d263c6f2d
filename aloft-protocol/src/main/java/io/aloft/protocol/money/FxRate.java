package io.aloft.protocol.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

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
   * A rate written as a decimal ({@code "7.8125"}: units of {@code to} for one unit of
   * {@code from}), with at most {@value #RATE_SCALE} decimals; IllegalArgumentException saying why
   * for anything else.
   */
  public static FxRate ofDecimal(CurrencyUnit from, CurrencyUnit to, String rate) {
    if (rate == null || rate.length() > 32 || !rate.matches("[0-9]+(\\.[0-9]+)?")) {
      throw new IllegalArgumentException("a rate is a positive decimal such as 7.8125, got '" + rate + "'");
    }
    BigDecimal value = new BigDecimal(rate);
    if (value.stripTrailingZeros().scale() > RATE_SCALE) {
      throw new IllegalArgumentException("a rate has at most " + RATE_SCALE + " decimals, got " + rate);
    }
    try {
      return new FxRate(from, to, value.movePointRight(RATE_SCALE).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("rate " + rate + " is too large");
    }
  }

  /** The rate as a decimal without trailing zeros, as {@link #ofDecimal} reads it. */
  public String decimal() {
    return BigDecimal.valueOf(rateNanos, RATE_SCALE).stripTrailingZeros().toPlainString();
  }

  /**
   * Converts {@code amount} (in {@code from}) to {@code to}, rounding half-even to the minor unit.
   * ArithmeticException if the result does not fit a long.
   */
  public Money convert(Money amount) {
    return Money.of(Money.toMinorExact(exactMinor(amount)), to);
  }

  /**
   * What a payer is charged in {@code to} for {@code amount}: converted, rounded up to the minor
   * unit (against the payer, never in their favour), and at least one minor unit for any amount
   * above zero, so that no payment in a foreign currency is free. ArithmeticException if the
   * result does not fit a long.
   */
  public Money chargeFor(Money amount) {
    long charged = exactMinor(amount).setScale(0, RoundingMode.CEILING).longValueExact();
    return Money.of(amount.amountMinor() > 0 ? Math.max(1, charged) : charged, to);
  }

  /** {@code amount} in minor units of {@code to}, unrounded. */
  private BigDecimal exactMinor(Money amount) {
    if (!amount.currency().equals(from)) {
      throw new IllegalArgumentException(
          "currency mismatch: rate is from " + from.code() + ", amount is " + amount.currency().code());
    }
    return BigDecimal.valueOf(amount.amountMinor())
        .multiply(BigDecimal.valueOf(rateNanos))
        .movePointLeft(RATE_SCALE + from.exponent() - to.exponent());
  }
}
