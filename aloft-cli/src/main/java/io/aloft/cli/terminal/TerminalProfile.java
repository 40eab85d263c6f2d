package io.aloft.cli.terminal;

import io.aloft.cli.device.IssuerKeyView;
import java.util.List;

/**
 * What {@code aloft terminal init} stores in {@code terminal.json}: who this terminal is and how
 * it reaches the server.
 *
 * @param merchantKey the airline's API key, which fetches bundles and uploads; the file is mode
 *     600, and a production crew device would hold a narrower secret
 * @param flightId the flight whose bundle was last installed, or null before the first sync
 * @param departure that flight's scheduled departure (ISO-8601), learnt at sync, or null: what
 *     {@code terminal status} measures the bundle's freshness against
 */
public record TerminalProfile(String server, long airlineId, String currency, long terminalId, String displayName,
    Long flightId, List<IssuerKeyView> issuerKeys, String merchantKey, String departure) {
  public static final String FILE = "terminal.json";

  public TerminalProfile withFlight(long flight, String scheduledDeparture) {
    return new TerminalProfile(server, airlineId, currency, terminalId, displayName, flight, issuerKeys, merchantKey,
        scheduledDeparture);
  }
}
