package io.aloft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.server.http.TlsFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code aloft-server}'s own flags for TLS and plain HTTP. */
class CommandLineTest {
  @Test
  void tlsFlags_giveTheServerItsCertificateAndKey() {
    ServerConfig config = CommandLine.parse(new String[] {"--host", "0.0.0.0", "--tls-cert", "c.pem", "--tls-key",
        "k.pem"}, Map.of());
    assertThat(config.tls()).contains(new TlsFiles(Path.of("c.pem"), Path.of("k.pem")));
    assertThat(config.exposureProblem()).isEmpty();
  }

  @Test
  void aCertificateWithoutKey_isAUsageError() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--tls-cert", "c.pem"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-cert and --tls-key go together");
  }

  @Test
  void plainHttpOnAllInterfaces_isAProblemUnlessInsecureHttpIsGiven() {
    assertThat(CommandLine.parse(new String[] {"--host", "0.0.0.0"}, Map.of()).exposureProblem()).isPresent();
    assertThat(CommandLine.parse(new String[] {"--host", "0.0.0.0", "--insecure-http"}, Map.of()).exposureProblem())
        .isEmpty();
  }
}
