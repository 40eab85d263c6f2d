package io.aloft.protocol.message;

/** One line of a sale: what, how many, at what unit price (minor units of the request's currency). */
public record LineItem(String name, int quantity, long unitPriceMinor) {
  public static final int MAX_NAME_BYTES = 32;
  public static final int MAX_QUANTITY = 999;

  public LineItem {
    Wire.checkText("item name", name, MAX_NAME_BYTES);
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
