package io.aloft.protocol.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationsTest {
  @TempDir Path dir;

  static final SchemaMigrations.Step CREATE_NOTES = SchemaMigrations.sql(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  static final SchemaMigrations.Step ADD_AUTHOR = SchemaMigrations.sql(
      "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'crew'",
      "CREATE INDEX notes_by_author ON notes (author)");
  static final SchemaMigrations.Step ADD_TAGS = SchemaMigrations.sql("CREATE TABLE tags (name TEXT PRIMARY KEY)");

  Connection open(String name) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
  }

  static int version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return SchemaMigrations.userVersion(statement);
    }
  }

  static List<String> tables(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  @Test
  void aNewFile_getsEveryStep_andTheLatestVersion() throws Exception {
    try (Connection connection = open("new.db")) {
      int found = new SchemaMigrations("notes file", List.of(CREATE_NOTES, ADD_AUTHOR, ADD_TAGS)).migrate(connection);
      assertThat(found).isZero();
      assertThat(version(connection)).isEqualTo(3);
      assertThat(tables(connection)).containsExactly("notes", "tags");
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  @Test
  void anOlderFile_getsOnlyTheStepsItLacks_andKeepsItsRows() throws Exception {
    try (Connection connection = open("old.db")) {
      new SchemaMigrations("notes file", List.of(CREATE_NOTES)).migrate(connection);
      try (Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO notes (text) VALUES ('tea for 14C')");
      }
      int found = new SchemaMigrations("notes file", List.of(CREATE_NOTES, ADD_AUTHOR)).migrate(connection);
      assertThat(found).isEqualTo(1);
      assertThat(version(connection)).isEqualTo(2);
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT text, author FROM notes")) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).isEqualTo("tea for 14C");
        assertThat(row.getString(2)).isEqualTo("crew");
      }
      // At the latest version, opening again changes nothing.
      assertThat(new SchemaMigrations("notes file", List.of(CREATE_NOTES, ADD_AUTHOR)).migrate(connection)).isEqualTo(2);
    }
  }

  @Test
  void aNewerFile_isRefused_andLeftAsItWas() throws Exception {
    try (Connection connection = open("newer.db")) {
      new SchemaMigrations("notes file", List.of(CREATE_NOTES, ADD_AUTHOR, ADD_TAGS)).migrate(connection);
      assertThatThrownBy(() -> new SchemaMigrations("notes file", List.of(CREATE_NOTES, ADD_AUTHOR)).migrate(connection))
          .isInstanceOfSatisfying(SchemaTooNewException.class, e -> {
            assertThat(e.database()).isEqualTo("notes file");
            assertThat(e.foundVersion()).isEqualTo(3);
            assertThat(e.supportedVersion()).isEqualTo(2);
          })
          .hasMessage("notes file has schema version 3, but this version of the app reads versions up to 2: "
              + "open it with a newer version");
      assertThat(version(connection)).isEqualTo(3);
      assertThat(tables(connection)).containsExactly("notes", "tags");
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  @Test
  void aFailingStep_leavesTheFileAsItWas() throws Exception {
    SchemaMigrations.Step failing = SchemaMigrations.sql("CREATE TABLE half (id INTEGER)", "NOT SQL AT ALL");
    try (Connection connection = open("failing.db")) {
      new SchemaMigrations("notes file", List.of(CREATE_NOTES)).migrate(connection);
      assertThatThrownBy(() -> new SchemaMigrations("notes file", List.of(CREATE_NOTES, ADD_AUTHOR, failing))
          .migrate(connection)).isInstanceOf(SQLException.class);
      assertThat(version(connection)).isEqualTo(1);
      assertThat(tables(connection)).containsExactly("notes");
      try (Statement statement = connection.createStatement();
          ResultSet columns = statement.executeQuery("SELECT COUNT(*) FROM pragma_table_info('notes')")) {
        assertThat(columns.next()).isTrue();
        assertThat(columns.getInt(1)).as("no author column").isEqualTo(2);
      }
    }
  }

  @Test
  void aNegativeVersion_isRefused() throws Exception {
    try (Connection connection = open("negative.db")) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA user_version = -1");
      }
      assertThatThrownBy(() -> new SchemaMigrations("notes file", List.of(CREATE_NOTES)).migrate(connection))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema version -1");
      assertThat(tables(connection)).isEmpty();
    }
  }

  @Test
  void aConnectionInsideATransaction_isACallerBug() throws Exception {
    try (Connection connection = open("tx.db")) {
      connection.setAutoCommit(false);
      assertThatThrownBy(() -> new SchemaMigrations("notes file", List.of(CREATE_NOTES)).migrate(connection))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new SchemaMigrations("notes file", List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
