package io.aloft.protocol.money;

import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An ISO 4217 currency: its alphabetic code, numeric code (what travels on the wire, two bytes)
 * and minor-unit exponent (CNY 2, JPY 0, KWD 3). Only currencies with a defined exponent are
 * accepted; funds codes and "no currency" (XXX) are not money we move.
 */
public record CurrencyUnit(String code, int numericCode, int exponent) {
  private static final Map<String, CurrencyUnit> BY_CODE = new HashMap<>();
  private static final Map<Integer, CurrencyUnit> BY_NUMERIC = new HashMap<>();

  static {
    for (Currency currency : Currency.getAvailableCurrencies()) {
      int exponent = currency.getDefaultFractionDigits();
      int numeric = currency.getNumericCode();
      if (exponent < 0 || exponent > 4 || numeric <= 0 || numeric > 999) {
        continue;
      }
      CurrencyUnit unit = new CurrencyUnit(currency.getCurrencyCode(), numeric, exponent);
      BY_CODE.put(unit.code, unit);
      BY_NUMERIC.putIfAbsent(numeric, unit);
    }
  }

  public CurrencyUnit {
    if (code == null || !code.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency code must be three capital letters: " + code);
    }
  }

  /** The currency for an ISO 4217 alphabetic code; IllegalArgumentException if unknown. */
  public static CurrencyUnit of(String code) {
    CurrencyUnit unit = code == null ? null : BY_CODE.get(code);
    if (unit == null) {
      throw new IllegalArgumentException("unknown ISO 4217 currency: " + code);
    }
    return unit;
  }

  /** For untrusted input: empty rather than an exception. */
  public static Optional<CurrencyUnit> find(String code) {
    return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
  }

  /** For decoding the wire form. */
  public static Optional<CurrencyUnit> byNumericCode(int numericCode) {
    return Optional.ofNullable(BY_NUMERIC.get(numericCode));
  }

  @Override
  public String toString() {
    return code;
  }
}
