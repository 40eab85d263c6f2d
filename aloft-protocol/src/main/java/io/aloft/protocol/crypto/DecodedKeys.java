package io.aloft.protocol.crypto;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Public keys decoded once, by their encoding, for a {@link SignatureVerifier}. Decoding a P-256
 * key decompresses the point (a modular square root) and the decoded object carries what the
 * engine precomputes for it; a credential pays several times and a terminal key signs every
 * receipt, so settlement and acceptance decode each key once instead of once a signature.
 * Bounded: when full it is emptied and refills with the keys in use. Only valid keys are kept.
 *
 * @param <K> the implementation's decoded key type
 */
public final class DecodedKeys<K> {
  /** Keys held at most; a flight's devices and terminals are far fewer. */
  public static final int MAX_KEYS = 16_384;

  private final ConcurrentHashMap<VerificationKey, K> decoded = new ConcurrentHashMap<>();
  private final Function<VerificationKey, K> decoder;

  /** @param decoder returns the decoded key, or null when the bytes are not a usable public key */
  public DecodedKeys(Function<VerificationKey, K> decoder) {
    this.decoder = decoder;
  }

  /** The decoded {@code key}, or null when it is not a usable public key. */
  public K get(VerificationKey key) {
    K cached = decoded.get(key);
    if (cached != null) {
      return cached;
    }
    K fresh = decoder.apply(key);
    if (fresh != null) {
      if (decoded.size() >= MAX_KEYS) {
        decoded.clear();
      }
      decoded.put(key, fresh);
    }
    return fresh;
  }
}
