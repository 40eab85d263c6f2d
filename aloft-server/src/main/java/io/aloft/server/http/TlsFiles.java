package io.aloft.server.http;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's TLS identity, read from PEM files: {@code certificateChain} holds the server's
 * certificate first, then any intermediates; {@code privateKey} holds its unencrypted key as
 * PKCS#8 ({@code BEGIN PRIVATE KEY}) or in the traditional EC or RSA form. {@link #load} checks
 * that the key belongs to the first certificate, so a mismatched pair fails at start-up rather
 * than at every handshake.
 */
public record TlsFiles(Path certificateChain, Path privateKey) {
  /** PEM files of a chain and a key are a few KiB; anything far bigger is a wrong path. */
  private static final long MAX_PEM_BYTES = 1024 * 1024;

  public TlsFiles {
    if (certificateChain == null || privateKey == null) {
      throw new IllegalArgumentException("TLS needs both a certificate chain file and a private key file");
    }
  }

  /** The parsed chain and key, ready for a connector. */
  public record Loaded(List<X509Certificate> chain, PrivateKey key) {
    public Loaded {
      chain = List.copyOf(chain);
    }
  }

  /**
   * Reads and cross-checks both files.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public Loaded load() throws IOException {
    List<X509Certificate> chain = readChain();
    PrivateKey key = readKey();
    if (!keyMatches(key, chain.get(0))) {
      throw new IOException("the private key in " + privateKey + " does not belong to the first certificate in "
          + certificateChain);
    }
    return new Loaded(chain, key);
  }

  /** An HTTPS connector on {@code host:port} serving this identity, for Javalin's {@code addConnector}. */
  public static Connector connector(Loaded tls, String host, int port, Server server, HttpConfiguration http) {
    char[] password = randomPassword();
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("aloft", tls.key(), password, tls.chain().toArray(new X509Certificate[0]));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the TLS key in memory", e);
    }
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(store);
    ssl.setKeyStorePassword(new String(password));
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // One certificate serves every name the operator points at it; clients check the name.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  private List<X509Certificate> readChain() throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    try (PEMParser parser = parser(certificateChain)) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (!(item instanceof X509CertificateHolder holder)) {
          throw new IOException(certificateChain + " holds something other than certificates");
        }
        chain.add(new JcaX509CertificateConverter().getCertificate(holder));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(certificateChain + " holds a certificate that cannot be read: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException(certificateChain + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  private PrivateKey readKey() throws IOException {
    Object item;
    try (PEMParser parser = parser(privateKey)) {
      item = parser.readObject();
    }
    if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new IOException(privateKey + " is encrypted; give the server an unencrypted key file readable only by it");
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (item instanceof PrivateKeyInfo info) {
      return converter.getPrivateKey(info);
    }
    if (item instanceof PEMKeyPair pair) {
      // The public half is optional in an EC key file, so only the private key info is read.
      return converter.getPrivateKey(pair.getPrivateKeyInfo());
    }
    throw new IOException(privateKey + " holds no PEM private key (PKCS#8, EC or RSA)");
  }

  private static PEMParser parser(Path file) throws IOException {
    if (Files.size(file) > MAX_PEM_BYTES) {
      throw new IOException(file + " is larger than " + MAX_PEM_BYTES + " bytes; not a PEM file");
    }
    Reader reader = Files.newBufferedReader(file);
    return new PEMParser(reader);
  }

  /** Signs a probe with the key and verifies it with the certificate's public key. */
  private static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return false;
    }
    try {
      byte[] probe = "aloft:tls-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }
}
