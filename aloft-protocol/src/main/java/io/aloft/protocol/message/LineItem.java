package io.aloft.protocol.message;

import java.nio.charset.StandardCharsets;

/** One line of a sale: what, how many, at what unit price (minor units of the request's currency). */
public record LineItem(String name, int quantity, long unitPriceMinor) {
  public static final int MAX_NAME_BYTES = 32;
  public static final int MAX_QUANTITY = 999;

  public LineItem {
    if (name == null || name.isBlank()
        || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("item name must be 1.." + MAX_NAME_BYTES + " UTF-8 bytes: " + name);
    }
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      throw new IllegalArgumentException("quantity must be 1.." + MAX_QUANTITY + ": " + quantity);
    }
    Wire.checkAmount("unitPriceMinor", unitPriceMinor, 0);
  }

  /** quantity × unit price, overflow-checked. */
  public long lineTotalMinor() {
    return Math.multiplyExact(unitPriceMinor, (long) quantity);
  }
}
