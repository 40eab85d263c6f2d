package io.aloft.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.server.ServerConfig;
import io.aloft.server.TestServer;
import io.aloft.server.config.InvalidSettingException;
import io.aloft.server.config.ServerSettings;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which verifiers the server installs: Conscrypt's where its native library loads, BouncyCastle's
 * when the setting says so (as where Conscrypt does not load).
 */
class SignatureVerificationTest {

  @AfterEach
  void backToTheDefault() {
    SignatureVerification.install(VerificationProvider.AUTO);
  }

  @Test
  void auto_installsConscryptForBothAlgorithms() {
    String implementation = SignatureVerification.install(VerificationProvider.AUTO);
    assertThat(implementation).isEqualTo(Signatures.implementation()).matches("Conscrypt \\d+\\.\\d+\\.\\d+");
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      assertThat(Signatures.installed(algorithm)).isInstanceOf(ConscryptVerifier.class);
    }
  }

  @Test
  void bouncycastle_installsTheFallbackForBothAlgorithms() {
    assertThat(SignatureVerification.install(VerificationProvider.BOUNCYCASTLE)).isEqualTo("BouncyCastle");
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      assertThat(Signatures.installed(algorithm)).isSameAs(Signatures.bouncyCastle(algorithm));
    }
  }

  @Test
  void aServerToldBouncyCastle_verifiesWithBouncyCastle_andTheDefaultServerWithConscrypt() {
    TestServer forced = TestServer.start(c -> c.withVerificationProvider(VerificationProvider.BOUNCYCASTLE));
    forced.close();
    assertThat(Signatures.implementation()).isEqualTo("BouncyCastle");
    TestServer byDefault = TestServer.start();
    byDefault.close();
    assertThat(Signatures.implementation()).startsWith("Conscrypt ");
  }

  @Test
  void theSetting_comesFromFlagVariableOrFile_andAnotherValueIsRefused() throws Exception {
    assertThat(ServerSettings.resolve(Map.of(), Map.of(), ServerConfig.defaults()).verificationProvider())
        .isEqualTo(VerificationProvider.AUTO);
    assertThat(ServerSettings.resolve(Map.of(), Map.of("ALOFT_VERIFICATION_PROVIDER", "BouncyCastle"),
        ServerConfig.defaults()).verificationProvider()).isEqualTo(VerificationProvider.BOUNCYCASTLE);
    assertThat(ServerSettings.resolve(ServerSettings.flags(new String[] {"--verification-provider", "bouncycastle"}),
        Map.of(), ServerConfig.defaults()).verificationProvider()).isEqualTo(VerificationProvider.BOUNCYCASTLE);
    assertThatThrownBy(() -> ServerSettings.resolve(Map.of("verification.provider", "openssl"), Map.of(),
        ServerConfig.defaults()))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("verification.provider").hasMessageContaining("auto or bouncycastle");
  }
}
