package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.enrolment.Enrolments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a wallet learns when it asks about its payments by id: settled (with the charge), a
 * terminal's rejection, or still pending. Only the asking account's credentials count; a payment
 * of anyone else is indistinguishable from one nobody uploaded (PENDING). An id does not name
 * content, so an id two different payments used (a cloned wallet) is answered CONFLICT, never
 * SETTLED: the upload of the bill itself ({@code POST /v1/wallet/bills}) is the content-aware answer.
 */
final class Outcomes {
  private Outcomes() {}

  static List<Result> of(Connection connection, long accountId, List<PaymentId> ids) throws SQLException {
    Map<PaymentId, Result> known = new HashMap<>();
    Set<CredentialSerial> held = Enrolments.heldBy(connection, accountId,
        ids.stream().map(PaymentId::serial).collect(Collectors.toSet()));
    List<PaymentId> own = ids.stream().filter(id -> held.contains(id.serial())).toList();
    if (!own.isEmpty()) {
      readRejections(connection, own, known);
      readSettled(connection, own, known);
    }
    List<Result> results = new ArrayList<>(ids.size());
    for (PaymentId id : ids) {
      Result result = known.get(id);
      results.add(result != null ? result : new Result(SettlementReport.EntryKind.PAYMENT, 0,
          Optional.of(id), 0, SettlementOutcome.PENDING, Optional.empty(), "not settled yet", Optional.empty()));
    }
    return results;
  }

  private static PreparedStatement select(Connection connection, String sql, List<PaymentId> ids)
      throws SQLException {
    return select(connection, sql, ids, "");
  }

  /** The rows of {@code ids}, which are all of the asking account's credentials. */
  private static PreparedStatement select(Connection connection, String sql, List<PaymentId> ids, String condition)
      throws SQLException {
    PreparedStatement select = connection.prepareStatement(sql
        + " JOIN unnest(?::bytea[], ?::bigint[]) AS q(serial, counter) ON q.serial = x.serial AND q.counter = x.counter"
        + condition);
    byte[][] serials = new byte[ids.size()][];
    Long[] counters = new Long[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      serials[i] = ids.get(i).serial().value().toByteArray();
      counters[i] = ids.get(i).counter();
    }
    select.setArray(1, connection.createArrayOf("bytea", serials));
    select.setArray(2, connection.createArrayOf("bigint", counters));
    return select;
  }

  private static PaymentId id(ResultSet row) throws SQLException {
    return new PaymentId(new CredentialSerial(Bytes.of(row.getBytes(1))), row.getLong(2));
  }

  private static void readRejections(Connection connection, List<PaymentId> ids,
      Map<PaymentId, Result> known) throws SQLException {
    try (PreparedStatement select = select(connection,
        "SELECT x.serial, x.counter, x.reason, x.detail FROM rejections x", ids);
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        PaymentId id = id(row);
        known.put(id, new Result(SettlementReport.EntryKind.PAYMENT, 0, Optional.of(id), 0,
            SettlementOutcome.REJECTED, Optional.of(Reason.valueOf(row.getString(3))), row.getString(4),
            Optional.empty()));
      }
    }
  }

  /**
   * Settled acceptances of the ids. One authorization (accepted by one terminal or several) is
   * SETTLED with the charge the payer pays; two different contents under one id are CONFLICT: an
   * id names no content, so only an upload of the bill can tell which is the asker's.
   */
  private static void readSettled(Connection connection, List<PaymentId> ids,
      Map<PaymentId, Result> known) throws SQLException {
    Map<PaymentId, List<Bytes>> contents = new HashMap<>();
    try (PreparedStatement select = select(connection,
        "SELECT x.serial, x.counter, x.charged_minor, x.charged_currency, x.refunded_minor, x.content_digest,"
            + " x.funded_by = 'payer' FROM payments x", ids, " ORDER BY x.funded_by = 'payer'");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        PaymentId id = id(row);
        Money charged = Money.of(row.getLong(3), CurrencyUnit.of(row.getString(4)));
        Bytes content = Bytes.of(row.getBytes(6));
        List<Bytes> seen = contents.computeIfAbsent(id, i -> new ArrayList<>());
        if (!seen.contains(content)) {
          seen.add(content);
        }
        if (seen.size() > 1) {
          known.put(id, new Result(SettlementReport.EntryKind.PAYMENT, 0, Optional.of(id), 0, SettlementOutcome.CONFLICT,
              Optional.empty(), "two different payments used this counter, and each was settled;"
                  + " upload the bill to learn which is yours", Optional.empty()));
          continue;
        }
        known.put(id, new Result(SettlementReport.EntryKind.PAYMENT, 0, Optional.of(id), 0, SettlementOutcome.SETTLED,
            Optional.empty(), row.getLong(5) > 0 ? "settled; " + row.getLong(5) + " refunded" : "settled",
            Optional.of(charged)));
      }
    }
  }
}
