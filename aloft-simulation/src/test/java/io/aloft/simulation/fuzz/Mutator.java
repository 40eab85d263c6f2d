package io.aloft.simulation.fuzz;

import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.MessageType;
import io.aloft.protocol.qr.QrText;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of messages and of their QR text, in the style of a coverage-blind AFL: bit
 * flips, interesting values, truncation, growth, splicing, type confusion, and forgeries that
 * re-sign a mutated body with a key that has no right to sign it. One {@link SplittableRandom}
 * drives every choice, so a case replays from its seed.
 */
public final class Mutator {
  private static final byte[] INTERESTING = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xfe, 0x40, 0x10};
  private static final String BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  private static final int MAX_RANDOM_LENGTH = 700;

  private final SplittableRandom random;

  public Mutator(SplittableRandom random) {
    this.random = random;
  }

  /** One to three stacked byte mutations of {@code seed}, sometimes spliced with {@code other}. */
  public byte[] mutateBytes(byte[] seed, byte[] other) {
    byte[] out = seed.clone();
    int rounds = 1 + random.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      out = mutateOnce(out, other);
    }
    return out;
  }

  private byte[] mutateOnce(byte[] in, byte[] other) {
    if (in.length == 0) {
      return randomBytes(1 + random.nextInt(16));
    }
    return switch (random.nextInt(11)) {
      case 0 -> flipBits(in);
      case 1 -> setInteresting(in);
      case 2 -> Arrays.copyOf(in, random.nextInt(in.length));
      case 3 -> concat(in, randomBytes(1 + random.nextInt(16)));
      case 4 -> insert(in);
      case 5 -> delete(in);
      case 6 -> duplicate(in);
      case 7 -> splice(in, other);
      case 8 -> retype(in);
      case 9 -> overwriteRun(in);
      default -> randomBytes(random.nextInt(MAX_RANDOM_LENGTH));
    };
  }

  private byte[] flipBits(byte[] in) {
    byte[] out = in.clone();
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips; i++) {
      out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return out;
  }

  private byte[] setInteresting(byte[] in) {
    byte[] out = in.clone();
    out[random.nextInt(out.length)] = INTERESTING[random.nextInt(INTERESTING.length)];
    return out;
  }

  private byte[] insert(byte[] in) {
    int at = random.nextInt(in.length + 1);
    byte[] extra = randomBytes(1 + random.nextInt(8));
    return concat(concat(Arrays.copyOf(in, at), extra), Arrays.copyOfRange(in, at, in.length));
  }

  private byte[] delete(byte[] in) {
    int from = random.nextInt(in.length);
    int to = Math.min(in.length, from + 1 + random.nextInt(8));
    return concat(Arrays.copyOf(in, from), Arrays.copyOfRange(in, to, in.length));
  }

  private byte[] duplicate(byte[] in) {
    int from = random.nextInt(in.length);
    int to = Math.min(in.length, from + 1 + random.nextInt(16));
    return concat(Arrays.copyOf(in, to), Arrays.copyOfRange(in, from, in.length));
  }

  private byte[] splice(byte[] in, byte[] other) {
    if (other.length == 0) {
      return in;
    }
    return concat(Arrays.copyOf(in, random.nextInt(in.length + 1)),
        Arrays.copyOfRange(other, random.nextInt(other.length), other.length));
  }

  /** Another type byte (or version byte) on the same body: type confusion. */
  private byte[] retype(byte[] in) {
    byte[] out = in.clone();
    int field = in.length > 1 && random.nextBoolean() ? 1 : 0;
    out[field] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(12));
    return out;
  }

  /** A run of 0xff or 0x80 bytes: huge varints, counts and length prefixes. */
  private byte[] overwriteRun(byte[] in) {
    byte[] out = in.clone();
    int from = random.nextInt(out.length);
    int to = Math.min(out.length, from + 1 + random.nextInt(10));
    Arrays.fill(out, from, to, random.nextBoolean() ? (byte) 0xff : (byte) 0x80);
    return out;
  }

  /**
   * A forgery: {@code body} (the genuine signed body, perhaps mutated) with a fresh, valid
   * signature by {@code wrongKey} under {@code type}'s domain, optionally followed by the
   * suffix a handshake signs. The verifier must refuse it, since the key has no right to it.
   */
  public static byte[] forge(MessageType type, byte[] body, SoftwareSigner wrongKey, byte[]... suffixes) {
    byte[] domain = type.signingDomain();
    byte[] input = concat(domain, body);
    for (byte[] suffix : suffixes) {
      input = concat(input, suffix);
    }
    return concat(body, wrongKey.sign(input));
  }

  /** Text-level mutations of a QR text: what a bad scan, a prankster or an attacker hands over. */
  public String mutateText(String text) {
    StringBuilder out = new StringBuilder(text);
    switch (random.nextInt(9)) {
      case 0 -> {
        if (out.length() > 0) {
          out.setCharAt(random.nextInt(out.length()), BASE45.charAt(random.nextInt(BASE45.length())));
        }
      }
      case 1 -> out.insert(random.nextInt(out.length() + 1), (char) random.nextInt(0x3000));
      case 2 -> out.setLength(random.nextInt(out.length() + 1));
      case 3 -> out.append(List.of("\n", "\r\n", "\t", " ", "\u0000", "\uFEFF", "%%", "AL1").get(random.nextInt(8)));
      case 4 -> out.replace(0, Math.min(3, out.length()), List.of("al1", "AL2", "AL", "", "AL0").get(random.nextInt(5)));
      case 5 -> {
        String lower = out.toString().toLowerCase(java.util.Locale.ROOT);
        out.setLength(0);
        out.append(lower);
      }
      case 6 -> out.append(randomText(random.nextInt(64)));
      case 7 -> {
        out.setLength(0);
        out.append(QrText.PREFIX).append(randomText(random.nextInt(900)));
      }
      default -> {
        out.setLength(0);
        out.append(random.nextInt(50) == 0 ? "A".repeat(4300 + random.nextInt(200)) : randomAnyText(random.nextInt(200)));
      }
    }
    return out.toString();
  }

  private String randomText(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(BASE45.charAt(random.nextInt(BASE45.length())));
    }
    return out.toString();
  }

  private String randomAnyText(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x10FFFF) : 0x20 + random.nextInt(0x5f));
    }
    return out.toString();
  }

  public byte[] randomBytes(int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  public boolean nextBoolean() {
    return random.nextBoolean();
  }

  public boolean chance(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
