package io.aloft.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.server.SharedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A local user on the server host tries to get into the embedded PostgreSQL: without the
 * password, with a wrong one, and with the application role's own password to do what only a
 * superuser may (read server files, run programs, create roles). Each attempt is refused.
 */
class EmbeddedPostgresAccessTest {
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final String INVALID_PASSWORD = "28P01";
  /** pgjdbc's "the server requested password-based authentication, but no password was provided". */
  private static final String NO_PASSWORD_GIVEN = "08004";

  private final EmbeddedPostgres postgres = SharedPostgres.instance();

  @Test
  void aConnectionWithoutPassword_isRefused() {
    for (String user : List.of("postgres", "aloft")) {
      assertThatThrownBy(() -> connect(EmbeddedPostgres.APPLICATION_DATABASE, user, null).close())
          .as(user).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(NO_PASSWORD_GIVEN));
    }
  }

  @Test
  void aWrongPassword_isRefused() {
    for (String user : List.of("postgres", "aloft")) {
      assertThatThrownBy(() -> connect("postgres", user, "0".repeat(64)).close())
          .as(user).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(INVALID_PASSWORD));
    }
  }

  @Test
  void theApplicationRole_isNoSuperuser_andOwnsItsDatabase() throws SQLException {
    try (Connection connection = DriverManager.getConnection(SharedPostgres.freshDatabase());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_user, rolsuper, rolcreaterole, rolcreatedb,"
            + " pg_get_userbyid(d.datdba) FROM pg_roles r, pg_database d"
            + " WHERE r.rolname = current_user AND d.datname = current_database()")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("aloft");
      assertThat(row.getBoolean(2)).as("superuser").isFalse();
      assertThat(row.getBoolean(3)).as("create role").isFalse();
      assertThat(row.getBoolean(4)).as("create database").isFalse();
      assertThat(row.getString(5)).as("database owner").isEqualTo("aloft");
    }
  }

  @Test
  void theApplicationRole_cannotReadServerFiles_runPrograms_orCreateRoles() throws SQLException {
    try (Connection connection = DriverManager.getConnection(SharedPostgres.freshDatabase());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE loot (line text)");
      for (String attack : List.of(
          "SELECT pg_read_file('PG_VERSION')",
          "SELECT pg_read_file('" + EmbeddedLogins.SUPERUSER_PASSWORD_FILE + "')",
          "SELECT pg_read_binary_file('global/pg_control')",
          "SELECT pg_ls_dir('.')",
          "COPY loot FROM '/etc/hostname'",
          "COPY loot FROM PROGRAM 'id'",
          "COPY (SELECT 1) TO PROGRAM 'touch /tmp/aloft-owned'",
          "COPY (SELECT 1) TO '/tmp/aloft-owned'",
          "CREATE ROLE intruder LOGIN SUPERUSER PASSWORD 'x'",
          "CREATE ROLE intruder",
          "ALTER ROLE aloft SUPERUSER",
          "CREATE DATABASE intruder",
          "ALTER SYSTEM SET listen_addresses = '*'",
          "SET ROLE postgres")) {
        assertThatThrownBy(() -> statement.execute(attack)).as(attack).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(attack).isEqualTo(INSUFFICIENT_PRIVILEGE));
      }
    }
    assertThat(Path.of("/tmp/aloft-owned")).doesNotExist();
  }

  @Test
  void theServerListensOnLoopbackOnly_withPasswordAuthenticationOnly() throws Exception {
    try (Connection connection = connect("postgres", "postgres", postgres.superuser().password());
        Statement statement = connection.createStatement()) {
      assertThat(show(statement, "listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(show(statement, "unix_socket_directories")).isEmpty();
      assertThat(show(statement, "password_encryption")).isEqualTo("scram-sha-256");
    }
    List<String> rules = Files.readAllLines(dataDirectory().resolve("pg_hba.conf")).stream()
        .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    assertThat(rules).containsExactly("host all all 127.0.0.1/32 scram-sha-256");
  }

  @Test
  void thePasswordFiles_areReadableOnlyByTheOwner_inAFolderOnlyTheOwnerCanOpen() throws Exception {
    Path data = dataDirectory();
    assertThat(mode(data)).isEqualTo("rwx------");
    for (String name : List.of(EmbeddedLogins.SUPERUSER_PASSWORD_FILE, EmbeddedLogins.APPLICATION_PASSWORD_FILE)) {
      assertThat(mode(data.resolve(name))).as(name).isEqualTo("rw-------");
    }
    assertThat(Files.readString(data.resolve(EmbeddedLogins.APPLICATION_PASSWORD_FILE)).trim())
        .isEqualTo(postgres.application().password());
  }

  private Path dataDirectory() throws SQLException {
    try (Connection connection = connect("postgres", "postgres", postgres.superuser().password());
        ResultSet row = connection.createStatement().executeQuery("SHOW data_directory")) {
      row.next();
      return Path.of(row.getString(1));
    }
  }

  private Connection connect(String database, String user, String password) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", user);
    if (password != null) {
      login.setProperty("password", password);
    }
    return DriverManager.getConnection(postgres.jdbcUrl(database), login);
  }

  private static String show(Statement statement, String setting) throws SQLException {
    try (ResultSet row = statement.executeQuery("SHOW " + setting)) {
      row.next();
      return row.getString(1);
    }
  }

  static String mode(Path path) throws java.io.IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
