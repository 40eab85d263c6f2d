package io.aloft.cli.terminal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.aloft.cli.device.IssuerKeyView;
import java.util.List;

/**
 * What {@code aloft terminal init} stores in {@code terminal.json}: who this terminal is and how
 * it reaches the server. It holds no secret: the terminal signs its requests with its own key
 * ({@code terminal.key}), which the issuer certified when the terminal was enrolled.
 *
 * @param flightId the flight whose bundle was last installed, or null before the first sync
 * @param departure that flight's scheduled departure (ISO-8601), learnt at sync, or null: what
 *     {@code terminal status} measures the bundle's freshness against
 */
// A folder set up before terminals signed their own requests kept the airline's merchant key here;
// it is ignored on reading and dropped from the file (TerminalCommand#profile).
@JsonIgnoreProperties({"merchantKey"})
public record TerminalProfile(String server, long airlineId, String currency, long terminalId, String displayName,
    Long flightId, List<IssuerKeyView> issuerKeys, String departure) {
  public static final String FILE = "terminal.json";

  public TerminalProfile withFlight(long flight, String scheduledDeparture) {
    return new TerminalProfile(server, airlineId, currency, terminalId, displayName, flight, issuerKeys,
        scheduledDeparture);
  }
}
