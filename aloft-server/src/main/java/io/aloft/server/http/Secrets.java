package io.aloft.server.http;

import io.aloft.protocol.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer secrets: 256 random bits, shown to their owner once, stored only as SHA-256. A plain hash
 * is enough here (no salt, no slow KDF) because the secret has full entropy, unlike a password.
 */
public final class Secrets {
  /** Longer headers are refused before hashing. */
  public static final int MAX_TOKEN_LENGTH = 128;

  private Secrets() {}

  /** A new token such as {@code aloft_wallet_3q2+…}; the prefix tells a human what it is for. */
  public static String newToken(String kind, SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return "aloft_" + kind + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String token) {
    return Digests.sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] sha256(byte[] data) {
    return Digests.sha256(data);
  }
}
