package io.aloft.server.issuer;

import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.message.IssuerKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The issuer's Ed25519 keys, each with its id (1..255). All of them are published in trust
 * bundles, so that credentials signed by a key being retired still verify; new signatures use the
 * signing key, by default the one with the highest id. Rotation is therefore: add a key with a
 * higher id, restart, and remove the old one once everything it signed has expired.
 */
public final class IssuerKeyRing {
  /** A trust bundle carries at most 16 issuer keys. */
  public static final int MAX_KEYS = 16;

  private final Map<Integer, Signer> signers;
  private final int signingKeyId;

  public IssuerKeyRing(Map<Integer, Signer> signers, int signingKeyId) {
    if (signers.isEmpty() || signers.size() > MAX_KEYS) {
      throw new IllegalArgumentException("need 1.." + MAX_KEYS + " issuer keys, got " + signers.size());
    }
    if (!signers.containsKey(signingKeyId)) {
      throw new IllegalArgumentException("signing key id " + signingKeyId + " is not among " + signers.keySet());
    }
    this.signers = Map.copyOf(new TreeMap<>(signers));
    this.signingKeyId = signingKeyId;
  }

  /** A ring that signs with its newest key. */
  public static IssuerKeyRing signingWithNewest(Map<Integer, Signer> signers) {
    int newest = signers.keySet().stream().max(Comparator.naturalOrder())
        .orElseThrow(() -> new IllegalArgumentException("no issuer keys"));
    return new IssuerKeyRing(signers, newest);
  }

  public int signingKeyId() {
    return signingKeyId;
  }

  public Signer signer() {
    return signers.get(signingKeyId);
  }

  /** Every key's public half, ascending by id: what verifiers need and nothing more. */
  public List<IssuerKey> publicKeys() {
    return signers.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> new IssuerKey(entry.getKey(), entry.getValue().publicKey()))
        .toList();
  }
}
