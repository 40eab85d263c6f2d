package io.aloft.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportSecurityTest {
  private static final List<IssuerKey> KEYS = List.of(new IssuerKey(1, new VerificationKey(SignatureAlgorithm.ED25519,
      Bytes.fromHex("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"))));

  @Test
  void plainHttpToAnotherHost_isRefusedByDefault_naming_theWayOut() {
    for (String url : new String[] {"http://pay.example.com", "http://10.0.0.5:8080", "http://127.0.0.1.evil.example",
        "http://localhost.evil.example", "http://[2001:db8::1]:8080"}) {
      assertThatThrownBy(() -> TransportSecurity.DEFAULT.check(URI.create(url)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("refusing plain http://")
          .hasMessageContaining("--insecure-http");
    }
  }

  @Test
  void plainHttpToLoopback_andHttpsAnywhere_areAllowed() {
    for (String url : new String[] {"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080",
        "http://127.8.9.10", "https://pay.example.com", "https://10.0.0.5:8443"}) {
      assertThat(TransportSecurity.DEFAULT.check(URI.create(url))).hasToString(url);
    }
  }

  @Test
  void plainHttpToAnotherHost_isAllowedOnlyWhenAskedFor() {
    assertThat(TransportSecurity.DEFAULT.allowingInsecureHttp().check(URI.create("http://10.0.0.5:8080")))
        .hasToString("http://10.0.0.5:8080");
  }

  @Test
  void otherSchemes_andMissingHosts_areRefused() {
    for (String url : new String[] {"ftp://pay.example.com", "file:///etc/passwd", "https:///v1", "pay.example.com"}) {
      assertThatThrownBy(() -> TransportSecurity.DEFAULT.allowingInsecureHttp().check(URI.create(url)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theDevicesSettlementClient_refusesPlainHttpToAnotherHost() {
    assertThatThrownBy(() -> new SettlementClient(URI.create("http://pay.example.com"), "token", KEYS,
        RetryPolicy.DEFAULT, d -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing plain http://");
    new SettlementClient(URI.create("http://pay.example.com"), "token", KEYS, RetryPolicy.DEFAULT, d -> { },
        TransportSecurity.DEFAULT.allowingInsecureHttp());
  }

  @Test
  void aCaFileWithoutCertificates_isRefused(@TempDir Path dir) throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TransportSecurity.DEFAULT.trusting(notPem)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> TransportSecurity.DEFAULT.trusting(dir.resolve("missing.pem")))
        .isInstanceOf(IOException.class);
  }
}
