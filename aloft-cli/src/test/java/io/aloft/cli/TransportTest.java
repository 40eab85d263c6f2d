package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.TestCertificates;
import io.aloft.server.http.TlsFiles;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line against a server that speaks HTTPS with a certificate made here: devices set
 * up only with the certificate trusted and the issuer fingerprint matching, and nothing sent in
 * plain HTTP to another machine.
 */
class TransportTest {
  private static Path dir;
  private static AloftServer server;
  private static String https;
  private static String ca;
  private static String fingerprint;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    dir = Files.createTempDirectory("aloft-cli-tls-");
    TestCertificates.Files3 tls = TestCertificates.loopback(dir.resolve("tls"));
    server = AloftServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dir.resolve("server"))
        .withDatabase(TestDatabases.fresh(), null, null).withAdminKey(TestDatabases.ADMIN_KEY)
        .withTls(new TlsFiles(tls.certificate(), tls.pkcs8Key())));
    https = server.baseUrl();
    ca = tls.certificate().toString();
    fingerprint = server.issuerFingerprint().toString();
    Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
    Files.writeString(dir.resolve("passphrase"), "correct horse battery staple");
    ok(Cli.run("admin", "airline", "create", "--code", "MU", "--name", "Eastern", "--key-out", file("merchant-key"),
        "--server", https, "--tls-ca", ca, "--admin-key-file", file("admin-key")));
    ok(Cli.run("admin", "flight", "create", "--airline", "1", "--number", "5101", "--server", https, "--tls-ca", ca,
        "--admin-key-file", file("admin-key")));
    ok(Cli.run("admin", "account", "create", "--name", "Ada", "--score", "720", "--balance", "60.00",
        "--token-out", file("ada-token"), "--server", https, "--tls-ca", ca, "--admin-key-file", file("admin-key")));
  }

  @AfterAll
  static void stop() {
    server.close();
    TempDirectories.delete(dir);
  }

  @Test
  void httpsWithTheCertificateTrusted_andTheFingerprintGiven_setsUpSyncsAndUploads() {
    assertThat(https).startsWith("https://127.0.0.1:");
    Cli.Result init = ok(Cli.run("terminal", "--dir", file("galley"), "init", "--server", https, "--tls-ca", ca,
        "--merchant-key-file", file("merchant-key"), "--issuer-fingerprint", fingerprint));
    assertThat(init.out()).contains("issuer keys match fingerprint " + fingerprint);
    ok(Cli.run("wallet", "--dir", file("ada"), "init", "--server", https, "--tls-ca", ca, "--token-file",
        file("ada-token"), "--passphrase-file", file("passphrase"), "--kdf-memory-kib", "19456",
        "--issuer-fingerprint", fingerprint.replace("-", "").toUpperCase()));
    ok(Cli.run("wallet", "--dir", file("ada"), "enrol", "--flight", "1", "--tls-ca", ca, "--passphrase-file",
        file("passphrase")));
    assertThat(ok(Cli.run("terminal", "--dir", file("galley"), "sync", "--flight", "1", "--tls-ca", ca)).out())
        .contains("1 passengers enrolled");
    assertThat(ok(Cli.run("terminal", "--dir", file("galley"), "upload", "--tls-ca", ca)).out())
        .contains("nothing pending");
    assertThat(ok(Cli.run("wallet", "--dir", file("ada"), "sync", "--tls-ca", ca)).out()).contains("synced");
  }

  @Test
  void withoutTheCertificateTrusted_nothingIsSetUp() {
    Cli.Result refused = Cli.run("terminal", "--dir", file("untrusting"), "init", "--server", https,
        "--merchant-key-file", file("merchant-key"), "--issuer-fingerprint", fingerprint);
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.SERVER);
    assertThat(refused.err()).contains("cannot reach the server");
    assertThat(dir.resolve("untrusting")).doesNotExist();
  }

  @Test
  void keysThatDoNotMatchTheFingerprint_areRefused_beforeAnySecretIsSent() {
    String other = "040e-be17-10aa-e0ef-4b1f-193e-9462-a4c3-5945-ae85-6cbe-37a1-ad5d-9488-7b5a-2494";
    Cli.Result terminal = Cli.run("terminal", "--dir", file("impostor-t"), "init", "--server", https, "--tls-ca", ca,
        "--merchant-key-file", file("merchant-key"), "--issuer-fingerprint", other);
    assertThat(terminal.exitCode()).as(terminal.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(terminal.err()).contains("do not match --issuer-fingerprint").contains("expected " + other)
        .contains("got " + fingerprint);
    assertThat(dir.resolve("impostor-t")).doesNotExist();

    Cli.Result wallet = Cli.run("wallet", "--dir", file("impostor-w"), "init", "--server", https, "--tls-ca", ca,
        "--token-file", file("ada-token"), "--passphrase-file", file("passphrase"), "--kdf-memory-kib", "19456",
        "--issuer-fingerprint", other);
    assertThat(wallet.exitCode()).as(wallet.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(dir.resolve("impostor-w")).doesNotExist();

    Cli.Result malformed = Cli.run("terminal", "--dir", file("impostor-t"), "init", "--server", https, "--tls-ca", ca,
        "--merchant-key-file", file("merchant-key"), "--issuer-fingerprint", "not-hex");
    assertThat(malformed.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(malformed.err()).contains("64 hex digits");
  }

  @Test
  void trustOnFirstUse_isAllowedOnlyOnThisMachine_andSaidSo() {
    Cli.Result local = ok(Cli.run("terminal", "--dir", file("tofu"), "init", "--server", https, "--tls-ca", ca,
        "--merchant-key-file", file("merchant-key")));
    assertThat(local.out()).contains("trusting on first use the issuer keys of " + https).contains(fingerprint);

    Cli.Result remote = Cli.run("terminal", "--dir", file("remote"), "init", "--server", "https://192.0.2.10:8443",
        "--merchant-key-file", file("merchant-key"));
    assertThat(remote.exitCode()).as(remote.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(remote.err()).contains("refusing to trust the issuer keys of https://192.0.2.10:8443 on first use")
        .contains("--issuer-fingerprint");
    assertThat(dir.resolve("remote")).doesNotExist();
  }

  @Test
  void plainHttpToAnotherMachine_isRefusedBeforeConnecting_unlessAllowed() {
    String plain = "http://192.0.2.10:8080";
    List<List<String>> commands = List.of(
        List.of("admin", "account", "create", "--name", "Eve", "--admin-key-file", file("admin-key")),
        List.of("terminal", "--dir", file("plain-t"), "init", "--merchant-key-file", file("merchant-key"),
            "--issuer-fingerprint", fingerprint),
        List.of("wallet", "--dir", file("plain-w"), "init", "--token-file", file("ada-token"), "--passphrase-file",
            file("passphrase"), "--kdf-memory-kib", "19456", "--issuer-fingerprint", fingerprint));
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--server", plain));
      Cli.Result refused = Cli.run(args.toArray(String[]::new));
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(refused.err()).as(refused.toString()).contains("refusing plain http:// to 192.0.2.10")
          .contains("--insecure-http");
    }
    assertThat(dir.resolve("plain-t")).doesNotExist();
    assertThat(dir.resolve("plain-w")).doesNotExist();
  }

  @Test
  void serve_refusesPlainHttpOnANonLoopbackAddress_sayingWhy() {
    Cli.Result refused = Cli.run("serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", file("exposed"));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("refusing to serve plain HTTP on 0.0.0.0").contains("--tls-cert")
        .contains("--insecure-http");
    assertThat(dir.resolve("exposed")).doesNotExist();
    Cli.Result half = Cli.run("serve", "--tls-cert", ca, "--port", "0", "--data-dir", file("exposed"));
    assertThat(half.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(half.err()).contains("go together").contains("--tls-cert FILE --tls-key FILE");
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }
}
