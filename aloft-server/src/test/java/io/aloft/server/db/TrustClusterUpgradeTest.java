package io.aloft.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.SharedPostgres;
import io.aloft.server.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder made before password authentication (initdb with trust, Aloft's schema in the
 * {@code postgres} database as the superuser's) is upgraded at the next start: passwords are set,
 * only SCRAM logins are accepted, the schema moves to the application role, and nothing is lost.
 */
class TrustClusterUpgradeTest {
  private static final String ADMIN_KEY = TestServer.ADMIN_KEY;

  @TempDir
  Path data;

  @Test
  void aTrustAuthenticationDataFolder_isUpgraded_andKeepsItsData() throws Exception {
    Path cluster = data.resolve("postgres");
    long accountId;
    try (LegacyCluster legacy = LegacyCluster.start(cluster)) {
      try (AloftServer old = AloftServer.start(config().withDatabase(legacy.trustUrl(), null, null))) {
        accountId = TestServer.remote(old.baseUrl()).account(600, 12_345).id();
      }
    }

    try (AloftServer upgraded = AloftServer.start(config())) {
      TestServer client = TestServer.remote(upgraded.baseUrl());
      var account = TestServer.check(client.get("/v1/accounts/" + accountId, ADMIN_KEY), 200);
      assertThat(account.json().at("/balance/amountMinor").asLong()).isEqualTo(12_345);

      String url = "jdbc:postgresql://127.0.0.1:" + port(cluster) + "/";
      assertThatThrownBy(() -> DriverManager.getConnection(url + "aloft?user=postgres").close())
          .isInstanceOf(SQLException.class);
      String superuserPassword = Files.readString(cluster.resolve(EmbeddedLogins.SUPERUSER_PASSWORD_FILE)).trim();
      try (Connection admin = DriverManager.getConnection(url + "aloft", "postgres", superuserPassword)) {
        assertThat(strings(admin, "SELECT DISTINCT usename FROM pg_stat_activity"
            + " WHERE datname = 'aloft' AND pid <> pg_backend_pid()")).as("the server's sessions")
            .containsExactly("aloft");
        assertThat(strings(admin, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"))
            .containsExactly("aloft");
        assertThat(strings(admin, "SELECT datname FROM pg_database WHERE datname = 'postgres'")).hasSize(1);
      }
    }

    try (AloftServer again = AloftServer.start(config())) {
      TestServer client = TestServer.remote(again.baseUrl());
      TestServer.check(client.get("/v1/accounts/" + accountId, ADMIN_KEY), 200);
    }
  }

  private ServerConfig config() {
    return ServerConfig.defaults().withPort(0).withDataDirectory(data).withAdminKey(ADMIN_KEY)
        .withEmbeddedSettings(SharedPostgres.TEST_SETTINGS);
  }

  /** The port a running cluster listens on: the fourth line of its postmaster.pid. */
  private static int port(Path cluster) throws IOException {
    return Integer.parseInt(Files.readAllLines(cluster.resolve("postmaster.pid")).get(3).trim());
  }

  private static List<String> strings(Connection connection, String query) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rows = connection.createStatement().executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** A cluster as Aloft made them before password authentication: trust, superuser only. */
  private static final class LegacyCluster implements AutoCloseable {
    private final Path directory;
    private final Path bin;
    private final int port;

    private LegacyCluster(Path directory, Path bin, int port) {
      this.directory = directory;
      this.bin = bin;
      this.port = port;
    }

    static LegacyCluster start(Path directory) throws Exception {
      Path bin = PostgresBinaries.unpack(ServerConfig.defaults().binaryCache()).resolve("bin");
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      LegacyCluster cluster = new LegacyCluster(directory, bin, port);
      Files.createDirectories(directory, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      cluster.run(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", directory.toString(),
          "-E", "UTF-8", "--no-locale", "--no-instructions");
      cluster.run(bin.resolve("pg_ctl").toString(), "start", "-w", "-D", directory.toString(),
          "-l", directory.resolve("server.log").toString(), "-o", "-p " + port
              + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off");
      return cluster;
    }

    String trustUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    @Override
    public void close() throws Exception {
      run(bin.resolve("pg_ctl").toString(), "stop", "-m", "fast", "-w", "-D", directory.toString());
    }

    private void run(String... command) throws Exception {
      List<String> full = ProcessUser.isRoot() ? ProcessUser.inUserNamespace(List.of(command)) : List.of(command);
      Process process = new ProcessBuilder(full).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }
  }
}
