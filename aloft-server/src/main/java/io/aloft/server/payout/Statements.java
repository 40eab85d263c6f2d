package io.aloft.server.payout;

import io.aloft.server.ledger.EntryKind;
import io.aloft.server.ledger.MerchantAccounts;
import io.aloft.server.report.Csv;
import io.aloft.server.report.SettlementReports;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An airline's statement for a period of UTC days: per currency, what it was owed at the start,
 * every movement of its merchant ledger account by entry kind (sales after fees, corrections,
 * refunds, payouts, and any other kind), and what it was owed at the end. Read from the ledger
 * alone, so it reconciles exactly: opening plus movements is closing, and closing is the merchant
 * balance at the end of the period. Amounts are what the provider owes the airline: a sale adds,
 * a refund or payout takes away.
 */
public final class Statements {
  /** The longest period one statement covers, in days. */
  public static final int MAX_DAYS = 366;
  /** Movements listed one by one at most; the totals always cover the whole period. */
  public static final int MAX_LINES = 2000;
  /** The kinds every statement shows, even at zero, in this order; other kinds follow when present. */
  static final List<String> MAIN_KINDS = List.of(EntryKind.PAYMENT.wireName(), EntryKind.CORRECTION.wireName(),
      EntryKind.REFUND.wireName(), EntryKind.PAYOUT.wireName());

  private final MerchantAccounts merchants;
  private final Payouts payouts;
  private final SettlementReports reports;

  public Statements(MerchantAccounts merchants, Payouts payouts, SettlementReports reports) {
    this.merchants = merchants;
    this.payouts = payouts;
    this.reports = reports;
  }

  /** Why a period is refused. */
  public enum PeriodProblem { TO_BEFORE_FROM, TOO_LONG }

  /** From the start of {@code from} to the end of {@code to}, both UTC days. */
  public record Period(LocalDate from, LocalDate to) {
    public Period {
      if (check(from, to).isPresent()) {
        throw new IllegalArgumentException("not a statement period: " + from + " to " + to);
      }
    }

    public static Optional<PeriodProblem> check(LocalDate from, LocalDate to) {
      if (to.isBefore(from)) {
        return Optional.of(PeriodProblem.TO_BEFORE_FROM);
      }
      return ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS ? Optional.of(PeriodProblem.TOO_LONG)
          : Optional.empty();
    }

    public Instant start() {
      return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant end() {
      return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
  }

  /** All movements of one kind in the period; {@code entries} is how many ledger entries made them. */
  public record Movement(String kind, long amountMinor, long entries) {}

  /**
   * One currency's statement. {@code feesMinor} is what the provider kept as fees on the sales
   * settled in the period (the sales movement is already net of it; not part of the sum).
   */
  public record CurrencyStatement(String currency, long openingMinor, List<Movement> movements, long closingMinor,
      long feesMinor) {}

  /** One ledger entry's movement; {@code balanceMinor} is what was owed after it, {@code reference} a payout's. */
  public record Line(long ledgerEntryId, Instant at, String kind, String currency, long amountMinor,
      long balanceMinor, Optional<String> reference) {}

  public record Statement(long airlineId, Period period, List<CurrencyStatement> currencies, List<Line> lines,
      boolean truncated) {}

  public Statement of(long airlineId, Period period) {
    MerchantAccounts.Movements movements = merchants.movements(airlineId, period.start(), period.end(), MAX_LINES);
    Map<String, Long> fees = reports.feesSettled(airlineId, period.start(), period.end());
    TreeSet<String> currencies = new TreeSet<>(movements.openingOwedMinor().keySet());
    movements.totals().forEach(total -> currencies.add(total.currency()));
    List<CurrencyStatement> statements = new ArrayList<>();
    for (String currency : currencies) {
      statements.add(currency(currency, movements, fees.getOrDefault(currency, 0L)));
    }
    return new Statement(airlineId, period, statements, lines(movements), movements.truncated());
  }

  private static CurrencyStatement currency(String currency, MerchantAccounts.Movements movements, long feesMinor) {
    long opening = movements.openingOwedMinor().getOrDefault(currency, 0L);
    List<Movement> shown = new ArrayList<>();
    for (String kind : MAIN_KINDS) {
      shown.add(new Movement(kind, 0, 0));
    }
    long closing = opening;
    for (MerchantAccounts.KindTotal total : movements.totals()) {
      if (!total.currency().equals(currency)) {
        continue;
      }
      closing = Math.addExact(closing, total.owedMinor());
      Movement movement = new Movement(total.kind(), total.owedMinor(), total.entries());
      int main = MAIN_KINDS.indexOf(total.kind());
      if (main >= 0) {
        shown.set(main, movement);
      } else {
        shown.add(movement);
      }
    }
    return new CurrencyStatement(currency, opening, List.copyOf(shown), closing, feesMinor);
  }

  private List<Line> lines(MerchantAccounts.Movements movements) {
    List<Long> payoutEntries = movements.lines().stream()
        .filter(line -> line.kind().equals(EntryKind.PAYOUT.wireName())).map(MerchantAccounts.Line::entryId).toList();
    Map<Long, Payouts.Payout> byEntry = payouts.byLedgerEntry(payoutEntries);
    Map<String, Long> balances = new HashMap<>(movements.openingOwedMinor());
    List<Line> lines = new ArrayList<>(movements.lines().size());
    for (MerchantAccounts.Line line : movements.lines()) {
      long balance = balances.merge(line.currency(), line.owedMinor(), Math::addExact);
      lines.add(new Line(line.entryId(), line.at(), line.kind(), line.currency(), line.owedMinor(), balance,
          Optional.ofNullable(byEntry.get(line.entryId())).map(Payouts.Payout::reference)));
    }
    return lines;
  }

  /** The name a downloaded statement CSV is saved under. */
  public static String csvFileName(long airlineId, Period period) {
    return "airline-" + airlineId + "-statement-" + period.from() + "-" + period.to() + ".csv";
  }

  static final String CSV_HEADER = "row,currency,at,kind,reference,ledger_entry,entries,amount,balance";

  /**
   * The statement as CSV, one table: per currency an {@code opening} row, a {@code total} row per
   * movement kind and a {@code closing} row; then a {@code line} row per movement listed, with
   * what was owed after it. Amounts are exact decimals in the row's currency.
   */
  public static String csv(Statement statement) {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
    String start = statement.period().start().toString();
    String end = statement.period().end().toString();
    for (CurrencyStatement currency : statement.currencies()) {
      String code = currency.currency();
      Csv.row(csv, List.of("opening", code, start, "", "", "", "", "", Csv.decimal(currency.openingMinor(), code)));
      for (Movement movement : currency.movements()) {
        Csv.row(csv, List.of("total", code, "", movement.kind(), "", "", Long.toString(movement.entries()),
            Csv.decimal(movement.amountMinor(), code), ""));
      }
      Csv.row(csv, List.of("fees_withheld", code, "", "", "", "", "", Csv.decimal(currency.feesMinor(), code), ""));
      Csv.row(csv, List.of("closing", code, end, "", "", "", "", "", Csv.decimal(currency.closingMinor(), code)));
    }
    for (Line line : statement.lines()) {
      Csv.row(csv, List.of("line", line.currency(), line.at().toString(), line.kind(), line.reference().orElse(""),
          Long.toString(line.ledgerEntryId()), "1", Csv.decimal(line.amountMinor(), line.currency()),
          Csv.decimal(line.balanceMinor(), line.currency())));
    }
    return csv.toString();
  }
}
