package io.aloft.bench;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.SoftwareSigner;
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
import org.openjdk.jmh.annotations.Warmup;

/** Raw sign and verify cost per algorithm: the floor under every other number we publish. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {
  @Param({"ED25519", "ECDSA_P256"})
  public SignatureAlgorithm algorithm;

  private SoftwareSigner signer;
  private byte[] message;
  private Bytes signature;

  @Setup
  public void setUp() {
    signer = SoftwareSigner.generate(algorithm, new SecureRandom());
    message = new byte[120];
    new SecureRandom().nextBytes(message);
    signature = Bytes.of(signer.sign(message));
  }

  @Benchmark
  public byte[] sign() {
    return signer.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return Signatures.verify(signer.publicKey(), message, signature);
  }
}
