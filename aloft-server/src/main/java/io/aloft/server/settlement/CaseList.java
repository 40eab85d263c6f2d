package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.server.db.Conditions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The cases other contexts list and count (reports, the console), read in the caller's transaction. */
public final class CaseList {
  private CaseList() {}

  /**
   * Cases of a flight and of an airline when given, with an id below {@code idBelow} when given,
   * by id ({@code newestFirst}: descending), at most {@code limit}. Only the conditions asked for
   * go into the query, so that the index on (airline_id, id) serves a seek.
   */
  public static List<CaseRow> cases(Connection connection, Optional<Long> flightId, Optional<Long> airlineId,
      Optional<Long> idBelow, boolean newestFirst, int limit) throws SQLException {
    Conditions where = new Conditions().and("flight_id = ?", flightId).and("airline_id = ?", airlineId)
        .and("id < ?", idBelow);
    List<CaseRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT serial, counter, id, kind, status, refund_sequence, flight_id, terminal_id, detail, created_at,"
            + " authorization_bytes, request_bytes, receipt_bytes, note_bytes,"
            + " (SELECT count(*) FROM case_evidence e WHERE e.case_id = cases.id) FROM cases" + where.where()
            + " ORDER BY " + (newestFirst ? "id DESC" : "id") + " LIMIT " + limit)) {
      where.bind(select);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          long terminal = row.getLong(8);
          Long terminalId = row.wasNull() ? null : terminal;
          String paymentId = row.getLong(2) == 0 ? HexFormat.of().formatHex(row.getBytes(1))
              : new PaymentId(new CredentialSerial(Bytes.of(row.getBytes(1))), row.getLong(2)).toString();
          rows.add(new CaseRow(row.getLong(3), row.getString(4), row.getString(5), paymentId, row.getLong(6),
              row.getLong(7), terminalId, row.getString(9),
              row.getTimestamp(10).toInstant().toString(), base64(row.getBytes(11)), base64(row.getBytes(12)),
              base64(row.getBytes(13)), base64(row.getBytes(14)), row.getLong(15)));
        }
      }
    }
    return rows;
  }

  /** How many cases are open, of one airline or of all. */
  public static long openCount(Connection connection, Optional<Long> airlineId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM cases WHERE status = 'open'"
        + (airlineId.isPresent() ? " AND airline_id = ?" : ""))) {
      if (airlineId.isPresent()) {
        select.setLong(1, airlineId.get());
      }
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }
}
