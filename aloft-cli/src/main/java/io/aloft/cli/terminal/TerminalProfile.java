package io.aloft.cli.terminal;

import io.aloft.cli.device.IssuerKeyView;
import java.util.List;

/**
 * What {@code aloft terminal init} stores in {@code terminal.json}: who this terminal is and how
 * it reaches the server. It holds no secret: the terminal signs its requests with its own key
 * ({@code terminal.key}), which the issuer certified when the terminal was enrolled.
 *
 * @param flightId the flight whose bundle was last installed, or null before the first sync
 */
public record TerminalProfile(String server, long airlineId, String currency, long terminalId, String displayName,
    Long flightId, List<IssuerKeyView> issuerKeys) {
  public static final String FILE = "terminal.json";

  public TerminalProfile withFlight(long flight) {
    return new TerminalProfile(server, airlineId, currency, terminalId, displayName, flight, issuerKeys);
  }
}
