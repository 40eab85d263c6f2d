package io.aloft.testkit;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Randomness a seed fixes, for APIs that insist on a {@link SecureRandom}. */
public final class Seeded {
  private Seeded() {}

  /**
   * SHA1PRNG seeded before its first use produces a fixed stream, unlike the default provider,
   * which mixes in entropy. Keys, tokens and serials made from it replay with the seed. Never
   * for anything but tests.
   */
  public static SecureRandom secureRandom(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is part of every Java SE runtime", e);
    }
  }
}
