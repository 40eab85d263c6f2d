package io.aloft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.money.FxRate;
import io.aloft.server.ServerConfig;
import io.aloft.server.http.TlsFiles;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where each setting comes from (flag > variable > file > default), and how a bad one stops the start. */
class ServerSettingsTest {
  private Path dir;

  @BeforeEach
  void folder() throws Exception {
    dir = Files.createTempDirectory("aloft-settings-");
  }

  @AfterEach
  void clean() {
    TempDirectories.delete(dir);
  }

  private Path file(String toml) throws Exception {
    return Files.writeString(dir.resolve("aloft.toml"), toml);
  }

  private static ServerConfig resolve(Map<String, String> flags, Map<String, String> env) throws Exception {
    return ServerSettings.resolve(flags, env, ServerConfig.defaults());
  }

  private static String refusal(Map<String, String> flags, Map<String, String> env) {
    try {
      resolve(flags, env);
    } catch (Exception e) {
      assertThat(e).isInstanceOf(InvalidSettingException.class);
      return e.getMessage();
    }
    throw new AssertionError("accepted " + flags + " " + env);
  }

  @Test
  void nothingGiven_isTheDefaults() throws Exception {
    ServerConfig config = resolve(Map.of(), Map.of());
    ServerConfig defaults = ServerConfig.defaults();
    assertThat(config.port()).isEqualTo(defaults.port());
    assertThat(config.host()).isEqualTo(defaults.host());
    assertThat(config.fxRates()).isEmpty();
    assertThat(config.settlementWindow()).isEqualTo(ServerConfig.DEFAULT_SETTLEMENT_WINDOW);
  }

  @Test
  void aFlagWinsOverAVariable_whichWinsOverTheFile_whichWinsOverTheDefault() throws Exception {
    Path config = file("""
        port = 7001
        host = "127.0.0.2"
        data_dir = "from-file"

        [settlement]
        window = "48h"
        """);
    ServerConfig resolved = resolve(Map.of("config", config.toString(), "port", "7003"),
        Map.of("ALOFT_PORT", "7002", "ALOFT_HOST", "127.0.0.3"));
    assertThat(resolved.port()).as("flag over variable and file").isEqualTo(7003);
    assertThat(resolved.host()).as("variable over file").isEqualTo("127.0.0.3");
    assertThat(resolved.dataDirectory()).as("file over default").isEqualTo(Path.of("from-file"));
    assertThat(resolved.settlementWindow()).isEqualTo(Duration.ofHours(48));
    assertThat(resolved.writeOffAfter()).as("default").isEqualTo(ServerConfig.DEFAULT_WRITE_OFF_AFTER);
  }

  @Test
  void theConfigFile_canBeNamedByItsVariable_andAnEmptyVariableIsNotSet() throws Exception {
    Path config = file("port = 7001\n");
    assertThat(resolve(Map.of(), Map.of("ALOFT_CONFIG", config.toString(), "ALOFT_PORT", "")).port()).isEqualTo(7001);
  }

  @Test
  void everySettingOfTheTable_isRead() throws Exception {
    Path adminKey = Files.writeString(dir.resolve("admin"), "operator-key-from-file\n");
    Path config = file("""
        insecure_http = true
        admin_key_file = "%s"
        terminal_certificate_validity = "30d"

        [fx.rates]
        "EUR/CNY" = "7.8125"
        "USD/CNY" = "7.1"

        [eligibility]
        threshold = 600
        tiers = ["600:3000/10000", "700:6000/30000"]

        [settlement]
        fee_basis_points = 45
        write_off_after = "30d"

        [http]
        max_threads = 64
        uploads_per_caller = "100/1m"
        """.formatted(adminKey));
    ServerConfig resolved = resolve(Map.of("config", config.toString(), "tls.cert", "c.pem", "tls.key", "k.pem",
        "database.url", "jdbc:postgresql://db:5432/aloft", "database.user", "aloft"),
        Map.of("ALOFT_DB_PASSWORD", "secret"));
    assertThat(resolved.insecureHttp()).isTrue();
    assertThat(resolved.adminKey()).contains("operator-key-from-file");
    assertThat(resolved.tls()).contains(new TlsFiles(Path.of("c.pem"), Path.of("k.pem")));
    assertThat(resolved.databaseUrl()).contains("jdbc:postgresql://db:5432/aloft");
    assertThat(resolved.databaseUser()).contains("aloft");
    assertThat(resolved.databasePassword()).contains("secret");
    assertThat(resolved.fxRates()).extracting(FxRate::decimal).containsExactly("7.8125", "7.1");
    assertThat(resolved.eligibility().thresholdScore()).isEqualTo(600);
    assertThat(resolved.eligibility().tierFor(710, "CNY").orElseThrow().perPaymentLimitMinor()).isEqualTo(6000);
    assertThat(resolved.settlement().merchantFeeBasisPoints()).isEqualTo(45);
    assertThat(resolved.writeOffAfter()).isEqualTo(Duration.ofDays(30));
    assertThat(resolved.terminalCertificateValidity()).isEqualTo(Duration.ofDays(30));
    assertThat(resolved.httpLimits().maxThreads()).isEqualTo(64);
    assertThat(resolved.httpLimits().uploadsPerCaller().count()).isEqualTo(100);
  }

