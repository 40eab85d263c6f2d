package io.aloft.protocol.qr;

import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;

/**
 * RFC 9285 Base45: two bytes become three characters of the QR alphanumeric set, so a QR code
 * holds the text in alphanumeric mode at 5.5 bits a character (within 3% of byte mode) and it
 * survives phone scanner APIs that mangle binary.
 */
public final class Base45 {
  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base45() {}

  public static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length + 1) / 2 * 3);
    int i = 0;
    for (; i + 1 < data.length; i += 2) {
      int n = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
      out.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45 % 45)).append(ALPHABET.charAt(n / 2025));
    }
    if (i < data.length) {
      int n = data[i] & 0xFF;
      out.append(ALPHABET.charAt(n % 45)).append(ALPHABET.charAt(n / 45));
    }
    return out.toString();
  }

  /** Decodes strictly: characters outside the alphabet, a lone trailing character, or a group above its range fail. */
  public static byte[] decode(CharSequence text) throws DecodeException {
    int length = text.length();
    if (length % 3 == 1) {
      throw new DecodeException(DecodeFailure.BAD_TEXT, "Base45 length " + length + " leaves a lone character");
    }
    byte[] out = new byte[length / 3 * 2 + (length % 3 == 2 ? 1 : 0)];
    int o = 0;
    for (int i = 0; i < length; i += 3) {
      if (i + 2 < length) {
        int n = value(text, i) + value(text, i + 1) * 45 + value(text, i + 2) * 2025;
        if (n > 0xFFFF) {
          throw new DecodeException(DecodeFailure.BAD_TEXT, "Base45 group above 65535 at " + i);
        }
        out[o++] = (byte) (n >>> 8);
        out[o++] = (byte) n;
      } else {
        int n = value(text, i) + value(text, i + 1) * 45;
        if (n > 0xFF) {
          throw new DecodeException(DecodeFailure.BAD_TEXT, "Base45 final pair above 255");
        }
        out[o++] = (byte) n;
      }
    }
    return out;
  }

  private static int value(CharSequence text, int index) throws DecodeException {
    char c = text.charAt(index);
    int v = c < 128 ? VALUES[c] : -1;
    if (v < 0) {
      throw new DecodeException(DecodeFailure.BAD_TEXT, "character outside Base45 at " + index);
    }
    return v;
  }
}
