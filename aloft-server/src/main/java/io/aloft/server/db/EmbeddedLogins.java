package io.aloft.server.db;

import io.aloft.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.postgresql.util.PasswordUtil;

/**
 * Who may log in to the embedded PostgreSQL, and with what.
 *
 * <ul>
 *   <li>Only loopback TCP with a SCRAM-SHA-256 password: {@code pg_hba.conf} holds that one rule,
 *       rewritten at every start, so a cluster made with trust authentication is upgraded.
 *   <li>Two roles, each with a random password in a mode 600 file inside the cluster's own folder
 *       (mode 700): the superuser {@code postgres}, used only to set up roles and databases, and
 *       {@code aloft}, which owns the {@code aloft} database and its schema and is no superuser.
 *       The Aloft server connects as {@code aloft} only, so SQL run through it cannot read server
 *       files, start programs or create roles.
 *   <li>Passwords travel to PostgreSQL as SCRAM verifiers computed here, never as text, so neither
 *       a statement log nor an error message can show one.
 * </ul>
 */
final class EmbeddedLogins {
  static final String SUPERUSER = "postgres";
  static final String APPLICATION_ROLE = "aloft";
  static final String APPLICATION_DATABASE = "aloft";
  static final String SUPERUSER_PASSWORD_FILE = "aloft-superuser.password";
  static final String APPLICATION_PASSWORD_FILE = "aloft-application.password";
  /** The one client authentication rule. Nothing listens on a Unix socket or a non-loopback address. */
  static final String HBA_RULE = "host all all 127.0.0.1/32 scram-sha-256";
  /** 32 random bytes in hex: no quoting needed anywhere, and more than any guessing can reach. */
  private static final Pattern PASSWORD = Pattern.compile("[0-9a-f]{64}");
  /** What the application role may not do, stated at every start so an old role is corrected. */
  private static final String APPLICATION_ATTRIBUTES =
      "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT";

  private EmbeddedLogins() {}

  static String newPassword(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The password kept in {@code file}, if there is one. */
  static Optional<String> readPassword(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
    if (!PASSWORD.matcher(password).matches()) {
      throw new IOException(file + " must hold a password of 64 lowercase hex digits; delete it to have a new one set");
    }
    PrivateFiles.file(file);
    return Optional.of(password);
  }

  static void writePassword(Path file, String password) throws IOException {
    PrivateFiles.write(file, (password + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code ALTER ROLE … PASSWORD} with a SCRAM-SHA-256 verifier of {@code password}. */
  static String setPasswordSql(String role, String password) {
    return "ALTER ROLE " + role + " PASSWORD '" + PasswordUtil.encodeScramSha256(password.toCharArray()) + "'";
  }

  static void writeHba(Path dataDirectory) throws IOException {
    PrivateFiles.write(dataDirectory.resolve("pg_hba.conf"), ("# Written by Aloft at every start: loopback TCP"
        + " with a SCRAM password only.\n" + HBA_RULE + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Makes the application role, with the password in its file (created when missing), the owner
   * of the application database and of every table in it. A cluster from before these roles kept
   * Aloft's schema in the {@code postgres} database as the superuser's: that database is renamed
   * and handed over, and an empty {@code postgres} is made in its place.
   *
   * @param url a JDBC URL of this cluster without the database name, ending in {@code /}
   */
  static String prepareApplication(String url, String superuserPassword, Path dataDirectory, SecureRandom random)
      throws IOException, SQLException {
    Path file = dataDirectory.resolve(APPLICATION_PASSWORD_FILE);
    String password = readPassword(file).orElse(null);
    if (password == null) {
      password = newPassword(random);
      writePassword(file, password);
    }
    try (Connection admin = DriverManager.getConnection(url + "template1", SUPERUSER, superuserPassword);
        Statement statement = admin.createStatement()) {
      if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", APPLICATION_ROLE)) {
        statement.execute("CREATE ROLE " + APPLICATION_ROLE);
      }
      statement.execute("ALTER ROLE " + APPLICATION_ROLE + " " + APPLICATION_ATTRIBUTES);
      statement.execute(setPasswordSql(APPLICATION_ROLE, password));
      if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", APPLICATION_DATABASE)) {
        createApplicationDatabase(statement, url, superuserPassword);
      }
      statement.execute("ALTER DATABASE " + APPLICATION_DATABASE + " OWNER TO " + APPLICATION_ROLE);
    }
    try (Connection admin = DriverManager.getConnection(url + APPLICATION_DATABASE, SUPERUSER, superuserPassword);
        Statement statement = admin.createStatement()) {
      statement.execute(HAND_OVER_TABLES);
    }
    return password;
  }

  private static void createApplicationDatabase(Statement statement, String url, String superuserPassword)
      throws SQLException {
    boolean legacy;
    try (Connection old = DriverManager.getConnection(url + "postgres", SUPERUSER, superuserPassword);
        ResultSet row = old.createStatement().executeQuery(
            "SELECT to_regclass('public.flyway_schema_history') IS NOT NULL")) {
      legacy = row.next() && row.getBoolean(1);
    }
    if (legacy) {
      statement.execute("ALTER DATABASE postgres RENAME TO " + APPLICATION_DATABASE);
      statement.execute("CREATE DATABASE postgres");
    } else {
      statement.execute("CREATE DATABASE " + APPLICATION_DATABASE + " OWNER " + APPLICATION_ROLE);
    }
  }

  /**
   * Gives the application role every table, view and free-standing sequence of the public schema
   * that another role owns (a sequence of a serial or identity column follows its table).
   */
  private static final String HAND_OVER_TABLES = """
      DO $$
      DECLARE
        object record;
      BEGIN
        FOR object IN
          SELECT c.oid::regclass AS name,
                 CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
            AND c.relowner <> 'aloft'::regrole
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                            AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
        LOOP
          EXECUTE format('ALTER %s %s OWNER TO aloft', object.kind, object.name);
        END LOOP;
      END
      $$""";

  private static boolean exists(Connection connection, String query, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }
}
