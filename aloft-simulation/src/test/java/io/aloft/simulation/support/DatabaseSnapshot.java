package io.aloft.simulation.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of every row of every table in the server's schema: two equal snapshots mean no
 * request in between changed any data. Flyway's own history table and the replay cache of
 * terminals' request nonces are left out.
 */
public record DatabaseSnapshot(Map<String, String> digestByTable) {
  public static DatabaseSnapshot take(String jdbcUrl) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
          + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history' "
          // A terminal's signed request uses up its nonce even when the endpoint then refuses it (else
          // the refused request could be replayed): authentication's bookkeeping, not data.
          + "AND table_name <> 'request_nonces' ORDER BY table_name")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      Map<String, String> digests = new TreeMap<>();
      for (String table : tables) {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
            + "ORDER BY t::text)), '') FROM \"" + table + "\" t")) {
          rows.next();
          digests.put(table, rows.getString(1));
        }
      }
      return new DatabaseSnapshot(digests);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot snapshot " + jdbcUrl, e);
    }
  }

  /** The tables whose rows differ from {@code before}'s. */
  public List<String> changedSince(DatabaseSnapshot before) {
    List<String> changed = new ArrayList<>();
    digestByTable.forEach((table, digest) -> {
      if (!digest.equals(before.digestByTable.get(table))) {
        changed.add(table + " (" + before.digestByTable.get(table) + " -> " + digest + ")");
      }
    });
    return changed;
  }
}
