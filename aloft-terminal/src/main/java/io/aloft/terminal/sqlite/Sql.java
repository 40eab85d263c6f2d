package io.aloft.terminal.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** JDBC callbacks shared by the SQLite stores. */
final class Sql {
  private Sql() {}

  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  interface Mapper<T> {
    T map(ResultSet row) throws SQLException;
  }
}
