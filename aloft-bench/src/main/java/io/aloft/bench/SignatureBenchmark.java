package io.aloft.bench;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SignatureVerifier;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.server.crypto.SignatureVerification;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw sign and verify cost per algorithm, one thread, µs per signature: the floor under every other
 * number we publish. {@code verify} runs each implementation the server can install (BouncyCastle,
 * and Conscrypt where its native library loads), through the same checks as
 * {@link Signatures#verify}; {@code sign} is BouncyCastle's, as on the devices.
 *
 * <pre>java -jar aloft-bench/target/benchmarks.jar SignatureBenchmark.verify</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class SignatureBenchmark {

  /** A key, a 120-byte message (about a payment authorization) and its signature. */
  @State(Scope.Benchmark)
  public static class Signed {
    @Param({"ED25519", "ECDSA_P256"})
    public SignatureAlgorithm algorithm;

    SoftwareSigner signer;
    byte[] message;
    Bytes signature;

    @Setup
    public void setUp() {
      signer = SoftwareSigner.generate(algorithm, new SecureRandom());
      message = new byte[120];
      new SecureRandom().nextBytes(message);
      signature = Bytes.of(signer.sign(message));
    }
  }

  /** The verifier under test; fails the run when Conscrypt is asked for and does not load here. */
  @State(Scope.Benchmark)
  public static class Implementation {
    @Param({"BouncyCastle", "Conscrypt"})
    public String implementation;

    SignatureVerifier verifier;

    @Setup
    public void setUp(Signed signed) {
      verifier = implementation.equals("BouncyCastle") ? Signatures.bouncyCastle(signed.algorithm)
          : SignatureVerification.conscrypt().verifier(signed.algorithm).orElseThrow(() -> new IllegalStateException(
              "Conscrypt has no " + signed.algorithm + " here: " + SignatureVerification.conscrypt().problems()));
      if (!Signatures.verify(verifier, signed.signer.publicKey(), signed.message, signed.signature)) {
        throw new IllegalStateException(verifier.implementation() + " does not verify a valid signature");
      }
    }
  }

  @Benchmark
  public byte[] sign(Signed signed) {
    return signed.signer.sign(signed.message);
  }

  @Benchmark
  public boolean verify(Signed signed, Implementation implementation) {
    return Signatures.verify(implementation.verifier, signed.signer.publicKey(), signed.message, signed.signature);
  }
}
