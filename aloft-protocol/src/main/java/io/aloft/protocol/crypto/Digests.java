package io.aloft.protocol.crypto;

/** SHA-256, the one hash Aloft uses (payment request binding, journal chains, item digests). */
public final class Digests {
  private Digests() {}

  public static byte[] sha256(byte[] message) {
    return Signatures.sha256(message);
  }
}
