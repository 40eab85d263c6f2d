package io.aloft.server.console;

import io.aloft.server.report.Csv;
import io.aloft.server.report.SettlementReports;
import java.util.List;

/**
 * A flight's settlement report as CSV (RFC 4180): one row per settled payment and one per
 * payment refused and never settled, with the same values as {@code GET
 * /v1/flights/{id}/settlement-report}. Amounts are decimal in the row's currency, exact.
 * A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe ({@link Csv}).
 */
final class FlightCsv {
  static final String HEADER = "payment_id,terminal_id,kind,outcome,reason,amount,fee,refunded,currency,"
      + "accepted_at,settled_at,source";

  private FlightCsv() {}

  static String of(SettlementReports.FlightReport report) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    for (SettlementReports.PaymentRow payment : report.payments()) {
      row(csv, List.of(payment.paymentId(), Long.toString(payment.terminalId()), payment.kind(), payment.outcome(), "",
          decimal(payment.chargedMinor(), payment.currency()), decimal(payment.feeMinor(), payment.currency()),
          decimal(payment.refundedMinor(), payment.currency()), payment.currency(), payment.acceptedAt(),
          payment.settledAt(), payment.source()));
    }
    for (SettlementReports.RejectionRow rejection : report.rejections()) {
      row(csv, List.of(rejection.paymentId(), Long.toString(rejection.terminalId()), "", rejection.outcome(),
          rejection.reason(), "", "", "", "", "", rejection.rejectedAt(), ""));
    }
    return csv.toString();
  }

  static String decimal(long minor, String currency) {
    return Csv.decimal(minor, currency);
  }

  private static void row(StringBuilder csv, List<String> cells) {
    Csv.row(csv, cells);
  }

  static String cell(String value) {
    return Csv.cell(value);
  }
}
