package io.aloft.wallet.keys;

/**
 * Argon2id parameters for deriving the key that seals the device key from a passphrase. They are
 * stored next to the sealed key, so they can be raised later and old files still open.
 *
 * @param memoryKib memory cost in KiB
 * @param iterations passes over memory
 * @param parallelism lanes
 */
public record KdfParameters(int memoryKib, int iterations, int parallelism) {
  /** Bounds checked before anything is allocated: a stored file can say anything. */
  public static final int MAX_MEMORY_KIB = 1 << 20;
  public static final int MAX_ITERATIONS = 64;
  public static final int MAX_PARALLELISM = 16;

  /**
   * RFC 9106 §4, second recommended option: 64 MiB, 3 passes, 4 lanes. About half a second on
   * a mid-range phone, paid once when the wallet unlocks, never per payment.
   */
  public static final KdfParameters RECOMMENDED = new KdfParameters(64 * 1024, 3, 4);

  /**
   * The least memory a key chosen by a user is sealed with: 19 MiB, OWASP's minimum for Argon2id.
   * Below it, a stolen {@code device.key} falls to guessing on ordinary hardware far faster.
   */
  public static final int MIN_MEMORY_KIB = 19 * 1024;

  /**
   * {@link #RECOMMENDED}'s passes and lanes with {@code memoryKib} of memory, for a new key whose
   * memory cost a user chose.
   *
   * @throws IllegalArgumentException below {@link #MIN_MEMORY_KIB} (the message says the floor)
   */
  public static KdfParameters withMemory(int memoryKib) {
    if (memoryKib < MIN_MEMORY_KIB) {
      throw new IllegalArgumentException("the key's Argon2id memory must be at least " + MIN_MEMORY_KIB
          + " KiB (19 MiB), got " + memoryKib + " KiB");
    }
    return new KdfParameters(memoryKib, RECOMMENDED.iterations(), RECOMMENDED.parallelism());
  }

  public KdfParameters {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("parallelism must be 1.." + MAX_PARALLELISM + ": " + parallelism);
    }
    if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException(
          "memoryKib must be " + 8 * parallelism + ".." + MAX_MEMORY_KIB + ": " + memoryKib);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + ": " + iterations);
    }
  }
}
