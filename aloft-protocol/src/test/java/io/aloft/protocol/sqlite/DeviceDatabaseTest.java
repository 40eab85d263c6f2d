package io.aloft.protocol.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device database opens durable, private and at the latest schema, or fails with a StorageException. */
class DeviceDatabaseTest {
  @TempDir Path dir;

  private static final SchemaMigrations NOTES = new SchemaMigrations("notes database",
      List.of(SchemaMigrationsTest.CREATE_NOTES, SchemaMigrationsTest.ADD_AUTHOR));

  @Test
  void open_setsTheDurabilitySettings_andMigrates() throws Exception {
    try (Connection connection = DeviceDatabase.open(dir.resolve("notes.db"), NOTES)) {
      assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(connection, "synchronous")).isEqualTo("2");
      assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(connection, "busy_timeout")).isEqualTo(String.valueOf(DeviceDatabase.BUSY_TIMEOUT_MS));
      assertThat(pragma(connection, "user_version")).isEqualTo("2");
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  @Test
  void aTransactionTheDriverBegins_takesTheWriteLockAtOnce() throws Exception {
    Path file = dir.resolve("notes.db");
    try (Connection writer = DeviceDatabase.open(file, NOTES);
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      writer.setAutoCommit(false);
      pragma(writer, "user_version");
      try (Statement statement = other.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 0");
        assertThatThrownBy(() -> statement.execute("BEGIN IMMEDIATE")).isInstanceOf(SQLException.class)
            .hasMessageContaining("locked");
      }
      writer.commit();
    }
  }

  @Test
  void open_ofAFileThatIsNotADatabase_isAStorageException() throws Exception {
    Path garbage = dir.resolve("garbage.db");
    Files.write(garbage, new byte[4096]);
    Files.writeString(garbage, "this is not an SQLite database, it is plain text padding the first page...");
    assertThatThrownBy(() -> DeviceDatabase.open(garbage, NOTES))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("notes database");
  }

  @Test
  void open_whereNoFileCanBeMade_isAStorageException() {
    Path missingFolder = dir.resolve("no-such-folder").resolve("notes.db");
    assertThatThrownBy(() -> DeviceDatabase.open(missingFolder, NOTES)).isInstanceOf(StorageException.class)
        .hasMessageContaining("notes database");
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA " + name)) {
      return row.next() ? row.getString(1) : null;
    }
  }
}
