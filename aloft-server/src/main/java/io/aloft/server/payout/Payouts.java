package io.aloft.server.payout;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.airline.Airlines;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.db.Conditions;
import io.aloft.server.db.Database;
import io.aloft.server.http.Views.MoneyView;
import io.aloft.server.ledger.Entries;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.ledger.MerchantAccounts;
import io.aloft.server.webhook.EventData;
import io.aloft.server.webhook.EventType;
import io.aloft.server.webhook.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payouts: the operator pays an airline what the ledger owes it. A payout posts one balanced
 * entry (debit the airline's merchant account, credit the provider's funding), writes its row
 * with a reference such as {@code PO-000123}, records itself in the audit log and writes its
 * {@code payout.created} webhook event, all in one transaction. The only package that names the {@code payouts} table; the JSON API and the
 * console both pay through {@link #pay}.
 */
public final class Payouts {
  /** Rows one listing returns at most. */
  public static final int MAX_LISTED = 100;
  /** The operator's own reference of the bank transfer, at most this many characters. */
  public static final int MAX_BANK_REFERENCE = 64;
  /** A double-submit key (an Idempotency-Key or a console form token), at most this long. */
  public static final int MAX_REQUEST_KEY = 160;
  static final String AUDIT_ACTION = "payout.created";

  private final Database database;
  private final Ledger ledger;
  private final Airlines airlines;
  private final AuditLog audit;
  private final Clock clock;

  public Payouts(Database database, Ledger ledger, Airlines airlines, AuditLog audit, Clock clock) {
    this.database = database;
    this.ledger = ledger;
    this.airlines = airlines;
    this.audit = audit;
    this.clock = clock;
  }

  public record Payout(long id, String reference, long airlineId, Money amount, Optional<String> bankReference,
      Instant createdAt, String createdBy, long ledgerEntryId) {}

  /**
   * What the operator asks to pay. {@code requestKey} makes a repeat of one submission pay once:
   * the same (actor, key) answers with the payout it already made.
   */
  public record Request(long airlineId, CurrencyUnit currency, long amountMinor, Optional<String> bankReference,
      String actor, String requestKey, String requestId) {
    public Request {
      if (bankReference.isPresent() && (bankReference.get().isEmpty()
          || bankReference.get().length() > MAX_BANK_REFERENCE)) {
        throw new IllegalArgumentException("bankReference must be 1.." + MAX_BANK_REFERENCE + " characters");
      }
      if (requestKey.isEmpty() || requestKey.length() > MAX_REQUEST_KEY) {
        throw new IllegalArgumentException("requestKey must be 1.." + MAX_REQUEST_KEY + " characters");
      }
    }
  }

  /** Why a payout was refused. */
  public enum Refusal {
    /** No airline has the id. */
    UNKNOWN_AIRLINE,
    /** Zero or a negative amount. */
    AMOUNT_NOT_POSITIVE,
    /** The airline is owed nothing in the currency (no balance there, or it is paid out). */
    NOTHING_OWED,
    /** More than the airline is owed in the currency. */
    OVER_OWED
  }

  public sealed interface Result {
    /** Paid; {@code repeated} when this request key had already paid it (nothing new moved). */
    record Paid(Payout payout, long owedAfterMinor, boolean repeated) implements Result {}

    /** Refused; {@code owedMinor} is what the airline is owed in the currency (0 when unknown). */
    record Refused(Refusal reason, long owedMinor) implements Result {}
  }

  public Result pay(Request request) {
    if (airlines.find(request.airlineId()).isEmpty()) {
      return new Result.Refused(Refusal.UNKNOWN_AIRLINE, 0);
    }
    return database.inTransaction(connection -> {
      // The lock comes first: a repeat of this request waits here for the first to commit, then finds it.
      Optional<Long> owed = MerchantAccounts.lockOwed(connection, request.airlineId(), request.currency().code());
      Optional<Payout> earlier = byRequestKey(connection, request.actor(), request.requestKey());
      if (earlier.isPresent()) {
        return new Result.Paid(earlier.get(), owed.orElse(0L), true);
      }
      if (request.amountMinor() <= 0) {
        return new Result.Refused(Refusal.AMOUNT_NOT_POSITIVE, owed.orElse(0L));
      }
      if (owed.isEmpty() || owed.get() <= 0) {
        return new Result.Refused(Refusal.NOTHING_OWED, owed.orElse(0L));
      }
      if (request.amountMinor() > owed.get()) {
        return new Result.Refused(Refusal.OVER_OWED, owed.get());
      }
      Payout payout = insert(connection, request);
      audit.record(connection, request.actor(), AUDIT_ACTION, "airline:" + request.airlineId(),
          payout.reference() + " " + payout.amount().currency().code() + " " + payout.amount().toPlainString()
              + payout.bankReference().map(bank -> ", bank reference " + bank).orElse(""),
          request.requestId());
      Outbox.record(connection, new Outbox.Event(EventType.PAYOUT_CREATED, Optional.of(payout.airlineId()),
          new EventData.PayoutCreated(payout.id(), payout.reference(), payout.airlineId(),
              MoneyView.of(payout.amount()), payout.bankReference().orElse(null), payout.ledgerEntryId())),
          payout.createdAt());
      return new Result.Paid(payout, owed.get() - request.amountMinor(), false);
    });
  }

  private Payout insert(Connection connection, Request request) throws SQLException {
    Instant now = clock.instant();
    long entryId = ledger.post(connection,
        List.of(Entries.payout(request.airlineId(), request.currency(), request.amountMinor())), now)[0];
    long id;
    try (PreparedStatement next = connection.prepareStatement("SELECT nextval('payouts_id_seq')");
        ResultSet row = next.executeQuery()) {
      row.next();
      id = row.getLong(1);
    }
    Payout payout = new Payout(id, reference(id), request.airlineId(),
        Money.of(request.amountMinor(), request.currency()), request.bankReference(), now, request.actor(), entryId);
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO payouts (id, reference, airline_id,"
        + " currency, amount_minor, bank_reference, created_at, requested_by, request_key, request_id,"
        + " ledger_entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, payout.reference());
      insert.setLong(3, payout.airlineId());
      insert.setString(4, request.currency().code());
      insert.setLong(5, request.amountMinor());
      insert.setString(6, request.bankReference().orElse(null));
      insert.setTimestamp(7, Timestamp.from(now));
      insert.setString(8, request.actor());
      insert.setString(9, request.requestKey());
      insert.setString(10, request.requestId());
      insert.setLong(11, entryId);
      insert.executeUpdate();
    }
    return payout;
  }

  /** {@code PO-} and the id in at least six digits. */
  static String reference(long id) {
    return String.format(java.util.Locale.ROOT, "PO-%06d", id);
  }

  /** One page of payouts, newest first. */
  public record Page(List<Payout> payouts, boolean hasMore) {}

  /** Payouts of one airline, or of all, newest first, those with an id below {@code startingAfter}. */
  public Page list(Optional<Long> airlineId, Optional<Long> startingAfter, int limit) {
    if (limit < 1 || limit > MAX_LISTED) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LISTED + ": " + limit);
    }
    return database.inTransaction(connection -> {
      Conditions where = new Conditions().and("airline_id = ?", airlineId).and("id < ?", startingAfter);
      List<Payout> payouts = select(connection, where.where() + " ORDER BY id DESC LIMIT " + (limit + 1),
          where.values());
      boolean more = payouts.size() > limit;
      return new Page(more ? payouts.subList(0, limit) : payouts, more);
    });
  }

  /** The payout with this reference ({@code PO-000123}). */
  public Optional<Payout> find(String reference) {
    return database.inTransaction(connection ->
        select(connection, " WHERE reference = ?", List.of(reference)).stream().findFirst());
  }

  /** The payouts that posted these ledger entries, by entry id. */
  public Map<Long, Payout> byLedgerEntry(Collection<Long> entryIds) {
    if (entryIds.isEmpty()) {
      return Map.of();
    }
    return database.inTransaction(connection -> {
      Map<Long, Payout> found = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE ledger_entry_id = ANY(?)")) {
        select.setArray(1, connection.createArrayOf("bigint", entryIds.toArray()));
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            Payout payout = payout(row);
            found.put(payout.ledgerEntryId(), payout);
          }
        }
      }
      return found;
    });
  }

  private static Optional<Payout> byRequestKey(Connection connection, String actor, String key) throws SQLException {
    List<Payout> found = select(connection, " WHERE requested_by = ? AND request_key = ?", List.of(actor, key));
    return found.stream().findFirst();
  }

  private static final String SELECT = "SELECT id, reference, airline_id, currency, amount_minor, bank_reference,"
      + " created_at, requested_by, ledger_entry_id FROM payouts";

  private static List<Payout> select(Connection connection, String rest, List<?> values) throws SQLException {
    List<Payout> payouts = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT + rest)) {
      for (int i = 0; i < values.size(); i++) {
        select.setObject(i + 1, values.get(i));
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          payouts.add(payout(row));
        }
      }
    }
    return payouts;
  }

  private static Payout payout(ResultSet row) throws SQLException {
    return new Payout(row.getLong(1), row.getString(2), row.getLong(3),
        Money.of(row.getLong(5), CurrencyUnit.of(row.getString(4))), Optional.ofNullable(row.getString(6)),
        row.getTimestamp(7).toInstant(), row.getString(8), row.getLong(9));
  }
}
