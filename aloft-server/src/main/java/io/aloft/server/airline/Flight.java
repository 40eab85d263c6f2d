package io.aloft.server.airline;

import io.aloft.protocol.message.OneScanPolicy;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One scheduled flight. Credentials and trust bundles are scoped to it.
 *
 * @param oneScan how its terminals take one-scan codes, signed into its trust bundle
 */
public record Flight(long id, Instant createdAt, long airlineId, String flightNumber, LocalDate flightDate,
    Instant scheduledDeparture, Instant scheduledArrival, OneScanPolicy oneScan) {

  /** "9C8881": airline code and flight number, what the trust bundle calls the flight code. */
  public String flightCode(Airline airline) {
    return airline.code() + flightNumber;
  }
}
