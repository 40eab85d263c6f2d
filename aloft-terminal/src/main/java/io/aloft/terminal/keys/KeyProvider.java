package io.aloft.terminal.keys;

import io.aloft.protocol.crypto.Signer;

/**
 * Gives the terminal its Ed25519 signing key. On Android this is a key in the hardware-backed
 * Keystore; on the JVM, {@link FileKeyProvider}. The public key must be the one the issuer put in
 * this terminal's certificate.
 */
public interface KeyProvider {
  Signer terminalKey();
}
