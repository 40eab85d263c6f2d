package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.client.RetryPolicy;
import io.aloft.protocol.client.SettlementClient;
import io.aloft.protocol.client.TransportSecurity;
import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.SharedPostgres;
import io.aloft.server.TestCertificates;
import io.aloft.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert/--tls-key}: HTTPS with a certificate made here, and clients that check it. */
class TlsTest {
  private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5),
      Duration.ofSeconds(10));

  @TempDir
  Path dir;

  @Test
  void theServerAnswersOverHttps_toAClientThatTrustsItsCertificate() throws Exception {
    TestCertificates.Files3 tls = TestCertificates.loopback(dir);
    try (TestServer server = TestServer.start(c -> c.withTls(new TlsFiles(tls.certificate(), tls.pkcs8Key())))) {
      String base = server.server().baseUrl();
      assertThat(base).startsWith("https://127.0.0.1:");
      SSLContext trusting = TransportSecurity.DEFAULT.trusting(tls.certificate()).sslContext().orElseThrow();
      assertThat(get(HttpClient.newBuilder().sslContext(trusting).build(), base + "/health").statusCode()).isEqualTo(200);

      SettlementClient device = new SettlementClient(URI.create(base), "any-token", server.server().issuerKeys()
          .publicKeys(), ONCE, d -> { }, TransportSecurity.DEFAULT.trusting(tls.certificate()));
      String keys = new String(device.exchange("GET", "/v1/issuer-keys", null, null, "application/json", null, 65_536),
          StandardCharsets.UTF_8);
      assertThat(keys).contains("\"keys\"");
    }
  }

  @Test
  void clientsWithoutTheCertificate_andPlainHttp_getNothing() throws Exception {
    TestCertificates.Files3 tls = TestCertificates.loopback(dir);
    try (TestServer server = TestServer.start(c -> c.withTls(new TlsFiles(tls.certificate(), tls.ecKey())))) {
      String base = server.server().baseUrl();
      assertThatThrownBy(() -> get(HttpClient.newHttpClient(), base + "/health")).isInstanceOf(SSLHandshakeException.class);
      SettlementClient device = new SettlementClient(URI.create(base), "any-token", server.server().issuerKeys()
          .publicKeys(), ONCE, d -> { });
      assertThatThrownBy(() -> device.exchange("GET", "/v1/issuer-keys", null, null, "application/json", null, 65_536))
          .isInstanceOf(SSLHandshakeException.class);
      String plain = base.replace("https://", "http://");
      assertThatThrownBy(() -> get(HttpClient.newHttpClient(), plain + "/health")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aCertificateForAnotherName_isRefusedByTheClient() throws Exception {
    TestCertificates.Files3 other = TestCertificates.forName(dir, "pay.example.com");
    try (TestServer server = TestServer.start(c -> c.withTls(new TlsFiles(other.certificate(), other.pkcs8Key())))) {
      SSLContext trusting = TransportSecurity.DEFAULT.trusting(other.certificate()).sslContext().orElseThrow();
      assertThatThrownBy(() -> get(HttpClient.newBuilder().sslContext(trusting).build(),
          server.server().baseUrl() + "/health")).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aKeyOfAnotherCertificate_isRefusedAtStart() {
    TestCertificates.Files3 one = TestCertificates.loopback(dir.resolve("one"));
    TestCertificates.Files3 two = TestCertificates.loopback(dir.resolve("two"));
    assertThatThrownBy(() -> AloftServer.start(config().withTls(new TlsFiles(one.certificate(), two.pkcs8Key()))))
        .isInstanceOf(IOException.class).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> AloftServer.start(config().withTls(new TlsFiles(one.pkcs8Key(), one.pkcs8Key()))))
        .isInstanceOf(IOException.class).hasMessageContaining("other than certificates");
    assertThatThrownBy(() -> AloftServer.start(config().withTls(new TlsFiles(one.certificate(), one.certificate()))))
        .isInstanceOf(IOException.class).hasMessageContaining("no PEM private key");
  }

  @Test
  void plainHttpOnANonLoopbackAddress_isRefusedUnlessAllowed() {
    ServerConfig exposed = config().withHost("0.0.0.0");
    assertThatThrownBy(() -> AloftServer.start(exposed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to serve plain HTTP on 0.0.0.0").hasMessageContaining("--insecure-http")
        .hasMessageContaining("--tls-cert");
    assertThat(exposed.withInsecureHttp(true).exposureProblem()).isEmpty();
    assertThat(exposed.withTls(new TlsFiles(dir.resolve("c.pem"), dir.resolve("k.pem"))).exposureProblem()).isEmpty();
    assertThat(config().exposureProblem()).isEmpty();
    assertThat(config().withHost("::1").exposureProblem()).isEmpty();
  }

  private ServerConfig config() {
    return ServerConfig.defaults().withPort(0).withDataDirectory(dir.resolve("data"))
        .withDatabase(SharedPostgres.freshDatabase(), null, null).withAdminKey(TestServer.ADMIN_KEY);
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