  @Test
  void theAdminKeyVariable_winsOverTheAdminKeyFile() throws Exception {
    Path adminKey = Files.writeString(dir.resolve("admin"), "from-file");
    assertThat(resolve(Map.of("admin_key_file", adminKey.toString()), Map.of("ALOFT_ADMIN_KEY", "from-variable"))
        .adminKey()).contains("from-variable");
  }

  @Test
  void issuerKeys_comeFromTheirVariable() throws Exception {
    String key = "1:" + "ab".repeat(32);
    assertThat(resolve(Map.of(), Map.of("ALOFT_ISSUER_KEYS", key)).issuerKeys().orElseThrow()).containsOnlyKeys(1);
    assertThat(refusal(Map.of(), Map.of("ALOFT_ISSUER_KEYS", "1:abc")))
        .startsWith("invalid setting issuer_keys (variable ALOFT_ISSUER_KEYS): ");
  }

  @Test
  void aBadFlag_isNamedWithItsFlag() {
    assertThat(refusal(Map.of("port", "70000"), Map.of()))
        .isEqualTo("invalid setting port (flag --port): must be 0..65535, got 70000");
    assertThat(refusal(Map.of("port", "eighty"), Map.of())).contains("not a whole number: 'eighty'");
  }

  @Test
  void aBadVariable_isNamedWithItsVariable() {
    assertThat(refusal(Map.of(), Map.of("ALOFT_SETTLEMENT_WINDOW", "3 weeks")))
        .isEqualTo("invalid setting settlement.window (variable ALOFT_SETTLEMENT_WINDOW): not a duration: '3 weeks'"
            + " (examples: 90m, 2h, 1h30m, 3d)");
    assertThat(refusal(Map.of(), Map.of("ALOFT_SETTLEMENT_WINDOW", "400d"))).contains("must be 0d..365d");
    assertThat(refusal(Map.of(), Map.of("ALOFT_INSECURE_HTTP", "maybe"))).contains("not true or false");
  }

  @Test
  void theIdempotencyMaxAge_isSevenDaysByDefault_andNeverBelowADay() throws Exception {
    assertThat(resolve(Map.of(), Map.of()).httpLimits().idempotencyMaxAge()).isEqualTo(java.time.Duration.ofDays(7));
    assertThat(resolve(Map.of(), Map.of("ALOFT_IDEMPOTENCY_MAX_AGE", "30d")).httpLimits().idempotencyMaxAge())
        .isEqualTo(java.time.Duration.ofDays(30));
    assertThat(refusal(Map.of("http.idempotency_max_age", "12h"), Map.of()))
        .startsWith("invalid setting http.idempotency_max_age (flag --idempotency-max-age): must be 1d..3650d");
  }

  @Test
  void aBadFileValue_isNamedWithItsLine() throws Exception {
    Path config = file("""
        # rates the airline's bank quotes
        [fx]
        rates = ["EUR/CNY=7.8", "EUR-USD=1.1"]
        """);
    assertThat(refusal(Map.of("config", config.toString()), Map.of()))
        .isEqualTo("invalid setting fx.rates (" + config + " line 3): 'EUR-USD=1.1' is not FROM/TO=RATE, e.g."
            + " EUR/CNY=7.8125");
  }

  @Test
  void eachKindOfBadValue_isRefused() {
    Map<String, String> cases = Map.of(
        "fx.rates", "EUR/CNY=7.8,EUR/CNY=7.9",
        "eligibility.tiers", "550:5000/100",
        "eligibility.threshold", "900",
        "settlement.fee_basis_points", "-1",
        "database.url", "postgres://db/aloft",
        "http.uploads_per_caller", "lots",
        "http.max_threads", "4",
        "admin_key_file", "/no/such/file");
    cases.forEach((key, value) -> assertThat(refusal(Map.of(key, value), Map.of()))
        .as(key).startsWith("invalid setting " + key + " (flag "));
    assertThat(refusal(Map.of("fx.rates", "EUR/XXX=7"), Map.of())).contains("unknown ISO 4217 currency: XXX");
    assertThat(refusal(Map.of("fx.rates", "EUR/CNY=7.1234567891"), Map.of())).contains("at most 9 decimals");
  }

