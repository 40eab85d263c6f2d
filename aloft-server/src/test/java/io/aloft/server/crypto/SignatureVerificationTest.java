package io.aloft.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SignatureVerifier;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.server.ServerConfig;
import io.aloft.server.TestServer;
import io.aloft.server.config.InvalidSettingException;
import io.aloft.server.config.ServerSettings;
import java.util.List;
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
  void auto_whereConscryptDoesNotLoad_fallsBackToBouncyCastle() {
    SignatureVerification.Available none =
        new SignatureVerification.Available(List.of(), List.of("Conscrypt's native library does not load here"));
    assertThat(SignatureVerification.install(VerificationProvider.AUTO, none)).isEqualTo("BouncyCastle");
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      assertThat(Signatures.installed(algorithm)).isSameAs(Signatures.bouncyCastle(algorithm));
    }
  }

  @Test
  void auto_whereConscryptLacksOneAlgorithm_usesBouncyCastleForThatOne_andNamesBoth() {
    SignatureVerifier p256 = SignatureVerification.conscrypt().verifier(SignatureAlgorithm.ECDSA_P256).orElseThrow();
    SignatureVerification.Available onlyP256 =
        new SignatureVerification.Available(List.of(p256), List.of("Conscrypt has no ED25519"));
    assertThat(SignatureVerification.install(VerificationProvider.AUTO, onlyP256))
        .isEqualTo("ED25519 BouncyCastle, ECDSA_P256 " + p256.implementation());
    assertThat(Signatures.installed(SignatureAlgorithm.ED25519)).isSameAs(Signatures.bouncyCastle(SignatureAlgorithm.ED25519));
    assertThat(Signatures.installed(SignatureAlgorithm.ECDSA_P256)).isSameAs(p256);
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
