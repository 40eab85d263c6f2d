package io.aloft.server.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Console users' passwords, kept only as Argon2id hashes (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}: a random 16-byte salt per password, a
 * 32-byte hash, and the cost parameters OWASP names as the Argon2id minimum (19 MiB, two passes,
 * one lane). The string names its own parameters, so raising them later leaves stored hashes
 * verifiable. Verification compares in constant time and fails closed on anything malformed.
 */
final class PasswordHashes {
  static final int MEMORY_KIB = 19_456;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  /** Longer passwords are refused before hashing. */
  static final int MAX_PASSWORD_LENGTH = 128;
  /** Stored strings with costs above these are refused rather than run. */
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 10;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})");
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private final SecureRandom random;

  PasswordHashes(SecureRandom random) {
    this.random = random;
  }

  /** The stored form of {@code password} under a fresh salt. */
  String hash(String password) {
    checkLength(password);
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
        + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
  }

  /** Whether {@code password} is the one {@code stored} was made from; false for a malformed {@code stored}. */
  static boolean verify(String password, String stored) {
    if (password == null || password.length() > MAX_PASSWORD_LENGTH || stored == null) {
      return false;
    }
    Optional<Stored> parsed = parse(stored);
    if (parsed.isEmpty()) {
      return false;
    }
    Stored s = parsed.get();
    byte[] computed = argon2(password, s.salt(), s.memoryKib(), s.iterations(), s.parallelism());
    return MessageDigest.isEqual(computed, s.hash());
  }

  /**
   * Spends what one verification costs, for a username that does not exist, so that the answer's
   * timing does not tell whether a username is taken.
   */
  static void verifyNothing(String password) {
    argon2(password == null ? "" : password, new byte[SALT_BYTES], MEMORY_KIB, ITERATIONS, PARALLELISM);
  }

  private record Stored(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {}

  private static Optional<Stored> parse(String stored) {
    Matcher m = PHC.matcher(stored);
    if (!m.matches()) {
      return Optional.empty();
    }
    int memory = Integer.parseInt(m.group(1));
    int iterations = Integer.parseInt(m.group(2));
    int parallelism = Integer.parseInt(m.group(3));
    if (memory < 8 * parallelism || memory > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS
        || parallelism < 1) {
      return Optional.empty();
    }
    return Optional.of(new Stored(memory, iterations, parallelism, DECODER.decode(m.group(4)),
        DECODER.decode(m.group(5))));
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] hash = new byte[HASH_BYTES];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    return hash;
  }

  private static void checkLength(String password) {
    if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("a password is 1.." + MAX_PASSWORD_LENGTH + " characters");
    }
  }
}
