package io.aloft.protocol.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Verification with BouncyCastle's lightweight API: about 6–10× faster than the JDK provider on
 * our target machines (see DESIGN.md), pure Java, and what the SDKs run everywhere. BouncyCastle
 * keeps its multiplication tables on the decoded point object, which {@link DecodedKeys} keeps.
 */
final class BouncyCastleVerifier implements SignatureVerifier {
  private static final DecodedKeys<AsymmetricKeyParameter> DECODED = new DecodedKeys<>(Signatures::decodePublicKey);

  private final SignatureAlgorithm algorithm;

  BouncyCastleVerifier(SignatureAlgorithm algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public String implementation() {
    return "BouncyCastle";
  }

  @Override
  public boolean verify(VerificationKey key, byte[] message, byte[] signature) {
    AsymmetricKeyParameter publicKey = DECODED.get(key);
    if (publicKey == null) {
      return false;
    }
    return switch (algorithm) {
      case ED25519 -> verifyEd25519((Ed25519PublicKeyParameters) publicKey, message, signature);
      case ECDSA_P256 -> verifyP256((ECPublicKeyParameters) publicKey, message, signature);
    };
  }

  private static boolean verifyEd25519(Ed25519PublicKeyParameters key, byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static boolean verifyP256(ECPublicKeyParameters key, byte[] message, byte[] signature) {
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    if (!Signatures.isP256Scalar(r) || !Signatures.isP256Scalar(s)) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(Signatures.sha256(message), r, s);
  }
}
