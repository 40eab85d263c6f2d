package io.aloft.protocol.money;

import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An ISO 4217 currency: its alphabetic code, numeric code (what travels on the wire, two bytes)
 * and minor-unit exponent (CNY 2, JPY 0, KWD 3). Only currencies with a defined exponent are
 * accepted; funds codes and "no currency" (XXX) are not money we move.
 *
 * <p>The table is the JVM's {@link Currency} data. ISO sometimes gives a successor currency the
 * numeric code of the one it replaces (XCG took ANG's 532); the wire then names the successor, and
 * the predecessor cannot travel in a message ({@link #travelsOnWire()} is false). Known limit: a
 * JVM or Android release whose currency data lacks a currency cannot decode it (BAD_VALUE).
 */
public record CurrencyUnit(String code, int numericCode, int exponent) {
  /** Which alphabetic code a shared numeric code means on the wire: the successor. */
  private static final Map<Integer, String> SUCCESSORS = Map.of(532, "XCG", 891, "CSD");

  private static final Map<String, CurrencyUnit> BY_CODE = new HashMap<>();
  private static final Map<Integer, CurrencyUnit> BY_NUMERIC = new HashMap<>();

  static {
    // Sorted, so that the table never depends on HashSet iteration order.
    Map<String, Currency> sorted = new TreeMap<>();
    Currency.getAvailableCurrencies().forEach(c -> sorted.put(c.getCurrencyCode(), c));
    Map<Integer, Integer> codesPerNumeric = new HashMap<>();
    for (Currency currency : sorted.values()) {
      if (isMoney(currency)) {
        CurrencyUnit unit = new CurrencyUnit(
            currency.getCurrencyCode(), currency.getNumericCode(), currency.getDefaultFractionDigits());
        BY_CODE.put(unit.code, unit);
        codesPerNumeric.merge(unit.numericCode, 1, Integer::sum);
      }
    }
    for (CurrencyUnit unit : BY_CODE.values()) {
      boolean shared = codesPerNumeric.get(unit.numericCode) > 1;
      if (!shared || unit.code.equals(SUCCESSORS.get(unit.numericCode))) {
        BY_NUMERIC.put(unit.numericCode, unit);
      }
    }
  }

  /** Checks the triple against ISO 4217, so that no made-up currency can exist. */
  public CurrencyUnit {
    if (code == null || !code.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency code must be three capital letters: " + code);
    }
    Currency iso = iso(code);
    if (!isMoney(iso) || iso.getNumericCode() != numericCode
        || iso.getDefaultFractionDigits() != exponent) {
      throw new IllegalArgumentException("ISO 4217 " + code + " is numeric " + iso.getNumericCode()
          + " with exponent " + iso.getDefaultFractionDigits() + ", not " + numericCode + "/" + exponent);
    }
  }

  private static Currency iso(String code) {
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown ISO 4217 currency: " + code, e);
    }
  }

  private static boolean isMoney(Currency currency) {
    int exponent = currency.getDefaultFractionDigits();
    int numeric = currency.getNumericCode();
    return exponent >= 0 && exponent <= 4 && numeric > 0 && numeric <= 999;
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

  /** False for a predecessor whose numeric code now names its successor on the wire. */
  public boolean travelsOnWire() {
    return this.equals(BY_NUMERIC.get(numericCode));
  }

  @Override
  public String toString() {
    return code;
  }
}
