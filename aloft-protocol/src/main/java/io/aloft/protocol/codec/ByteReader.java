package io.aloft.protocol.codec;

import io.aloft.protocol.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the canonical binary form written by {@link ByteWriter}. Strict: every length is checked
 * against its bound before anything is allocated, varints must be in shortest form, and
 * {@link #finish()} refuses trailing bytes. The ranged reads refuse a value below the field's
 * minimum as {@link DecodeFailure#BELOW_MINIMUM} and one above its maximum as
 * {@link DecodeFailure#OUT_OF_BOUNDS}.
 */
public final class ByteReader {
  private final byte[] data;
  private int position;

  public ByteReader(byte[] data) {
    this.data = data;
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return data.length - position;
  }

  public int u8() throws DecodeException {
    need(1);
    return data[position++] & 0xFF;
  }

  public int u16() throws DecodeException {
    need(2);
    int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  public long u32() throws DecodeException {
    need(4);
    long value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (data[position++] & 0xFF);
    }
    return value;
  }

  /** A u8 within {@code min..max}. */
  public int u8(int min, int max) throws DecodeException {
    return (int) inRange(u8(), min, max);
  }

  /** A u16 within {@code min..max}. */
  public int u16(int min, int max) throws DecodeException {
    return (int) inRange(u16(), min, max);
  }

  /** A u32 of at least {@code min}. */
  public long u32(long min) throws DecodeException {
    return inRange(u32(), min, 0xFFFF_FFFFL);
  }

  /** An unsigned LEB128 varint in shortest form, at most {@code max}. */
  public long varint(long max) throws DecodeException {
    return varint(0, max);
  }

  /** An unsigned LEB128 varint in shortest form, within {@code min..max}. */
  public long varint(long min, long max) throws DecodeException {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 63) {
        throw new DecodeException(DecodeFailure.OUT_OF_BOUNDS, "varint longer than 64 bits");
      }
      int b = u8();
      long group = b & 0x7F;
      if (shift == 63 && group > 0) {
        throw new DecodeException(DecodeFailure.OUT_OF_BOUNDS, "varint above Long.MAX_VALUE");
      }
      value |= group << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new DecodeException(DecodeFailure.NON_CANONICAL, "varint has a redundant zero group");
        }
        break;
      }
    }
    return inRange(value, min, max);
  }

  /** A count of items, bounded; checked before the caller allocates for them. */
  public int count(int max) throws DecodeException {
    return count(0, max);
  }

  /** A count of items within {@code min..max}; checked before the caller allocates for them. */
  public int count(int min, int max) throws DecodeException {
    return (int) varint(min, max);
  }

  public Bytes fixed(int length) throws DecodeException {
    need(length);
    byte[] out = new byte[length];
    System.arraycopy(data, position, out, 0, length);
    position += length;
    return Bytes.of(out);
  }

  /** A varint length at most {@code maxLength}, then that many bytes. */
  public Bytes bytes(int maxLength) throws DecodeException {
    return bytes(0, maxLength);
  }

  /** A varint length within {@code minLength..maxLength}, then that many bytes. */
  public Bytes bytes(int minLength, int maxLength) throws DecodeException {
    int length = count(minLength, maxLength);
    return fixed(length);
  }

  /** UTF-8 text of at most {@code maxBytes}; malformed UTF-8 is refused, not replaced. */
  public String utf8(int maxBytes) throws DecodeException {
    return utf8(0, maxBytes);
  }

  /** UTF-8 text of {@code minBytes..maxBytes}; malformed UTF-8 is refused, not replaced. */
  public String utf8(int minBytes, int maxBytes) throws DecodeException {
    Bytes raw = bytes(minBytes, maxBytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(DecodeFailure.BAD_VALUE, "text is not valid UTF-8");
    }
  }

  /** The bytes from {@code start} up to the current position, e.g. a nested message read so far. */
  public byte[] slice(int start) {
    byte[] out = new byte[position - start];
    System.arraycopy(data, start, out, 0, out.length);
    return out;
  }

  /** Refuses trailing bytes: a message is exactly its canonical encoding. */
  public void finish() throws DecodeException {
    if (position != data.length) {
      throw new DecodeException(
          DecodeFailure.TRAILING_BYTES, (data.length - position) + " bytes after the message");
    }
  }

  private static long inRange(long value, long min, long max) throws DecodeException {
    if (value < min) {
      throw new DecodeException(DecodeFailure.BELOW_MINIMUM, "value " + value + " below " + min);
    }
    if (value > max) {
      throw new DecodeException(DecodeFailure.OUT_OF_BOUNDS, "value " + value + " above " + max);
    }
    return value;
  }

  private void need(int length) throws DecodeException {
    if (length < 0 || length > data.length - position) {
      throw new DecodeException(
          DecodeFailure.TRUNCATED, "needed " + length + " bytes, " + remaining() + " left");
    }
  }
}
