package io.aloft.wallet.store;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.money.Money;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Bills to rows and back. Reading back is a pair assertion: the stored columns must agree with
 * the authorization bytes they came from, and the rebuilt {@link Bill} re-checks its invariants;
 * a row that does not is corruption and throws IllegalStateException.
 */
final class BillRows {
  static final String COLUMNS = "serial, counter, kind, authorization, request, request_digest, merchant_name, "
      + "amount_minor, amount_currency, signed_charge_minor, charge_currency, issued_at, state, receipt, "
      + "settled_minor, settled_currency, outcome_detail";

  /** The bills and refunds tables of schema version 1 ({@link SqliteWalletStore#MIGRATIONS}). */
  static final String VERSION_1 = """
      CREATE TABLE IF NOT EXISTS bills (
        serial BLOB NOT NULL,
        counter INTEGER NOT NULL CHECK (counter >= 1),
        kind TEXT NOT NULL,
        authorization BLOB NOT NULL,
        request BLOB,
        request_digest BLOB UNIQUE,
        merchant_name TEXT,
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 1),
        amount_currency TEXT NOT NULL,
        signed_charge_minor INTEGER NOT NULL CHECK (signed_charge_minor >= 1),
        charge_currency TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        receipt BLOB,
        settled_minor INTEGER,
        settled_currency TEXT,
        outcome_detail TEXT,
        PRIMARY KEY (serial, counter)
      );
      CREATE INDEX IF NOT EXISTS bills_by_state ON bills (state, serial, counter);
      CREATE INDEX IF NOT EXISTS bills_by_time ON bills (issued_at);
      CREATE TABLE IF NOT EXISTS refunds (
        serial BLOB NOT NULL,
        counter INTEGER NOT NULL,
        refund_sequence INTEGER NOT NULL,
        note BLOB NOT NULL,
        PRIMARY KEY (serial, counter, refund_sequence),
        FOREIGN KEY (serial, counter) REFERENCES bills (serial, counter)
      );
      """;

  private BillRows() {}

  static void bindInsert(PreparedStatement insert, Bill bill) throws SQLException {
    PaymentAuthorization authorization = bill.authorization();
    insert.setBytes(1, authorization.serial().value().toByteArray());
    insert.setLong(2, authorization.counter());
    insert.setString(3, authorization.kind().name());
    insert.setBytes(4, authorization.encode());
    insert.setBytes(5, bill.request().map(PaymentRequest::encode).orElse(null));
    insert.setBytes(6, bill.request().map(PaymentRequest::digest).orElse(null));
    insert.setString(7, bill.merchantName().orElse(null));
    insert.setLong(8, bill.amount().amountMinor());
    insert.setString(9, bill.amount().currency().code());
    insert.setLong(10, bill.signedCharge().amountMinor());
    insert.setString(11, bill.signedCharge().currency().code());
    insert.setLong(12, bill.issuedAt().getEpochSecond());
    bindMutable(insert, 13, bill);
  }

  /** state, receipt, settled minor, settled currency, detail from {@code first} on. */
  static void bindMutable(PreparedStatement statement, int first, Bill bill) throws SQLException {
    statement.setString(first, bill.state().name());
    statement.setBytes(first + 1, bill.receipt().map(Receipt::encode).orElse(null));
    if (bill.settledCharge().isPresent()) {
      statement.setLong(first + 2, bill.settledCharge().get().amountMinor());
      statement.setString(first + 3, bill.settledCharge().get().currency().code());
    } else {
      statement.setNull(first + 2, Types.INTEGER);
      statement.setNull(first + 3, Types.VARCHAR);
    }
    statement.setString(first + 4, bill.outcomeDetail().orElse(null));
  }

  /** Reads the current row of {@code rows} (selected with {@link #COLUMNS}) with its refunds. */
  static Bill read(ResultSet rows, List<RefundNote> refunds) throws SQLException {
    PaymentId id = null;
    try {
      id = new PaymentId(new io.aloft.protocol.message.CredentialSerial(Bytes.of(rows.getBytes(1))), rows.getLong(2));
      PaymentAuthorization authorization = PaymentAuthorization.decode(rows.getBytes(4));
      if (!authorization.paymentId().equals(id) || authorization.kind() != AuthorizationKind.valueOf(rows.getString(3))) {
        throw new IllegalStateException("authorization " + authorization + " stored under " + id);
      }
      Optional<PaymentRequest> request = rows.getBytes(5) == null ? Optional.empty()
          : Optional.of(PaymentRequest.decode(rows.getBytes(5)));
      Optional<Receipt> receipt = rows.getBytes(14) == null ? Optional.empty()
          : Optional.of(Receipt.decode(rows.getBytes(14)));
      Optional<Money> settled = rows.getString(16) == null ? Optional.empty()
          : Optional.of(Money.of(rows.getLong(15), rows.getString(16)));
      return new Bill(authorization, request, Optional.ofNullable(rows.getString(7)),
          Money.of(rows.getLong(8), rows.getString(9)), Money.of(rows.getLong(10), rows.getString(11)),
          Instant.ofEpochSecond(rows.getLong(12)), BillState.valueOf(rows.getString(13)), receipt, refunds,
          settled, Optional.ofNullable(rows.getString(17)));
    } catch (DecodeException | IllegalArgumentException e) {
      throw new IllegalStateException("bill " + id + " is corrupt in storage: " + e.getMessage(), e);
    }
  }

  static RefundNote readRefund(byte[] encoded) {
    try {
      return RefundNote.decode(encoded);
    } catch (DecodeException e) {
      throw new IllegalStateException("a stored refund note is corrupt: " + e.getMessage(), e);
    }
  }
}
