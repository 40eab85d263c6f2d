package io.aloft.wallet.keys;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;

/**
 * Holds the device keys the wallet pays with: one per enrolment, so codes on different flights
 * cannot be linked by their key. Keys are named by their public key, which is what a credential
 * names. On a phone, implement this over the platform's hardware key store (Android Keystore with
 * StrongBox, iOS Secure Enclave), for instance with an alias derived from the public key: both
 * hold ECDSA P-256, which is why that is the default algorithm. {@link PassphraseKeyProvider} is
 * the portable software implementation.
 *
 * <p>The wallet never sees private key bytes: it asks for a {@link Signer} and hands it the bytes
 * to sign, for payments and for the enrolment proof alike. An implementation must return raw
 * 64-byte signatures (r‖s for P-256, not DER), so a hardware store's DER output has to be
 * converted. Signing may fail at any moment (the user cancelled biometric confirmation, the key
 * was invalidated): throw {@link KeyUnavailableException} from {@link #signer}, or any
 * RuntimeException from {@link Signer#sign}; the wallet then refuses and commits nothing.
 */
public interface KeyProvider {
  /** Creates a new key pair with {@code algorithm} and returns its public key. */
  VerificationKey create(SignatureAlgorithm algorithm) throws KeyUnavailableException;

  /**
   * A signer for the key {@code publicKey} names; KeyUnavailableException with
   * {@link KeyUnavailableException.Cause#NO_KEY} if this provider holds no such key, or another
   * cause if it is locked.
   */
  Signer signer(VerificationKey publicKey) throws KeyUnavailableException;

  /** Deletes the key {@code publicKey} names, if held; deleting a key no longer held does nothing. */
  void delete(VerificationKey publicKey) throws KeyUnavailableException;
}
