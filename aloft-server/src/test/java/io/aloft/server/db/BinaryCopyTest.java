package io.aloft.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.server.SharedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What BinaryCopy writes is what PostgreSQL reads back, and it fails exactly where INSERT would. */
class BinaryCopyTest {
  private static Connection connection;

  @BeforeAll
  static void open() throws SQLException {
    connection = DriverManager.getConnection(SharedPostgres.freshDatabase());
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz NOT NULL, code char(3) NOT NULL,"
          + " label text, data bytea, amount bigint CHECK (amount <> 0))");
    }
    connection.setAutoCommit(false);
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    connection.rollback();
    try (Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE t");
    }
    connection.commit();
  }

  private static BinaryCopy copy(int rows) {
    return new BinaryCopy("t", "id, at, code, label, data, amount", rows);
  }

  @Test
  void rows_readBackValueForValue_includingInstantsBeforeAndAfterPostgresEpoch_nullsAndUtf8() throws SQLException {
    Instant recent = Instant.parse("2026-11-28T03:46:20.123456Z");
    Instant old = Instant.parse("1999-12-31T23:59:59.999999Z");
    BinaryCopy copy = copy(2);
    copy.row().add(1).add(recent).add("CNY").add("Spring Airlines 航班").add(new byte[] {0, 1, (byte) 0xff})
        .add(-4_200);
    copy.row().add(Long.MAX_VALUE).add(old).add("EUR").addNull().add((byte[]) null).add(Long.MIN_VALUE);

    assertThat(copy.execute(connection)).isEqualTo(2);

    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT id, at, code, label, data, amount FROM t ORDER BY id")) {
      while (row.next()) {
        rows.add(row.getLong(1) + " " + row.getTimestamp(2).toInstant() + " " + row.getString(3) + " "
            + row.getString(4) + " " + (row.getBytes(5) == null ? "null" : java.util.HexFormat.of().formatHex(
            row.getBytes(5))) + " " + row.getLong(6));
      }
    }
    assertThat(rows).containsExactly(
        "1 2026-11-28T03:46:20.123456Z CNY Spring Airlines 航班 0001ff -4200",
        Long.MAX_VALUE + " 1999-12-31T23:59:59.999999Z EUR null null " + Long.MIN_VALUE);
  }

  @Test
  void aDuplicateKeyOrABrokenCheck_failsTheCopy_likeAnInsert() throws SQLException {
    BinaryCopy duplicate = copy(2);
    duplicate.row().add(7).add(Instant.EPOCH).add("CNY").addNull().addNull().add(1);
    duplicate.row().add(7).add(Instant.EPOCH).add("CNY").addNull().addNull().add(2);
    assertThatThrownBy(() -> duplicate.execute(connection)).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
    connection.rollback();

    BinaryCopy zero = copy(1);
    zero.row().add(8).add(Instant.EPOCH).add("CNY").addNull().addNull().add(0);
    assertThatThrownBy(() -> zero.execute(connection)).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
    connection.rollback();
  }

  @Test
  void aRowWithTooFewOrTooManyValues_isRefusedBeforeAnythingIsSent() {
    BinaryCopy short1 = copy(2);
    short1.row().add(1).add(Instant.EPOCH);
    assertThatThrownBy(short1::row).isInstanceOf(IllegalStateException.class).hasMessageContaining("2 of 6");

    BinaryCopy long1 = copy(1);
    long1.row().add(1).add(Instant.EPOCH).add("CNY").addNull().addNull().add(1);
    assertThatThrownBy(() -> long1.add(2)).isInstanceOf(IllegalStateException.class);

    assertThatThrownBy(() -> copy(1).add(1)).as("a value before any row").isInstanceOf(IllegalStateException.class);
  }

  @Test
  void noRows_sendNothing() throws SQLException {
    assertThat(copy(0).execute(connection)).isZero();
  }
}