  @Test
  void anUnknownKey_aSecret_andBrokenToml_inTheFile_areRefused() throws Exception {
    assertThat(refusal(Map.of("config", file("prot = 8080\n").toString()), Map.of()))
        .startsWith("unknown setting prot (").contains("line 1");
    assertThat(refusal(Map.of("config", file("admin_key = \"k\"\n").toString()), Map.of()))
        .contains("is a secret").contains("ALOFT_ADMIN_KEY");
    assertThat(refusal(Map.of("config", file("port = = 1\n").toString()), Map.of())).contains("is not valid TOML");
    assertThat(refusal(Map.of("config", dir.resolve("missing.toml").toString()), Map.of()))
        .startsWith("cannot read configuration file");
  }

  @Test
  void settingsThatGoTogether_areRefusedAlone() {
    assertThat(refusal(Map.of("tls.cert", "c.pem"), Map.of())).contains("tls.cert and tls.key go together");
    assertThat(refusal(Map.of(), Map.of("ALOFT_DB_USER", "aloft"))).contains("need database.url");
  }

  @Test
  void webhookSettings_comeFromTheFileAndFlags_andABadOneIsNamed() throws Exception {
    Path config = file("""
        [webhooks]
        timeout = "5s"
        max_attempts = 3
        retry_delay = "2m"
        """);
    ServerConfig resolved = resolve(Map.of("config", config.toString(), "webhooks.allow_http_loopback", "true",
        "webhooks.max_retry_delay", "1h"), Map.of());
    assertThat(resolved.webhooks().allowHttpLoopback()).isTrue();
    assertThat(resolved.webhooks().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(resolved.webhooks().maxAttempts()).isEqualTo(3);
    assertThat(resolved.webhooks().retryDelay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(resolved.webhooks().maxRetryDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(resolve(Map.of(), Map.of()).webhooks().allowHttpLoopback()).as("default").isFalse();
    assertThat(refusal(Map.of(), Map.of("ALOFT_WEBHOOKS_MAX_ATTEMPTS", "0"))).contains("webhooks.max_attempts");
    assertThat(refusal(Map.of("webhooks.timeout", "2m"), Map.of())).contains("webhooks.timeout");
    assertThat(refusal(Map.of("webhooks.retry_delay", "1h", "webhooks.max_retry_delay", "10m"), Map.of()))
        .contains("webhooks.max_retry_delay");
  }

  @Test
  void flagsFromArguments_takeBothForms_andSwitches() throws Exception {
    assertThat(ServerSettings.flags(new String[] {"--port", "1", "--host=0.0.0.0", "--insecure-http", "--config", "a"}))
        .containsExactly(Map.entry("port", "1"), Map.entry("host", "0.0.0.0"), Map.entry("insecure_http", "true"),
            Map.entry("config", "a"));
    assertThatThrownBy(() -> ServerSettings.flags(new String[] {"--prot", "1"})).hasMessageContaining("unknown flag --prot");
    assertThatThrownBy(() -> ServerSettings.flags(new String[] {"--port"})).hasMessageContaining("needs a value");
  }

  @Test
  void theExampleInDocs_isReadWhole_andHasEveryFileSetting() throws Exception {
    Path example = Path.of(System.getProperty("aloft.root", "..")).resolve("docs/aloft.toml");
    Map<String, ConfigFile.Entry> entries = ConfigFile.read(example);
    for (Setting setting : Settings.ALL) {
      if (setting.inFile()) {
        assertThat(entries).as(setting.key()).containsKey(setting.key());
        assertThat(entries.get(setting.key()).line()).as(setting.key() + " has a line").isPositive();
      }
    }
    assertThat(SettingValues.fxRates(entries.get("fx.rates").text())).hasSize(3);
  }

  @Test
  void help_listsEverySettingWithItsVariable() {
    String help = ServerSettings.help();
    for (Setting setting : Settings.ALL) {
      assertThat(help).contains(setting.variable());
      if (setting.flag() != null) {
        assertThat(help).contains(setting.flag());
      }
    }
  }
}
