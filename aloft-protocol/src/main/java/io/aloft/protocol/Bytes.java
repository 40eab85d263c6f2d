package io.aloft.protocol;

import java.util.Arrays;

/**
 * An immutable byte string: copied on the way in and on the way out, compared by content.
 *
 * <p>Records that hold keys, serials, digests and signatures use this instead of {@code byte[]}
 * so that they get value equality and cannot be changed behind their back (Okio's
 * {@code ByteString} does the same).
 */
public final class Bytes implements Comparable<Bytes> {
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
  private static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** Copies {@code data}. */
  public static Bytes of(byte[] data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  public static Bytes empty() {
    return EMPTY;
  }

  /** Parses lowercase or uppercase hex; throws IllegalArgumentException on anything else. */
  public static Bytes fromHex(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("hex of odd length " + hex.length());
    }
    byte[] data = new byte[hex.length() / 2];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (hexDigit(hex, 2 * i) << 4 | hexDigit(hex, 2 * i + 1));
    }
    return new Bytes(data);
  }

  /** ASCII hex digits only: {@link Character#digit} would also take other scripts' digits. */
  private static int hexDigit(String hex, int index) {
    char c = hex.charAt(index);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("not a hex digit at index " + index + ": " + c);
  }

  /** Takes ownership of an array the caller will never touch again; package use only. */
  static Bytes wrap(byte[] data) {
    return new Bytes(data);
  }

  public int size() {
    return data.length;
  }

  public byte get(int index) {
    return data[index];
  }

  public boolean isEmpty() {
    return data.length == 0;
  }

  /** A fresh copy. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** Lowercase hex, two digits a byte. */
  public String hex() {
    char[] digits = new char[2 * data.length];
    for (int i = 0; i < data.length; i++) {
      digits[2 * i] = HEX_DIGITS[(data[i] >> 4) & 0xf];
      digits[2 * i + 1] = HEX_DIGITS[data[i] & 0xf];
    }
    return new String(digits);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes that && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  /** Unsigned lexicographic order, the order bundles sort serials in. */
  @Override
  public int compareTo(Bytes other) {
    int common = Math.min(data.length, other.data.length);
    for (int i = 0; i < common; i++) {
      int order = (data[i] & 0xff) - (other.data[i] & 0xff);
      if (order != 0) {
        return order;
      }
    }
    return data.length - other.data.length;
  }

  @Override
  public String toString() {
    return data.length <= 32 ? hex() : hex().substring(0, 64) + "…(" + data.length + " bytes)";
  }
}
