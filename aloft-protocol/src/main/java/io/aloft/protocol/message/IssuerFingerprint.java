package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.Digests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What a person compares to pin an issuer's keys on a device: SHA-256 over
 * <pre>
 *   "aloft:v1:issuer-keys\0"               domain tag, 21 bytes
 *   for each key, ascending by key id:
 *     keyId                                u8
 *     public key                           32 bytes, Ed25519
 * </pre>
 * written as 64 lower-case hex digits in 16 groups of 4 joined by {@code -}. {@code aloft serve}
 * prints it; {@code terminal init} and {@code wallet init} refuse keys that do not hash to it.
 * Parsing ignores case, spaces, {@code -} and {@code :}.
 */
public record IssuerFingerprint(Bytes digest) {
  public static final int DIGEST_BYTES = 32;
  private static final byte[] DOMAIN = "aloft:v1:issuer-keys\0".getBytes(StandardCharsets.US_ASCII);

  public IssuerFingerprint {
    if (digest == null || digest.size() != DIGEST_BYTES) {
      throw new IllegalArgumentException("a fingerprint is " + DIGEST_BYTES + " bytes");
    }
  }

  public static IssuerFingerprint of(Collection<IssuerKey> keys) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("a fingerprint needs at least one issuer key");
    }
    List<IssuerKey> sorted = new ArrayList<>(keys);
    sorted.sort(Comparator.comparingInt(IssuerKey::keyId));
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write(DOMAIN, 0, DOMAIN.length);
    for (IssuerKey key : sorted) {
      input.write(key.keyId());
      byte[] encoded = key.key().encoded().toByteArray();
      input.write(encoded, 0, encoded.length);
    }
    return new IssuerFingerprint(Bytes.of(Digests.sha256(input.toByteArray())));
  }

  /** Reads a fingerprint as printed (or as typed: any case, with or without separators). */
  public static IssuerFingerprint parse(String text) {
    if (text == null || text.length() > 200) {
      throw new IllegalArgumentException("not an issuer fingerprint: expected 64 hex digits");
    }
    String hex = text.replaceAll("[\\s:-]", "").toLowerCase(java.util.Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not an issuer fingerprint: expected 64 hex digits, got '" + text + "'");
    }
    return new IssuerFingerprint(Bytes.fromHex(hex));
  }

  /** Whether {@code keys} are exactly the key set this fingerprint was made from. */
  public boolean matches(Collection<IssuerKey> keys) {
    return !keys.isEmpty() && of(keys).equals(this);
  }

  @Override
  public String toString() {
    String hex = digest.hex();
    StringBuilder grouped = new StringBuilder(hex.length() + hex.length() / 4);
    for (int i = 0; i < hex.length(); i += 4) {
      if (i > 0) {
        grouped.append('-');
      }
      grouped.append(hex, i, i + 4);
    }
    return grouped.toString();
  }
}
