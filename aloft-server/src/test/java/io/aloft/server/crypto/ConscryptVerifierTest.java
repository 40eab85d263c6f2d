package io.aloft.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SignatureVerifier;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.WycheproofVectors;
import io.aloft.protocol.crypto.SoftwareSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Conscrypt verifiers on the same Wycheproof vectors as BouncyCastle's, from the protocol's test jar. */
class ConscryptVerifierTest {

  static SignatureVerifier conscrypt(SignatureAlgorithm algorithm) {
    SignatureVerification.Available available = SignatureVerification.conscrypt();
    assertThat(available.problems()).as("Conscrypt loads on the machines the tests run on").isEmpty();
    SignatureVerifier verifier = available.verifier(algorithm).orElseThrow();
    assertThat(verifier.implementation()).startsWith("Conscrypt ");
    return verifier;
  }

  @Test
  void ed25519_wycheproof_everyValidVerifiesAndEveryOtherFails() throws IOException {
    SignatureVerifier verifier = conscrypt(SignatureAlgorithm.ED25519);
    assertThat(WycheproofVectors.ed25519Failures((key, message, signature) ->
        Signatures.verify(verifier, key, message, signature))).isEmpty();
  }

  @Test
  void ecdsaP256P1363_wycheproof_everyValidVerifiesAndEveryOtherFails() throws IOException {
    SignatureVerifier verifier = conscrypt(SignatureAlgorithm.ECDSA_P256);
    assertThat(WycheproofVectors.p256Failures((key, message, signature) ->
        Signatures.verify(verifier, key, message, signature))).isEmpty();
  }

  /** Each thread has its own Conscrypt signature object; keys are shared. Every answer stays right. */
  @Test
  void manyThreadsAtOnce_eachGetsTheRightAnswer() throws Exception {
    List<SoftwareSigner> signers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      signers.add(SoftwareSigner.generate(SignatureAlgorithm.values()[i % 2], new SecureRandom()));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        wrong.add(threads.submit(() -> wrongAnswers(signers, thread)));
      }
      for (Future<Integer> answer : wrong) {
        assertThat(answer.get(2, TimeUnit.MINUTES)).isZero();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static int wrongAnswers(List<SoftwareSigner> signers, int thread) {
    int wrong = 0;
    for (int i = 0; i < 400; i++) {
      SoftwareSigner signer = signers.get((i + thread) % signers.size());
      byte[] message = ("payment " + thread + "/" + i).getBytes(StandardCharsets.US_ASCII);
      byte[] signature = signer.sign(message);
      SignatureVerifier verifier = conscrypt(signer.algorithm());
      boolean tampered = i % 2 == 1;
      if (tampered) {
        signature[i % 64] ^= 0x10;
      }
      if (Signatures.verify(verifier, signer.publicKey(), message, Bytes.of(signature)) == tampered) {
        wrong++;
      }
    }
    return wrong;
  }

  @Test
  void der_isMinimal_dropsLeadingZerosAndPadsATopBit() {
    String r = "00000000000000000000000000000000000000000000000000000000000000ff";
    String s = "80" + "00".repeat(31);
    byte[] der = ConscryptVerifier.der(Bytes.fromHex(r + s).toByteArray());
    assertThat(Bytes.of(der).hex()).isEqualTo("3027" + "020200ff" + "022100" + s);
  }

  @Test
  void der_ofZeroOrOfTheGroupOrder_isNone() {
    String n = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    String one = "00".repeat(31) + "01";
    assertThat(ConscryptVerifier.der(Bytes.fromHex("00".repeat(32) + one).toByteArray())).isNull();
    assertThat(ConscryptVerifier.der(Bytes.fromHex(one + n).toByteArray())).isNull();
    assertThat(ConscryptVerifier.der(Bytes.fromHex(n + one).toByteArray())).isNull();
  }
}
