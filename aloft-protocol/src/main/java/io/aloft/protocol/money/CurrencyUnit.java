package io.aloft.protocol.money;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ISO 4217 currency: its alphabetic code, numeric code (what travels on the wire, two bytes)
 * and minor-unit exponent (CNY 2, JPY 0, KWD 3).
 *
 * <p>The table is the protocol's own data, {@code currencies.tsv} beside this class (the file
 * docs/protocol.md points every implementation to), not the runtime's currency data, so every
 * platform reads the same codes with the same exponents. It holds ISO 4217's current currencies
 * that have a minor unit; funds codes with one (CLF, USN) are in it, "no currency" (XXX) and the
 * precious metals are not. No two rows share a numeric code, so each numeric code names one
 * currency.
 */
public record CurrencyUnit(String code, int numericCode, int exponent) {
  /** Where the table lives on the class path. */
  public static final String TABLE_RESOURCE = "currencies.tsv";
  /** The largest minor-unit exponent ISO 4217 uses (CLF, UYW). */
  public static final int MAX_EXPONENT = 4;

  private static final List<CurrencyUnit> ALL;
  private static final Map<String, CurrencyUnit> BY_CODE = new HashMap<>();
  private static final Map<Integer, CurrencyUnit> BY_NUMERIC = new HashMap<>();

  static {
    List<CurrencyUnit> table = readTable();
    for (int i = 1; i < table.size(); i++) {
      if (table.get(i - 1).code.compareTo(table.get(i).code) >= 0) {
        throw new IllegalStateException(TABLE_RESOURCE + " is not in ascending code order at " + table.get(i));
      }
    }
    for (CurrencyUnit unit : table) {
      if (BY_CODE.put(unit.code, unit) != null || BY_NUMERIC.put(unit.numericCode, unit) != null) {
        throw new IllegalStateException(TABLE_RESOURCE + " lists " + unit + " or its numeric code twice");
      }
    }
    ALL = Collections.unmodifiableList(table);
  }

  /** Checks the triple against the table, so that no made-up currency can exist. */
  public CurrencyUnit {
    if (code == null || !code.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency code must be three capital letters: " + code);
    }
    if (numericCode < 1 || numericCode > 999 || exponent < 0 || exponent > MAX_EXPONENT) {
      throw new IllegalArgumentException(
          "currency " + code + ": numeric code must be 1..999 and exponent 0.." + MAX_EXPONENT);
    }
    // ALL is set once the table has been read; the table's own rows are what is checked against.
    if (ALL != null) {
      CurrencyUnit known = BY_CODE.get(code);
      if (known == null) {
        throw new IllegalArgumentException("unknown ISO 4217 currency: " + code);
      }
      if (known.numericCode != numericCode || known.exponent != exponent) {
        throw new IllegalArgumentException("ISO 4217 " + code + " is numeric " + known.numericCode
            + " with exponent " + known.exponent + ", not " + numericCode + "/" + exponent);
      }
    }
  }

  private static List<CurrencyUnit> readTable() {
    InputStream in = CurrencyUnit.class.getResourceAsStream(TABLE_RESOURCE);
    if (in == null) {
      throw new IllegalStateException(TABLE_RESOURCE + " is missing from the class path");
    }
    List<CurrencyUnit> table = new ArrayList<>(200);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      boolean header = true;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        if (header) {
          if (!line.equals("code\tnumeric\texponent")) {
            throw new IllegalStateException(TABLE_RESOURCE + " has no header row: " + line);
          }
          header = false;
          continue;
        }
        table.add(row(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return table;
  }

  private static CurrencyUnit row(String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length != 3 || !fields[1].matches("[0-9]{3}") || !fields[2].matches("[0-9]")) {
      throw new IllegalStateException(TABLE_RESOURCE + " has a malformed row: " + line);
    }
    return new CurrencyUnit(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]));
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

  /** Every currency of the table, in the table's order (ascending alphabetic code). */
  public static List<CurrencyUnit> all() {
    return ALL;
  }

  @Override
  public String toString() {
    return code;
  }
}
