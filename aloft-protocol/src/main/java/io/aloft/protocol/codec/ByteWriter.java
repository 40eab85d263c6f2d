package io.aloft.protocol.codec;

import io.aloft.protocol.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the canonical binary form: big-endian fixed-width integers, unsigned LEB128 varints
 * in their shortest form, and length-prefixed byte strings. Every writer call checks its bound
 * so that we never produce bytes our own reader would refuse.
 */
public final class ByteWriter {
  private final ByteArrayOutputStream out;

  public ByteWriter() {
    this(128);
  }

  public ByteWriter(int initialCapacity) {
    this.out = new ByteArrayOutputStream(initialCapacity);
  }

  public ByteWriter u8(int value) {
    checkRange("u8", value, 0, 0xFF);
    out.write(value);
    return this;
  }

  public ByteWriter u16(int value) {
    checkRange("u16", value, 0, 0xFFFF);
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  public ByteWriter u32(long value) {
    checkRange("u32", value, 0, 0xFFFF_FFFFL);
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  /** Unsigned LEB128, shortest form; {@code value} must be non-negative. */
  public ByteWriter varint(long value) {
    checkRange("varint", value, 0, Long.MAX_VALUE);
    long rest = value;
    while (rest >= 0x80) {
      out.write((int) (rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.write((int) rest);
    return this;
  }

  /** Exactly {@code expectedLength} bytes, no prefix. */
  public ByteWriter fixed(Bytes bytes, int expectedLength) {
    if (bytes.size() != expectedLength) {
      throw new IllegalArgumentException(
          "expected " + expectedLength + " bytes, got " + bytes.size());
    }
    out.write(bytes.toByteArray(), 0, bytes.size());
    return this;
  }

  /** A varint length, then the bytes; the length must be at most {@code maxLength}. */
  public ByteWriter bytes(Bytes bytes, int maxLength) {
    if (bytes.size() > maxLength) {
      throw new IllegalArgumentException(
          "byte string of " + bytes.size() + " exceeds bound " + maxLength);
    }
    varint(bytes.size());
    out.write(bytes.toByteArray(), 0, bytes.size());
    return this;
  }

  /** UTF-8 with a varint byte-length prefix; at most {@code maxBytes} encoded bytes. */
  public ByteWriter utf8(String text, int maxBytes) {
    return bytes(Bytes.of(text.getBytes(StandardCharsets.UTF_8)), maxBytes);
  }

  /** Bytes already in canonical form (a nested message), no prefix. */
  public ByteWriter raw(byte[] encoded) {
    out.write(encoded, 0, encoded.length);
    return this;
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  private static void checkRange(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " out of range: " + value);
    }
  }
}
