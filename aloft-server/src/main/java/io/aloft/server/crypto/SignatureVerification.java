package io.aloft.server.crypto;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SignatureVerifier;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.SoftwareSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.conscrypt.Conscrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the server's signature verifiers at start-up and installs them in
 * {@link Signatures}, for the whole process: Conscrypt's (BoringSSL, native; faster than
 * BouncyCastle for P-256, which is most of settlement's CPU: {@code SignatureBenchmark}) where its
 * native library loads and each verifier passes a check with a known signature, BouncyCastle's
 * otherwise or when the setting says so. One log line names what is in use; {@link Signatures#implementation()}
 * reads it back. The SDKs never call this: they stay on BouncyCastle.
 */
public final class SignatureVerification {
  private static final Logger LOG = LoggerFactory.getLogger(SignatureVerification.class);

  private SignatureVerification() {}

  /** Conscrypt's verifiers for this machine, or why there are none; found once. */
  private static final class Native {
    static final Available AVAILABLE = load();
  }

  /**
   * What Conscrypt offers on this machine.
   *
   * @param verifiers one per algorithm that loaded and passed the check, possibly none
   * @param problems why an algorithm, or all of Conscrypt, is not used
   */
  public record Available(List<SignatureVerifier> verifiers, List<String> problems) {
    public Available {
      verifiers = List.copyOf(verifiers);
      problems = List.copyOf(problems);
    }

    public Optional<SignatureVerifier> verifier(SignatureAlgorithm algorithm) {
      return verifiers.stream().filter(v -> v.algorithm() == algorithm).findFirst();
    }
  }

  /** Conscrypt's verifiers on this machine (the server's tests and the benchmark compare them). */
  public static Available conscrypt() {
    return Native.AVAILABLE;
  }

  /**
   * Installs the verifier of each algorithm that {@code provider} asks for and logs the choice.
   *
   * @return {@link Signatures#implementation()} afterwards
   */
  public static String install(VerificationProvider provider) {
    return install(provider, conscrypt());
  }

  /** {@link #install(VerificationProvider)} with what Conscrypt offers given: tests take some away. */
  static synchronized String install(VerificationProvider provider, Available offered) {
    List<String> reasons = new ArrayList<>();
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      Optional<SignatureVerifier> chosen = provider == VerificationProvider.AUTO
          ? offered.verifier(algorithm) : Optional.empty();
      Signatures.install(chosen.orElse(Signatures.bouncyCastle(algorithm)));
    }
    if (provider == VerificationProvider.BOUNCYCASTLE) {
      reasons.add("verification.provider = bouncycastle");
    } else {
      reasons.addAll(offered.problems());
    }
    String implementation = Signatures.implementation();
    LOG.info("signature verification: {}{}", implementation, reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")");
    return implementation;
  }

  private static Available load() {
    Provider provider;
    String name;
    try {
      Conscrypt.checkAvailability();
      provider = Conscrypt.newProvider();
      Conscrypt.Version version = Conscrypt.version();
      name = "Conscrypt" + (version == null ? "" : " " + version.major() + "." + version.minor() + "." + version.patch());
    } catch (LinkageError | RuntimeException e) {
      return new Available(List.of(), List.of("Conscrypt's native library does not load here: " + e));
    }
    List<SignatureVerifier> verifiers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      try {
        ConscryptVerifier verifier = new ConscryptVerifier(provider, name, algorithm);
        if (passesCheck(verifier)) {
          verifiers.add(verifier);
        } else {
          problems.add(name + " failed the start-up check for " + algorithm);
        }
      } catch (GeneralSecurityException | LinkageError | RuntimeException e) {
        problems.add(name + " has no " + algorithm + ": " + e);
      }
    }
    return new Available(verifiers, problems);
  }

  /** A signature made with BouncyCastle verifies, and the same with one changed byte does not. */
  private static boolean passesCheck(SignatureVerifier verifier) {
    SoftwareSigner signer = SoftwareSigner.fromPrivateKey(verifier.algorithm(),
        Bytes.fromHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
    byte[] message = "aloft start-up check".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = signer.sign(message);
    byte[] tampered = signature.clone();
    tampered[5] ^= 1;
    return Signatures.verify(verifier, signer.publicKey(), message, Bytes.of(signature))
        && !Signatures.verify(verifier, signer.publicKey(), message, Bytes.of(tampered));
  }
}
