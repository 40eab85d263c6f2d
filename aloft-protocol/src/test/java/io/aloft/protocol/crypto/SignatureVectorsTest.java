package io.aloft.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Standard vectors: RFC 8032 for Ed25519, RFC 6979 for deterministic P-256 signing. */
class SignatureVectorsTest {

  @ParameterizedTest(name = "RFC 8032 section 7.1 {0}")
  @CsvSource({
      "TEST 1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
          + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
          + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "TEST 2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
          + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
          + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
      "TEST 3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
          + " fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82,"
          + " 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
      "SHA(abc), 833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42,"
          + " ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf,"
          + " ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f,"
          + " dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"})
  void ed25519_signsAndVerifiesRfc8032VectorsByteForByte(String name, String secretHex, String publicHex,
      String messageHex, String signatureHex) {
    SoftwareSigner signer = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Bytes.fromHex(secretHex));
    byte[] message = Bytes.fromHex(messageHex).toByteArray();
    assertThat(signer.publicKey().encoded().hex()).isEqualTo(publicHex);
    assertThat(Bytes.of(signer.sign(message)).hex()).isEqualTo(signatureHex);
    assertThat(Signatures.verify(signer.publicKey(), message, Bytes.fromHex(signatureHex))).isTrue();
    byte[] other = (messageHex + "00").getBytes(StandardCharsets.US_ASCII);
    assertThat(Signatures.verify(signer.publicKey(), other, Bytes.fromHex(signatureHex))).isFalse();
  }

  /**
   * RFC 6979 A.2.5, P-256 with SHA-256. The RFC's s for both messages is above n/2; our signer
   * emits the low-s twin n − s, with the same r (same deterministic nonce), and both verify.
   */
  @ParameterizedTest(name = "RFC 6979 A.2.5 message \"{0}\"")
  @CsvSource({
      "sample, efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716,"
          + " f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
      "test, f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367,"
          + " 019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"})
  void p256_signsDeterministicallyPerRfc6979_withLowS(String message, String rHex, String sHex) {
    SoftwareSigner signer = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ECDSA_P256,
        Bytes.fromHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
    assertThat(signer.publicKey().encoded().hex())
        .isEqualTo("0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
    byte[] input = message.getBytes(StandardCharsets.US_ASCII);
    BigInteger n = Signatures.P256.getN();
    BigInteger s = new BigInteger(sHex, 16);
    BigInteger lowS = s.compareTo(n.shiftRight(1)) > 0 ? n.subtract(s) : s;
    Bytes signature = Bytes.of(signer.sign(input));
    assertThat(signature.hex()).isEqualTo(rHex + String.format("%064x", lowS));
    assertThat(Signatures.verify(signer.publicKey(), input, signature)).isTrue();
    // The RFC's own (r, s) verifies too: ECDSA is malleable, which is why payment ids never use signatures.
    assertThat(Signatures.verify(signer.publicKey(), input, Bytes.fromHex(rHex + sHex))).isTrue();
  }

  @Test
  void verify_failsClosedOnWrongLengthsNullsAndBadKeys() {
    SoftwareSigner signer = SoftwareSigner.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
    byte[] message = {1, 2, 3};
    Bytes signature = Bytes.of(signer.sign(message));
    assertThat(Signatures.verify(signer.publicKey(), message, signature)).isTrue();
    assertThat(Signatures.verify(null, message, signature)).isFalse();
    assertThat(Signatures.verify(signer.publicKey(), null, signature)).isFalse();
    assertThat(Signatures.verify(signer.publicKey(), message, null)).isFalse();
    assertThat(Signatures.verify(signer.publicKey(), message, Bytes.of(new byte[63]))).isFalse();
    assertThat(Signatures.verify(signer.publicKey(), message, Bytes.of(new byte[64]))).isFalse();
    byte[] notAPoint = new byte[33];
    notAPoint[0] = 0x02;
    java.util.Arrays.fill(notAPoint, 1, 33, (byte) 0xFF); // x = 2^256 - 1 is above the field prime
    VerificationKey badKey = new VerificationKey(SignatureAlgorithm.ECDSA_P256, Bytes.of(notAPoint));
    assertThat(badKey.isWellFormed()).isFalse();
    assertThat(Signatures.verify(badKey, message, signature)).isFalse();
    assertThat(signer.publicKey().isWellFormed()).isTrue();
  }

  @Test
  void softwareSigner_fromItsPrivateKey_isTheSameKey() {
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      SoftwareSigner signer = SoftwareSigner.generate(algorithm, new SecureRandom());
      SoftwareSigner again = SoftwareSigner.fromPrivateKey(algorithm, signer.privateKey());
      assertThat(again.publicKey()).isEqualTo(signer.publicKey());
      byte[] message = {42};
      assertThat(Signatures.verify(signer.publicKey(), message, Bytes.of(again.sign(message)))).isTrue();
    }
  }
}
