package io.aloft.wallet.keys;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;

/**
 * Holds the device key the wallet pays with. On a phone, implement this over the platform's
 * hardware key store (Android Keystore with StrongBox, iOS Secure Enclave): both hold ECDSA P-256,
 * which is why that is the default algorithm. {@link PassphraseKeyProvider} is the portable
 * software implementation.
 *
 * <p>The wallet never sees private key bytes: it asks for a {@link Signer} and hands it the bytes
 * to sign. An implementation must return raw 64-byte signatures (r‖s for P-256, not DER), so a
 * hardware store's DER output has to be converted. Signing may fail at any moment (the user
 * cancelled biometric confirmation, the key was invalidated): throw {@link KeyUnavailableException}
 * from {@link #signer()}, or any RuntimeException from {@link Signer#sign}; the wallet then
 * refuses the payment and commits nothing.
 */
public interface KeyProvider {
  /**
   * The device public key, creating the key pair with {@code algorithm} if there is none yet.
   * If a key already exists with another algorithm, it is returned unchanged: a device keeps one
   * key for all its credentials.
   */
  VerificationKey createOrLoad(SignatureAlgorithm algorithm) throws KeyUnavailableException;

  /** A signer for the device key; KeyUnavailableException if there is none or it is locked. */
  Signer signer() throws KeyUnavailableException;
}
