package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.AloftServer;
import io.aloft.testkit.TempDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the CLI writes to disk as another local user would look for it: key and token files,
 * device folders with their keys, profiles and databases. Each is 600 in a 700 folder, a folder
 * others can open is refused with the chmod that fixes it, and a weak passphrase KDF is refused.
 */
class DeviceFolderSecretsTest {
  private static Path dir;
  private static AloftServer server;
  private static Path adminKey;

  @BeforeAll
  static void startServer() throws Exception {
    dir = Files.createTempDirectory("aloft-cli-secrets-");
    server = TestDatabases.server(dir.resolve("server"));
    adminKey = Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
    Files.writeString(dir.resolve("passphrase"), "correct horse battery staple");
  }

  @AfterAll
  static void stop() {
    server.close();
    TempDirectories.delete(dir);
  }

  @Test
  void keysTokensAndDeviceFolders_areReadableByTheirOwnerOnly() throws IOException {
    Path keys = dir.resolve("keys");
    ok(admin("airline", "create", "--code", "SF", "--name", "Safe Air", "--key-out", keys.resolve("merchant-key")));
    ok(admin("account", "create", "--name", "Ada", "--score", "720", "--token-out", keys.resolve("ada-token")));
    assertThat(mode(keys)).isEqualTo("rwx------");
    assertThat(mode(keys.resolve("merchant-key"))).isEqualTo("rw-------");
    assertThat(mode(keys.resolve("ada-token"))).isEqualTo("rw-------");

    Path terminal = dir.resolve("devices").resolve("terminal");
    ok(Cli.run("terminal", "--dir", terminal.toString(), "init", "--server", server.baseUrl(),
        "--merchant-key-file", keys.resolve("merchant-key").toString()));
    Path wallet = dir.resolve("devices").resolve("wallet");
    ok(Cli.run("wallet", "--dir", wallet.toString(), "init", "--server", server.baseUrl(),
        "--token-file", keys.resolve("ada-token").toString(), "--passphrase-file", dir.resolve("passphrase").toString(),
        "--kdf-memory-kib", "19456"));

    // Opening each device creates its database.
    ok(Cli.run("terminal", "--dir", terminal.toString(), "verify-journal"));
    ok(Cli.run("wallet", "--dir", wallet.toString(), "bills"));

    for (Path folder : List.of(dir.resolve("devices"), terminal, wallet)) {
      assertThat(mode(folder)).as(folder.toString()).isEqualTo("rwx------");
    }
    for (Path file : List.of(terminal.resolve("terminal.json"), terminal.resolve("terminal.key"),
        terminal.resolve("terminal.db"), wallet.resolve("wallet.json"), wallet.resolve("device.key"),
        wallet.resolve("wallet.db"))) {
      assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
    }
  }

  @Test
  void aDeviceFolderOthersCanOpen_isRefused_withTheChmodThatFixesIt() throws IOException {
    Path open = Files.createDirectory(dir.resolve("open-wallet"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

    Cli.Result init = Cli.run("wallet", "--dir", open.toString(), "init", "--server", server.baseUrl(),
        "--token-file", adminKey.toString(), "--passphrase-file", dir.resolve("passphrase").toString());
    assertThat(init.exitCode()).as(init.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(init.err()).contains(open + " holds secrets but is open to other users (mode rwxr-xr-x)")
        .contains("chmod 700 " + open);
    try (var files = Files.list(open)) {
      assertThat(files).as("nothing written").isEmpty();
    }

    Files.writeString(open.resolve("terminal.json"), "{}");
    Cli.Result status = Cli.run("terminal", "--dir", open.toString(), "status");
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(status.err()).contains("chmod 700 " + open);
  }

  @Test
  void aKeyOrTokenFileInAFolderOthersCanOpen_isRefused_beforeTheServerCreatesIt() throws IOException {
    Path open = Files.createDirectory(dir.resolve("open-keys"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxr-x"));
    long before = accountId(ok(admin("account", "create", "--name", "Cy")));
    Cli.Result refused = admin("account", "create", "--name", "Bo", "--token-out", open.resolve("bo-token"));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("chmod 700 " + open);
    assertThat(open.resolve("bo-token")).doesNotExist();
    assertThat(accountId(ok(admin("account", "create", "--name", "Dee")))).as("no account made in between")
        .isEqualTo(before + 1);
  }

  private static long accountId(Cli.Result created) {
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("account (\\d+)").matcher(created.out());
    assertThat(id.find()).as(created.out()).isTrue();
    return Long.parseLong(id.group(1));
  }

  @Test
  void aPassphraseKdfBelow19MiB_isRefused() {
    Path wallet = dir.resolve("weak-wallet");
    Cli.Result init = Cli.run("wallet", "--dir", wallet.toString(), "init", "--server", server.baseUrl(),
        "--token-file", adminKey.toString(), "--passphrase-file", dir.resolve("passphrase").toString(),
        "--kdf-memory-kib", "32");
    assertThat(init.exitCode()).as(init.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(init.err()).contains("--kdf-memory-kib").contains("at least 19456 KiB (19 MiB), got 32 KiB");
    assertThat(wallet).doesNotExist();
  }

  private static Cli.Result admin(Object... args) {
    List<String> all = new java.util.ArrayList<>(List.of("admin"));
    for (Object arg : args) {
      all.add(arg.toString());
    }
    all.addAll(List.of("--server", server.baseUrl(), "--admin-key-file", adminKey.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
