package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.money.CurrencyUnit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A case's evidence decoded for people with the protocol's own decoders: the upload that raised
 * it, every acceptance added to it ({@code case_evidence}), and for a case about one payment the
 * acceptances that settled under its counter; each matched with the payment row it settled as.
 * Settlement stored these bytes after decoding them, so bytes that no longer decode are a broken
 * invariant.
 */
final class CaseEvidence {
  /** Acceptances and notes read for one case at most; a credential holds far fewer. */
  static final int MAX_ACCEPTANCES = 500;

  private CaseEvidence() {}

  /** A settled acceptance the case covers: the payment row's amounts and its own bytes. */
  record SettledRow(ResolutionRules.Covered covered, long feeMinor, CurrencyUnit payerCurrency, Instant settledAt,
      String fundedBy, Bytes authorization, Bytes request, Bytes receipt) {
    CaseFile.Settled view() {
      return new CaseFile.Settled(fundedBy, covered.chargedMinor(), covered.chargedCurrency().code(), feeMinor,
          covered.payerChargedMinor(), payerCurrency.code(), covered.shortfallMinor(), covered.refundedMinor(),
          settledAt.toString());
    }
  }

  static List<SettledRow> settled(Connection connection, CaseResolutions.Head head) throws SQLException {
    List<SettledRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT counter, terminal_id, content_digest, funded_by, charged_minor, refunded_minor, charged_currency,"
            + " payer_charged_minor, payer_refunded_minor, shortfall_minor, fee_minor, payer_currency, settled_at,"
            + " authorization_bytes, request_bytes, receipt_bytes FROM payments"
            + " WHERE serial = ? AND (? OR counter = ?) ORDER BY counter, terminal_id LIMIT " + MAX_ACCEPTANCES)) {
      select.setBytes(1, head.serial().value().toByteArray());
      select.setBoolean(2, head.wholeCredential());
      select.setLong(3, head.counter());
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          String fundedBy = row.getString(4);
          ResolutionRules.Covered covered = new ResolutionRules.Covered(row.getLong(1), row.getLong(2),
              Bytes.of(row.getBytes(3)).hex(), fundedBy.equals("payer"), row.getLong(5), row.getLong(6),
              CurrencyUnit.of(row.getString(7)), row.getLong(8), row.getLong(9), row.getLong(10));
          rows.add(new SettledRow(covered, row.getLong(11), CurrencyUnit.of(row.getString(12)),
              row.getTimestamp(13).toInstant(), fundedBy, Bytes.of(row.getBytes(14)), bytes(row.getBytes(15)),
              Bytes.of(row.getBytes(16))));
        }
      }
    }
    return rows;
  }

  /**
   * The acceptances side by side: the upload that raised the case (when it carries one), then
   * what was added to a double spend or replay case, or what settled under the payment's counter.
   */
  static List<CaseFile.Acceptance> acceptances(Connection connection, CaseResolutions.Head head,
      List<SettledRow> settled) throws SQLException {
    List<CaseFile.Acceptance> acceptances = new ArrayList<>();
    if (!head.authorization().isEmpty()) {
      acceptances.add(decode("upload", head.createdAt(), head.counter(), head.terminalId(), head.authorization(),
          head.request(), head.receipt(), settled));
    }
    if (head.kind() == CaseKind.DOUBLE_SPEND || head.kind() == CaseKind.REPLAY) {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT added_at, counter, terminal_id, authorization_bytes, request_bytes, receipt_bytes FROM case_evidence"
              + " WHERE case_id = ? ORDER BY added_at, counter, terminal_id LIMIT " + MAX_ACCEPTANCES)) {
        select.setLong(1, head.id());
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            long terminal = row.getLong(3);
            Long terminalId = row.wasNull() ? null : terminal;
            acceptances.add(decode("evidence", row.getTimestamp(1).toInstant(), row.getLong(2), terminalId,
                bytes(row.getBytes(4)), bytes(row.getBytes(5)), bytes(row.getBytes(6)), settled));
          }
        }
      }
    } else {
      for (SettledRow row : settled) {
        acceptances.add(decode("settled", row.settledAt(), row.covered().counter(), row.covered().terminalId(),
            row.authorization(), row.request(), row.receipt(), settled));
      }
    }
    return acceptances;
  }

  /** A refund conflict's notes: the one that raised it and the one settled with its sequence. */
  static List<CaseFile.Note> notes(Connection connection, CaseResolutions.Head head) throws SQLException {
    List<CaseFile.Note> notes = new ArrayList<>();
    if (head.kind() != CaseKind.REFUND_CONFLICT) {
      return notes;
    }
    if (!head.note().isEmpty()) {
      notes.add(note(head.note(), "upload"));
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT note_bytes FROM refunds WHERE serial = ? AND counter = ? AND refund_sequence = ?"
            + " ORDER BY terminal_id LIMIT " + MAX_ACCEPTANCES)) {
      select.setBytes(1, head.serial().value().toByteArray());
      select.setLong(2, head.counter());
      select.setLong(3, head.refundSequence());
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          notes.add(note(Bytes.of(row.getBytes(1)), "settled"));
        }
      }
    }
    return notes;
  }

  private static CaseFile.Note note(Bytes bytes, String source) {
    try {
      RefundNote note = RefundNote.decode(bytes.toByteArray());
      return new CaseFile.Note(note.refundSequence(), note.terminalId(), note.amount().amountMinor(),
          note.amount().currency().code(), note.time().toString(), source);
    } catch (DecodeException e) {
      throw new IllegalStateException("a stored refund note does not decode", e);
    }
  }

  private static CaseFile.Acceptance decode(String source, Instant addedAt, long counter, Long terminalId,
      Bytes authorizationBytes, Bytes requestBytes, Bytes receiptBytes, List<SettledRow> settled) {
    try {
      PaymentAuthorization authorization = PaymentAuthorization.decode(authorizationBytes.toByteArray());
      Optional<PaymentRequest> request = requestBytes.isEmpty() ? Optional.empty()
          : Optional.of(PaymentRequest.decode(requestBytes.toByteArray()));
      Optional<Receipt> receipt = receiptBytes.isEmpty() ? Optional.empty()
          : Optional.of(Receipt.decode(receiptBytes.toByteArray()));
      String digest = authorization.contentDigest().hex();
      Long terminal = receipt.map(r -> (Long) r.terminalId()).orElse(terminalId);
      Optional<CaseFile.Settled> settledAs = settled.stream()
          .filter(row -> row.covered().counter() == authorization.counter() && terminal != null
              && row.covered().terminalId() == terminal && row.covered().contentDigestHex().equals(digest))
          .findFirst().map(SettledRow::view);
      String signedCurrency = authorization.explicitCurrency()
          .or(() -> request.map(PaymentRequest::currency))
          .or(() -> receipt.map(r -> r.charged().currency()))
          .map(CurrencyUnit::code).orElse(null);
      return new CaseFile.Acceptance(source, addedAt.toString(), counter, terminal,
          authorization.kind().name().toLowerCase(Locale.ROOT), digest, authorization.cumulativeMinor(),
          authorization.amountMinor(), signedCurrency, authorization.time().toString(),
          request.map(r -> (Long) r.merchantId()).orElse(null), request.map(r -> (Long) r.terminalId()).orElse(null),
          request.map(CaseEvidence::items).orElse(List.of()),
          receipt.map(r -> (Long) r.charged().amountMinor()).orElse(null),
          receipt.map(r -> r.charged().currency().code()).orElse(null),
          receipt.map(r -> r.acceptedAt().toString()).orElse(null),
          receipt.map(r -> (Long) r.journalSequence()).orElse(null), settledAs.orElse(null));
    } catch (DecodeException e) {
      throw new IllegalStateException("stored case evidence does not decode", e);
    }
  }

  private static List<CaseFile.Item> items(PaymentRequest request) {
    List<CaseFile.Item> items = new ArrayList<>();
    for (LineItem item : request.items()) {
      items.add(new CaseFile.Item(item.name(), item.quantity(), item.unitPriceMinor(), item.lineTotalMinor()));
    }
    return items;
  }

  private static Bytes bytes(byte[] value) {
    return value == null ? Bytes.empty() : Bytes.of(value);
  }
}
