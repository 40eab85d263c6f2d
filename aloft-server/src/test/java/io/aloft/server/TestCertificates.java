package io.aloft.server;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed P-256 server certificates made at test time (never a committed key), written as
 * the PEM files {@code aloft serve --tls-cert/--tls-key} reads.
 */
public final class TestCertificates {
  /**
   * @param certificate the certificate, PEM; also what a client passes as {@code --tls-ca}
   * @param pkcs8Key the key as {@code BEGIN PRIVATE KEY}
   * @param ecKey the same key as {@code BEGIN EC PRIVATE KEY}
   */
  public record Files3(Path certificate, Path pkcs8Key, Path ecKey) {}

  private TestCertificates() {}

  /** A certificate for {@code localhost} and {@code 127.0.0.1}, valid for a day. */
  public static Files3 loopback(Path dir) {
    return create(dir, "loopback", List.of(new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
  }

  /** A certificate whose only name is {@code dnsName}. */
  public static Files3 forName(Path dir, String dnsName) {
    return create(dir, dnsName, List.of(new GeneralName(GeneralName.dNSName, dnsName)));
  }

  private static Files3 create(Path dir, String label, List<GeneralName> names) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=aloft test " + label);
      Instant now = Instant.now();
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic())
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])))
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      Files.createDirectories(dir);
      Path certificate = Files.writeString(dir.resolve(label + "-cert.pem"), pem("CERTIFICATE", holder.getEncoded()));
      Path pkcs8 = Files.writeString(dir.resolve(label + "-key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Path ec = Files.writeString(dir.resolve(label + "-ec-key.pem"), pem("EC PRIVATE KEY", sec1(pair)));
      return new Files3(certificate, pkcs8, ec);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  /** The key as openssl writes it: SEC1 ECPrivateKey with the curve and the public point. */
  private static byte[] sec1(KeyPair pair) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
    BigInteger secret = ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS();
    SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
    return new ECPrivateKey(256, secret, publicKey.getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters())
        .getEncoded();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
