package io.aloft.server.console;

import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Flight;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.report.SettlementReports;
import io.aloft.server.settlement.CaseRow;
import java.util.List;
import java.util.Optional;

/** The models the console's templates draw, one per page. Plain data; no formatting. */
public final class Models {
  private Models() {}

  public record Login(Optional<String> error, String loginToken) {}

  /** One flight in a list: the flight, its code and its airline's name. */
  public record FlightLine(Flight flight, String code, String airlineName) {}

  public record Overview(List<FlightLine> upcoming, List<FlightLine> recent, List<BarChart> charts,
      SettlementReports.OutcomeCounts outcomes, Optional<Boolean> ledgerBalanced,
      List<SettlementReports.AwaitedFlight> awaited, List<SettlementReports.Totals> totals) {}

  public record Flights(List<FlightLine> flights, String code, String date, Optional<Long> nextCursor,
      Optional<String> error) {
    /** The query string of the next page, keeping the filter. */
    public String nextQuery() {
      return "?code=" + java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8)
          + "&date=" + java.net.URLEncoder.encode(date, java.nio.charset.StandardCharsets.UTF_8)
          + "&starting_after=" + nextCursor.orElse(0L);
    }
  }

  /** One step in a flight's story, in time order. */
  public record TimelineStep(java.time.Instant at, String labelKey, List<Object> arguments) {}

  public record FlightView(FlightLine flight, Airline airline, List<TimelineStep> timeline,
      SettlementReports.FlightReport report, List<SettlementReports.TerminalSales> terminals,
      List<SettlementReports.ItemSales> items) {}

  public record Cases(List<CaseRow> cases, String kind, String status, List<String> kinds) {}

  public record Audit(List<AuditLog.Event> events) {}

  public record Problem(int status, String headingKey, String messageKey) {}
}
