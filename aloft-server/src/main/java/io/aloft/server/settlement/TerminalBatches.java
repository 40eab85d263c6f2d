package io.aloft.server.settlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** What other contexts read of the terminal batches settlement received, in the caller's transaction. */
public final class TerminalBatches {
  private TerminalBatches() {}

  /**
   * When each of these terminals last uploaded a batch (its newest received batch); terminals that
   * never uploaded are absent.
   */
  public static Map<Long, Instant> lastReceived(Connection connection, Collection<Long> terminalIds)
      throws SQLException {
    Map<Long, Instant> uploads = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT terminal_id, max(received_at)"
        + " FROM terminal_batches WHERE terminal_id = ANY(?) GROUP BY terminal_id")) {
      select.setArray(1, connection.createArrayOf("bigint", terminalIds.toArray()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          uploads.put(row.getLong(1), row.getTimestamp(2).toInstant());
        }
      }
    }
    return uploads;
  }
}
