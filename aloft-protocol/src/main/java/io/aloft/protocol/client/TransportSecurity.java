package io.aloft.protocol.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How a device or the CLI may reach the issuer server. Over plain HTTP a network attacker reads
 * the bearer secret and rewrites every answer, so a server URL must be {@code https://}, except
 * to a loopback host (a server on the same machine) or when plain HTTP is allowed explicitly
 * ({@link #allowingInsecureHttp()}). Server certificates are checked, with the host name, against
 * the JVM's default trust store and, if given, the certificates of one PEM file
 * ({@link #trusting(Path)}: a private CA or a self-signed server certificate).
 *
 * <p>Loopback means the host is {@code localhost} or a loopback IP literal; names are not resolved
 * for this check, so DNS cannot make a remote host count as local.
 */
public final class TransportSecurity {
  /** HTTPS with the JVM's trust store; plain HTTP only to loopback. */
  public static final TransportSecurity DEFAULT = new TransportSecurity(false, Optional.empty(), Optional.empty());
  /** A CA file holds a few certificates; anything far bigger is not one. */
  private static final long MAX_CA_FILE_BYTES = 1024 * 1024;

  private final boolean insecureHttpAllowed;
  private final Optional<Path> trustedCertificates;
  private final Optional<SSLContext> sslContext;

  private TransportSecurity(boolean insecureHttpAllowed, Optional<Path> trustedCertificates,
      Optional<SSLContext> sslContext) {
    this.insecureHttpAllowed = insecureHttpAllowed;
    this.trustedCertificates = trustedCertificates;
    this.sslContext = sslContext;
  }

  /** The same, and plain {@code http://} to any host: only for networks the operator controls end to end. */
  public TransportSecurity allowingInsecureHttp() {
    return new TransportSecurity(true, trustedCertificates, sslContext);
  }

  /**
   * The same, also trusting the certificates in {@code pemFile} (one or more
   * {@code -----BEGIN CERTIFICATE-----} blocks) as issuers of the server's certificate.
   *
   * @throws IOException when the file cannot be read or holds no certificate
   */
  public TransportSecurity trusting(Path pemFile) throws IOException {
    List<X509Certificate> extra = readCertificates(pemFile);
    try {
      return new TransportSecurity(insecureHttpAllowed, Optional.of(pemFile), Optional.of(sslContext(extra)));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a TLS context trusting " + pemFile + ": " + e.getMessage(), e);
    }
  }

  public boolean insecureHttpAllowed() {
    return insecureHttpAllowed;
  }

  /** The TLS context to connect with; empty means the JVM's default. */
  public Optional<SSLContext> sslContext() {
    return sslContext;
  }

  /**
   * Returns {@code url} if this policy lets a client send secrets to it.
   *
   * @throws IllegalArgumentException naming the URL and why, for any other scheme than http or
   *     https, a URL without a host, or plain http to a host that is not loopback
   */
  public URI check(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("server URL must be https:// (or http:// to this machine): " + url);
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("server URL has no host: " + url);
    }
    if (scheme.equals("http") && !insecureHttpAllowed && !isLoopback(url.getHost())) {
      throw new IllegalArgumentException("refusing plain http:// to " + url.getHost()
          + ": anyone on the network could read the secret and change the answers; use https://, or allow "
          + "insecure HTTP explicitly (--insecure-http) on a network you control");
    }
    return url;
  }

  /** {@code localhost} or a loopback IP literal ({@code 127.0.0.0/8}, {@code ::1}), without DNS. */
  public static boolean isLoopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean ipLiteral = bare.matches("[0-9.]+") || bare.contains(":");
    if (!ipLiteral) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException notAnAddress) {
      return false;
    }
  }

  private static List<X509Certificate> readCertificates(Path pemFile) throws IOException {
    if (Files.size(pemFile) > MAX_CA_FILE_BYTES) {
      throw new IOException(pemFile + " is larger than " + MAX_CA_FILE_BYTES + " bytes; not a certificate file");
    }
    Collection<? extends Certificate> read;
    try (InputStream in = Files.newInputStream(pemFile)) {
      read = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (java.security.cert.CertificateException e) {
      throw new IOException(pemFile + " does not hold PEM certificates: " + e.getMessage(), e);
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate certificate : read) {
      certificates.add((X509Certificate) certificate);
    }
    if (certificates.isEmpty()) {
      throw new IOException(pemFile + " holds no certificate");
    }
    return certificates;
  }

  /** PKIX over the JVM's default anchors plus {@code extra}, with the platform's host name checks. */
  private static SSLContext sslContext(List<X509Certificate> extra) throws GeneralSecurityException, IOException {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    int n = 0;
    for (X509Certificate certificate : defaultAnchors()) {
      anchors.setCertificateEntry("default-" + n++, certificate);
    }
    for (X509Certificate certificate : extra) {
      anchors.setCertificateEntry("trusted-" + n++, certificate);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static List<X509Certificate> defaultAnchors() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    List<X509Certificate> anchors = new ArrayList<>();
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        anchors.addAll(List.of(x509.getAcceptedIssuers()));
      }
    }
    return anchors;
  }
}
