package io.aloft.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: copied on the way in and on the way out, compared by content.
 *
 * <p>Records that hold keys, serials, digests and signatures use this instead of {@code byte[]}
 * so that they get value equality and cannot be changed behind their back (Okio's
 * {@code ByteString} does the same).
 */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();
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
    return new Bytes(HEX.parseHex(hex));
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

  public String hex() {
    return HEX.formatHex(data);
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
    return Arrays.compareUnsigned(data, other.data);
  }

  @Override
  public String toString() {
    return data.length <= 32 ? hex() : hex().substring(0, 64) + "…(" + data.length + " bytes)";
  }
}
