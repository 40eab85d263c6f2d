package io.aloft.server.report;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.server.airline.Airlines;
import io.aloft.server.airline.Flight;
import io.aloft.server.db.Database;
import io.aloft.server.ledger.MerchantAccounts;
import io.aloft.server.settlement.CaseList;
import io.aloft.server.settlement.CaseRow;
import io.aloft.server.settlement.TerminalBatches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Merchant reports, read from what settlement, enrolment and airline publish (the views
 * {@code settled_payments}, {@code settled_refunds}, {@code unsettled_rejections},
 * {@code issued_credentials}, {@code scheduled_flights}) and through their stores: per flight (totals and every payment with its
 * outcome and settled time) and per airline (totals per flight and overall, reconciled against the
 * airline's merchant ledger account). Net payable = sales − refunds − fees, per currency.
 */
public final class SettlementReports {
  /** Rows listed per report section; totals always cover everything. */
  public static final int MAX_ROWS = 5000;

  private final Database database;

  public SettlementReports(Database database) {
    this.database = database;
  }

  public record Totals(String currency, long salesMinor, long refundsMinor, long feesMinor, long netPayableMinor,
      long payments, long refunds) {}

  public record PaymentRow(String paymentId, long terminalId, String kind, String outcome, long chargedMinor,
      String currency, long feeMinor, long refundedMinor, String acceptedAt, String settledAt, String source) {}

  public record RejectionRow(String paymentId, long terminalId, String outcome, String reason, String detail,
      String rejectedAt) {}

  public record FlightReport(long flightId, long airlineId, List<Totals> totals, List<PaymentRow> payments,
      List<RejectionRow> rejections, List<CaseRow> cases, boolean truncated) {}

  public record FlightTotals(long flightId, List<Totals> totals) {}

  /**
   * {@code merchantLedgerBalanceMinor}: what the airline's merchant ledger account says the provider
   * owes it, per currency: net payable less what was paid out (docs/settlement.md, "Payouts").
   */
  public record LedgerBalance(String currency, long merchantLedgerBalanceMinor) {}

  public record AirlineReport(long airlineId, List<Totals> totals, List<FlightTotals> flights,
      List<LedgerBalance> ledger, boolean truncated) {}

  /** Most rows one page of an account's payments or credentials holds. */
  public static final int MAX_ACCOUNT_PAGE = 100;

  /**
   * One payment an account's credential made, as settled: what the merchant charged (in its
   * currency) and what the payer was charged (in the account's), the part their balance did not
   * cover, and who funded it ({@code payer}, or {@code guarantee} for a double spend the provider
   * covered).
   */
  public record AccountPayment(String paymentId, PaymentCursor cursor, long flightId, String flightCode,
      LocalDate flightDate, long terminalId, String kind, long chargedMinor, String chargedCurrency,
      long payerChargedMinor, String payerCurrency, long shortfallMinor, long payerRefundedMinor, String fundedBy,
      Instant settledAt) {}

  /** Where a page of an account's payments ends: the last payment's serial, counter and terminal. */
  public record PaymentCursor(String serialHex, long counter, long terminalId) {
    private static final java.util.regex.Pattern TEXT =
        java.util.regex.Pattern.compile("([0-9a-f]{2,128})\\.(\\d{1,18})\\.(\\d{1,18})");

    /** The cursor a page link carries, or empty for anything that is not one. */
    public static Optional<PaymentCursor> parse(String text) {
      if (text == null) {
        return Optional.empty();
      }
      java.util.regex.Matcher match = TEXT.matcher(text);
      if (!match.matches() || match.group(1).length() % 2 != 0) {
        return Optional.empty();
      }
      return Optional.of(new PaymentCursor(match.group(1), Long.parseLong(match.group(2)),
          Long.parseLong(match.group(3))));
    }

    @Override
    public String toString() {
      return serialHex + "." + counter + "." + terminalId;
    }
  }

  /** A page of an account's payments, newest settled first; {@code hasMore} when an older page follows. */
  public record AccountPayments(List<AccountPayment> payments, boolean hasMore) {}

  /** A payment row of {@link #paymentsOfAccount} before its flight's label is added. */
  private record AccountPaymentRow(String paymentId, PaymentCursor cursor, long flightId, long terminalId, String kind,
      long chargedMinor, String chargedCurrency, long payerChargedMinor, String payerCurrency, long shortfallMinor,
      long payerRefundedMinor, String fundedBy, Instant settledAt) {}

  /** An account's settled payments, newest first: {@code limit} of them, after {@code after} when given. */
  public AccountPayments paymentsOfAccount(long accountId, Optional<PaymentCursor> after, int limit) {
    if (limit < 1 || limit > MAX_ACCOUNT_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_ACCOUNT_PAGE + ": " + limit);
    }
    return database.inTransaction(connection -> {
      List<AccountPayment> rows = new ArrayList<>();
      // Row comparison against the cursor's own row: every column of the order descends together.
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT p.serial, p.counter, p.terminal_id, p.flight_id, p.kind,"
              + " p.charged_minor, p.charged_currency, p.payer_charged_minor, p.payer_currency, p.shortfall_minor,"
              + " p.payer_refunded_minor, p.funded_by, p.settled_at"
              + " FROM settled_payments p WHERE p.account_id = ?"
              + (after.isPresent() ? " AND (p.settled_at, p.serial, p.counter, p.terminal_id) < (SELECT c.settled_at,"
                  + " c.serial, c.counter, c.terminal_id FROM settled_payments c WHERE c.serial = ? AND c.counter = ?"
                  + " AND c.terminal_id = ? AND c.account_id = ?)" : "")
              + " ORDER BY p.settled_at DESC, p.serial DESC, p.counter DESC, p.terminal_id DESC LIMIT ?")) {
        int index = 1;
        select.setLong(index++, accountId);
        if (after.isPresent()) {
          select.setBytes(index++, HexFormat.of().parseHex(after.get().serialHex()));
          select.setLong(index++, after.get().counter());
          select.setLong(index++, after.get().terminalId());
          select.setLong(index++, accountId);
        }
        select.setInt(index, limit + 1);
        List<AccountPaymentRow> found = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            found.add(new AccountPaymentRow(paymentId(row), new PaymentCursor(HexFormat.of().formatHex(row.getBytes(1)),
                row.getLong(2), row.getLong(3)), row.getLong(4), row.getLong(3), row.getString(5), row.getLong(6),
                row.getString(7), row.getLong(8), row.getString(9), row.getLong(10), row.getLong(11),
                row.getString(12), row.getTimestamp(13).toInstant()));
          }
        }
        Map<Long, Airlines.FlightLabel> labels = Airlines.flightLabels(connection,
            found.stream().map(AccountPaymentRow::flightId).collect(Collectors.toSet()));
        for (AccountPaymentRow payment : found) {
          Airlines.FlightLabel label = labels.get(payment.flightId());
          rows.add(new AccountPayment(payment.paymentId(), payment.cursor(), payment.flightId(), label.flightCode(),
              label.flightDate(), payment.terminalId(), payment.kind(), payment.chargedMinor(),
              payment.chargedCurrency(), payment.payerChargedMinor(), payment.payerCurrency(),
              payment.shortfallMinor(), payment.payerRefundedMinor(), payment.fundedBy(), payment.settledAt()));
        }
      }
      boolean more = rows.size() > limit;
      return new AccountPayments(more ? rows.subList(0, limit) : rows, more);
    });
  }

  /** One credential issued to an account: its serial, flight, limits and validity. */
  public record AccountCredential(String serial, long flightId, String flightCode, LocalDate flightDate,
      String currency, long perPaymentLimitMinor, long totalLimitMinor, Instant issuedAt, Instant validFrom,
      Instant validUntil, Optional<Instant> revokedAt) {

    /** {@code revoked}, {@code expired}, {@code pending} (not valid yet) or {@code valid}, at {@code now}. */
    public String state(Instant now) {
      if (revokedAt.isPresent()) {
        return "revoked";
      }
      if (!now.isBefore(validUntil)) {
        return "expired";
      }
      return now.isBefore(validFrom) ? "pending" : "valid";
    }
  }

  /** An account's credentials, newest issued first, at most {@code limit}. */
  public List<AccountCredential> credentialsOfAccount(long accountId, int limit) {
    if (limit < 1 || limit > MAX_ACCOUNT_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_ACCOUNT_PAGE + ": " + limit);
    }
    return database.inTransaction(connection -> {
      List<AccountCredential> rows = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT c.serial, c.flight_id, c.currency,"
              + " c.per_payment_limit_minor, c.total_limit_minor, c.issued_at, c.valid_from, c.valid_until,"
              + " c.revoked_at FROM issued_credentials c WHERE c.account_id = ?"
              + " ORDER BY c.issued_at DESC, c.serial DESC LIMIT ?")) {
        select.setLong(1, accountId);
        select.setInt(2, limit);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            rows.add(new AccountCredential(HexFormat.of().formatHex(row.getBytes(1)), row.getLong(2), null, null,
                row.getString(3), row.getLong(4), row.getLong(5), row.getTimestamp(6).toInstant(),
                row.getTimestamp(7).toInstant(), row.getTimestamp(8).toInstant(),
                Optional.ofNullable(row.getTimestamp(9)).map(Timestamp::toInstant)));
          }
        }
      }
      Map<Long, Airlines.FlightLabel> labels = Airlines.flightLabels(connection,
          rows.stream().map(AccountCredential::flightId).collect(Collectors.toSet()));
      return rows.stream().map(credential -> {
        Airlines.FlightLabel label = labels.get(credential.flightId());
        return new AccountCredential(credential.serial(), credential.flightId(), label.flightCode(),
            label.flightDate(), credential.currency(), credential.perPaymentLimitMinor(),
            credential.totalLimitMinor(), credential.issuedAt(), credential.validFrom(), credential.validUntil(),
            credential.revokedAt());
      }).toList();
    });
  }

  public Optional<Long> airlineOfFlight(long flightId) {
    return database.inTransaction(connection -> Airlines.findFlight(connection, flightId).map(Flight::airlineId));
  }

  public FlightReport flight(long flightId, long airlineId) {
    return database.inTransaction(connection -> {
      List<PaymentRow> payments = payments(connection, flightId);
      List<RejectionRow> rejections = rejections(connection, flightId);
      List<CaseRow> cases = CaseList.cases(connection, Optional.of(flightId), Optional.empty(), Optional.empty(), false,
          MAX_ROWS);
      boolean truncated = payments.size() >= MAX_ROWS || rejections.size() >= MAX_ROWS || cases.size() >= MAX_ROWS;
      return new FlightReport(flightId, airlineId, totals(connection, "flight_id = ?", flightId), payments,
          rejections, cases, truncated);
    });
  }

  public AirlineReport airline(long airlineId) {
    return database.inTransaction(connection -> {
      List<Long> flights = Airlines.flightIdsOf(connection, airlineId, MAX_ROWS);
      List<FlightTotals> withTotals = new ArrayList<>();
      for (long flightId : flights) {
        List<Totals> totals = totals(connection, "flight_id = ?", flightId);
        if (!totals.isEmpty()) {
          withTotals.add(new FlightTotals(flightId, totals));
        }
      }
      return new AirlineReport(airlineId, totals(connection, "airline_id = ?", airlineId), withTotals,
          ledger(connection, airlineId), flights.size() >= MAX_ROWS);
    });
  }

  public List<CaseRow> casesOfAirline(long airlineId) {
    return database.inTransaction(connection -> CaseList.cases(connection, Optional.empty(), Optional.of(airlineId),
        Optional.empty(), false, MAX_ROWS));
  }

  public List<CaseRow> allCases() {
    return database.inTransaction(connection -> CaseList.cases(connection, Optional.empty(), Optional.empty(),
        Optional.empty(), false, MAX_ROWS));
  }

  /** Most cases one page holds. */
  public static final int MAX_CASE_PAGE = 100;

  /** A page of cases, newest first; {@code hasMore} when older ones follow. */
  public record CasePage(List<CaseRow> cases, boolean hasMore) {}

  /**
   * Cases of one airline or of all ({@code airlineId} empty), newest first, those with an id below
   * {@code startingAfter}, at most {@code limit}.
   */
  public CasePage casesPage(Optional<Long> airlineId, Optional<Long> startingAfter, int limit) {
    if (limit < 1 || limit > MAX_CASE_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_CASE_PAGE + ": " + limit);
    }
    return database.inTransaction(connection -> {
      List<CaseRow> rows = CaseList.cases(connection, Optional.empty(), airlineId, startingAfter, true, limit + 1);
      boolean more = rows.size() > limit;
      return new CasePage(more ? rows.subList(0, limit) : rows, more);
    });
  }

  /** Settled totals per currency for one airline, or for every airline together. */
  public List<Totals> totals(Optional<Long> airlineId) {
    return database.inTransaction(connection -> airlineId.isPresent()
        ? totals(connection, "airline_id = ?", airlineId.get()) : totals(connection, "airline_id > ?", 0));
  }

  /**
   * The fees on one airline's payments settled in [{@code from}, {@code to}), per currency, as the
   * payment rows hold them now (after any correction).
   */
  public Map<String, Long> feesSettled(long airlineId, Instant from, Instant to) {
    return database.inTransaction(connection -> {
      Map<String, Long> fees = new TreeMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT charged_currency, sum(fee_minor)"
          + " FROM settled_payments WHERE airline_id = ? AND settled_at >= ? AND settled_at < ? GROUP BY 1")) {
        select.setLong(1, airlineId);
        select.setTimestamp(2, Timestamp.from(from));
        select.setTimestamp(3, Timestamp.from(to));
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            fees.put(row.getString(1), row.getLong(2));
          }
        }
      }
      return fees;
    });
  }

  /** What one day's settled payments came to in one currency (days in UTC). */
  public record DaySales(LocalDate day, String currency, long salesMinor, long payments) {}

  /**
   * Sales settled per UTC day and currency in [{@code from}, {@code to}), for one airline or all;
   * days without sales are absent.
   */
  public List<DaySales> settledPerDay(Optional<Long> airlineId, Instant from, Instant to) {
    return database.inTransaction(connection -> {
      String sql = "SELECT (settled_at AT TIME ZONE 'UTC')::date AS day, charged_currency, sum(charged_minor), count(*)"
          + " FROM settled_payments WHERE settled_at >= ? AND settled_at < ?"
          + (airlineId.isPresent() ? " AND airline_id = ?" : "")
          + " GROUP BY day, charged_currency ORDER BY day, charged_currency";
      List<DaySales> days = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        select.setTimestamp(1, Timestamp.from(from));
        select.setTimestamp(2, Timestamp.from(to));
        if (airlineId.isPresent()) {
          select.setLong(3, airlineId.get());
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            days.add(new DaySales(row.getObject(1, LocalDate.class), row.getString(2), row.getLong(3), row.getLong(4)));
          }
        }
      }
      return days;
    });
  }

  /** How uploaded payments ended: settled, and refused per reason (payments that never settled). */
  public record OutcomeCounts(long settled, Map<String, Long> rejectedByReason, long openCases) {
    public long rejected() {
      return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public OutcomeCounts outcomeCounts(Optional<Long> airlineId) {
    return database.inTransaction(connection -> {
      long settled = count(connection, "SELECT count(*) FROM settled_payments"
          + (airlineId.isPresent() ? " WHERE airline_id = ?" : ""), airlineId);
      long openCases = CaseList.openCount(connection, airlineId);
      Map<String, Long> rejected = new TreeMap<>();
      String sql = "SELECT r.reason, count(*) FROM unsettled_rejections r JOIN issued_credentials c ON c.serial = r.serial"
          + " JOIN scheduled_flights f ON f.flight_id = c.flight_id"
          + (airlineId.isPresent() ? " WHERE f.airline_id = ?" : "") + " GROUP BY r.reason";
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        if (airlineId.isPresent()) {
          select.setLong(1, airlineId.get());
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            rejected.put(row.getString(1), row.getLong(2));
          }
        }
      }
      return new OutcomeCounts(settled, Map.copyOf(rejected), openCases);
    });
  }

  private static long count(Connection connection, String sql, Optional<Long> id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      if (id.isPresent()) {
        select.setLong(1, id.get());
      }
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** A flight whose scheduled arrival has passed, with passengers enrolled, and no terminal upload yet. */
  public record AwaitedFlight(long flightId, long airlineId, Instant scheduledArrival, long enrolments) {}

  public List<AwaitedFlight> landedWithoutTerminalUploads(Optional<Long> airlineId, Instant now) {
    return database.inTransaction(connection -> {
      String sql = "SELECT f.flight_id, f.airline_id, f.scheduled_arrival, count(c.serial) FROM scheduled_flights f"
          + " JOIN issued_credentials c ON c.flight_id = f.flight_id WHERE f.scheduled_arrival < ?"
          + (airlineId.isPresent() ? " AND f.airline_id = ?" : "")
          + " AND NOT EXISTS (SELECT 1 FROM settled_payments p WHERE p.flight_id = f.flight_id AND p.source = 'terminal')"
          + " GROUP BY f.flight_id, f.airline_id, f.scheduled_arrival ORDER BY f.scheduled_arrival DESC LIMIT 50";
      List<AwaitedFlight> flights = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        select.setTimestamp(1, Timestamp.from(now));
        if (airlineId.isPresent()) {
          select.setLong(2, airlineId.get());
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            flights.add(new AwaitedFlight(row.getLong(1), row.getLong(2), row.getTimestamp(3).toInstant(),
                row.getLong(4)));
          }
        }
      }
      return flights;
    });
  }

  /** Sales of one terminal on a flight, per currency. */
  public record TerminalSales(long terminalId, String currency, long payments, long salesMinor) {}

  public List<TerminalSales> salesByTerminal(long flightId) {
    return database.inTransaction(connection -> {
      List<TerminalSales> rows = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT terminal_id, charged_currency, count(*), sum(charged_minor) FROM settled_payments WHERE flight_id = ?"
              + " GROUP BY terminal_id, charged_currency ORDER BY terminal_id, charged_currency")) {
        select.setLong(1, flightId);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            rows.add(new TerminalSales(row.getLong(1), row.getString(2), row.getLong(3), row.getLong(4)));
          }
        }
      }
      return rows;
    });
  }

  /** One upload that settled payments of a flight: who sent it, when it settled, how many. */
  public record Upload(String source, long terminalId, Instant settledAt, long payments) {}

  /** The flight's uploads in time order (at most 100), as the payments they settled show them. */
  public List<Upload> uploads(long flightId) {
    return database.inTransaction(connection -> {
      List<Upload> uploads = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT source, terminal_id, settled_at, count(*) FROM settled_payments WHERE flight_id = ?"
              + " GROUP BY source, terminal_id, settled_at ORDER BY settled_at, source, terminal_id LIMIT 100")) {
        select.setLong(1, flightId);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            uploads.add(new Upload(row.getString(1), row.getLong(2), row.getTimestamp(3).toInstant(), row.getLong(4)));
          }
        }
      }
      return uploads;
    });
  }

  /**
   * When each of these terminals last uploaded a batch (its newest received batch); terminals that
   * never uploaded are absent. At most {@link #MAX_ROWS} ids.
   */
  public Map<Long, Instant> lastUploads(java.util.Collection<Long> terminalIds) {
    if (terminalIds.size() > MAX_ROWS) {
      throw new IllegalArgumentException("at most " + MAX_ROWS + " terminals, got " + terminalIds.size());
    }
    return database.inTransaction(connection -> TerminalBatches.lastReceived(connection, terminalIds));
  }

  /** When the flight's first and last passengers enrolled, and how many did; empty with none. */
  public record Enrolments(Instant first, Instant last, long count) {}

  public Optional<Enrolments> enrolments(long flightId) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT min(issued_at), max(issued_at), count(*) FROM issued_credentials WHERE flight_id = ?")) {
        select.setLong(1, flightId);
        try (ResultSet row = select.executeQuery()) {
          row.next();
          return row.getLong(3) == 0 ? Optional.empty() : Optional.of(new Enrolments(
              row.getTimestamp(1).toInstant(), row.getTimestamp(2).toInstant(), row.getLong(3)));
        }
      }
    });
  }

  /** One item's sales on a flight: the line items of its settled handshake payments, added up. */
  public record ItemSales(String name, String currency, long quantity, long salesMinor) {}

  /**
   * Item sales of a flight, read from the payment requests kept with its settled handshake
   * payments (a one-scan payment carries no items). Sorted by sales, largest first.
   */
  public List<ItemSales> salesByItem(long flightId) {
    return database.inTransaction(connection -> {
      Map<List<String>, long[]> totals = new java.util.HashMap<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT request_bytes FROM settled_payments WHERE flight_id = ? AND request_bytes IS NOT NULL LIMIT "
              + MAX_ROWS)) {
        select.setLong(1, flightId);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            addItems(row.getBytes(1), totals);
          }
        }
      }
      List<ItemSales> items = new ArrayList<>();
      totals.forEach((key, sums) -> items.add(new ItemSales(key.get(0), key.get(1), sums[0], sums[1])));
      items.sort(java.util.Comparator.comparingLong(ItemSales::salesMinor).reversed()
          .thenComparing(ItemSales::name).thenComparing(ItemSales::currency));
      return items;
    });
  }

  private static void addItems(byte[] requestBytes, Map<List<String>, long[]> totals) {
    PaymentRequest request;
    try {
      request = PaymentRequest.decode(requestBytes);
    } catch (DecodeException e) {
      // Settlement stored it after decoding it; an undecodable row is a broken invariant.
      throw new IllegalStateException("a settled payment's request does not decode", e);
    }
    for (LineItem item : request.items()) {
      long[] sums = totals.computeIfAbsent(List.of(item.name(), request.amount().currency().code()), k -> new long[2]);
      sums[0] = Math.addExact(sums[0], item.quantity());
      sums[1] = Math.addExact(sums[1], item.lineTotalMinor());
    }
  }

  /** Sales and fees from payments, refunds from refunds, both filtered by {@code where} on one id. */
  private static List<Totals> totals(Connection connection, String where, long id) throws SQLException {
    String sql = "SELECT currency, sum(sales), sum(refunds), sum(fees), sum(payments), sum(refund_count) FROM ("
        + " SELECT charged_currency AS currency, charged_minor AS sales, 0 AS refunds, fee_minor AS fees,"
        + " 1 AS payments, 0 AS refund_count FROM settled_payments WHERE " + where
        + " UNION ALL SELECT currency, 0, amount_minor, 0, 0, 1 FROM settled_refunds WHERE " + where
        + ") t GROUP BY currency ORDER BY currency";
    List<Totals> totals = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, id);
      select.setLong(2, id);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          long sales = row.getLong(2);
          long refunds = row.getLong(3);
          long fees = row.getLong(4);
          totals.add(new Totals(row.getString(1), sales, refunds, fees, sales - refunds - fees, row.getLong(5),
              row.getLong(6)));
        }
      }
    }
    return totals;
  }

  private static List<PaymentRow> payments(Connection connection, long flightId) throws SQLException {
    List<PaymentRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT serial, counter, terminal_id, kind, charged_minor, charged_currency, fee_minor, refunded_minor,"
            + " accepted_at, settled_at, source FROM settled_payments WHERE flight_id = ?"
            + " ORDER BY settled_at, serial, counter"
            + " LIMIT " + MAX_ROWS)) {
      select.setLong(1, flightId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(new PaymentRow(paymentId(row), row.getLong(3), row.getString(4), "SETTLED", row.getLong(5),
              row.getString(6), row.getLong(7), row.getLong(8), row.getTimestamp(9).toInstant().toString(),
              row.getTimestamp(10).toInstant().toString(), row.getString(11)));
        }
      }
    }
    return rows;
  }

  /** Rejected uploads of the flight's payments that never settled. */
  private static List<RejectionRow> rejections(Connection connection, long flightId) throws SQLException {
    List<RejectionRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT r.serial, r.counter, r.terminal_id, r.reason, r.detail, r.rejected_at FROM unsettled_rejections r"
            + " JOIN issued_credentials c ON c.serial = r.serial WHERE c.flight_id = ?"
            + " ORDER BY r.rejected_at LIMIT " + MAX_ROWS)) {
      select.setLong(1, flightId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(new RejectionRow(paymentId(row), row.getLong(3), "REJECTED", row.getString(4), row.getString(5),
              row.getTimestamp(6).toInstant().toString()));
        }
      }
    }
    return rows;
  }

  private static List<LedgerBalance> ledger(Connection connection, long airlineId) throws SQLException {
    return MerchantAccounts.owedTo(connection, airlineId).stream()
        .map(owed -> new LedgerBalance(owed.currency(), owed.owedMinor())).toList();
  }

  private static String paymentId(ResultSet row) throws SQLException {
    return new PaymentId(new CredentialSerial(Bytes.of(row.getBytes(1))), row.getLong(2)).toString();
  }
}
