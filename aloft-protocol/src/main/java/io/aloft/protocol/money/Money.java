package io.aloft.protocol.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A non-negative amount in minor units of one currency. Exact: no floating point anywhere,
 * every arithmetic step overflow-checked, currencies never mixed silently.
 */
public record Money(long amountMinor, CurrencyUnit currency) implements Comparable<Money> {
  public Money {
    if (currency == null) {
      throw new IllegalArgumentException("currency must not be null");
    }
    if (amountMinor < 0) {
      throw new IllegalArgumentException("amountMinor must not be negative: " + amountMinor);
    }
  }

  public static Money of(long amountMinor, CurrencyUnit currency) {
    return new Money(amountMinor, currency);
  }

  public static Money of(long amountMinor, String currencyCode) {
    return new Money(amountMinor, CurrencyUnit.of(currencyCode));
  }

  public static Money zero(CurrencyUnit currency) {
    return new Money(0, currency);
  }

  /**
   * Parses a decimal amount in major units ("12.50", "7", "0.125" for KWD). Refuses signs,
   * exponents, grouping and more fraction digits than the currency has.
   */
  public static Money parse(String text, CurrencyUnit currency) {
    if (currency == null) {
      throw new IllegalArgumentException("currency must not be null");
    }
    if (text == null || !text.matches("\\d{1,19}(\\.\\d{1,4})?")) {
      throw new IllegalArgumentException("not a plain decimal amount: " + text);
    }
    BigDecimal major = new BigDecimal(text);
    if (major.scale() > currency.exponent()) {
      throw new IllegalArgumentException(
          currency.code() + " has " + currency.exponent() + " decimals, got " + text);
    }
    try {
      return new Money(major.movePointRight(currency.exponent()).longValueExact(), currency);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("amount too large: " + text, e);
    }
  }

  /** "12.50" for 1250 CNY, "7" for 7 JPY. */
  public String toPlainString() {
    return BigDecimal.valueOf(amountMinor, currency.exponent()).toPlainString();
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
  }

  /** IllegalArgumentException if the result would be negative. */
  public Money minus(Money other) {
    requireSameCurrency(other);
    long result = Math.subtractExact(amountMinor, other.amountMinor);
    if (result < 0) {
      throw new IllegalArgumentException("cannot subtract " + other + " from " + this);
    }
    return new Money(result, currency);
  }

  public boolean isGreaterThan(Money other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return Long.compare(amountMinor, other.amountMinor);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currency mismatch: " + currency.code() + " and " + other.currency.code());
    }
  }

  /** Rounds half-even when moving a rescaled amount back to minor units. */
  static long toMinorExact(BigDecimal minor) {
    return minor.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  @Override
  public String toString() {
    return toPlainString() + " " + currency.code();
  }
}
