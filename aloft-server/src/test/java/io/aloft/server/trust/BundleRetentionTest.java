package io.aloft.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.TrustBundle;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import io.aloft.testkit.ShiftedClock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bundle version's bytes never change, renewing one near expiry makes a new version, and a
 * flight's stored versions stay bounded: those only wallets fetched go at once, those terminals
 * held before departure go once the flight has departed, except the departure version itself.
 */
class BundleRetentionTest {
  private static final ShiftedClock CLOCK = new ShiftedClock();
  private static TestServer server;

  private AirlineFixture airline;
  private long flight;

  @BeforeAll
  static void start() {
    server = TestServer.start(config -> config.withClock(CLOCK));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void flight() {
    CLOCK.advanceTo(Duration.ZERO);
    airline = server.airline();
    flight = server.flight(airline, Duration.ofHours(2));
  }

  private String path() {
    return "/v1/flights/" + flight + "/trust-bundle";
  }

  /** What the airline's terminals fetch (the airline's key: the signed requests use the real clock). */
  private TrustBundle terminalFetch() throws Exception {
    return decode(TestServer.check(server.get(path(), airline.merchantKey()), 200));
  }

  private static TrustBundle decode(Response response) throws Exception {
    return TrustBundle.decode(Base64.getDecoder().decode(response.json().get("bundle").asText()));
  }

  /** A passenger enrols and its wallet fetches the bundle, as wallets do. */
  private void passengerEnrolsAndFetches() {
    AccountFixture account = server.account(700, 0);
    TestServer.check(server.post("/v1/enrolments", account.walletToken(),
        Devices.enrolment(server, account.walletToken(), flight, Devices.p256())), 201);
    TestServer.check(server.get(path(), account.walletToken()), 200);
  }

  private List<Long> storedVersions() {
    List<Long> versions = new java.util.ArrayList<>();
    long count = server.number("SELECT count(*) FROM trust_bundles WHERE flight_id = " + flight);
    for (int i = 0; i < count; i++) {
      versions.add(server.number("SELECT version FROM trust_bundles WHERE flight_id = " + flight
          + " ORDER BY version LIMIT 1 OFFSET " + i));
    }
    return versions;
  }

  private byte[] storedBytes(long version) {
    return Base64.getDecoder().decode(server.text("SELECT encode(encoded, 'base64') FROM trust_bundles"
        + " WHERE flight_id = " + flight + " AND version = " + version).replace("\n", ""));
  }

  @Test
  void aVersionsBytesNeverChange_andRenewingNearExpiryMakesANewVersion() throws Exception {
    TrustBundle first = terminalFetch();
    byte[] served = first.encode();
    assertThat(terminalFetch().encode()).isEqualTo(served);

    // The bundle expires a day after arrival (5 h); within an hour of that it is renewed.
    CLOCK.advanceTo(Duration.ofHours(28).plusMinutes(30));
    TrustBundle renewed = terminalFetch();

    assertThat(renewed.bundleVersion()).isGreaterThan(first.bundleVersion());
    assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
    assertThat(terminalFetch().encode()).isEqualTo(renewed.encode());
    // Version N is still what it was when served: settlement re-checks payments under those bytes.
    assertThat(storedBytes(first.bundleVersion())).isEqualTo(served);
  }

  @Test
  void versionsOnlyWalletsFetched_arePrunedAtOnce() throws Exception {
    long held = terminalFetch().bundleVersion();
    for (int i = 0; i < 6; i++) {
      passengerEnrolsAndFetches();
    }

    List<Long> stored = storedVersions();

    assertThat(stored).hasSize(2);
    assertThat(stored.get(0)).isEqualTo(held);
  }

  @Test
  void afterDeparture_versionsOlderThanTheDepartureVersionArePruned_andTheDepartureVersionIsKept() throws Exception {
    long early = terminalFetch().bundleVersion();
    passengerEnrolsAndFetches();
    long atDeparture = terminalFetch().bundleVersion();
    passengerEnrolsAndFetches();
    assertThat(storedVersions()).contains(early, atDeparture);

    CLOCK.advanceTo(Duration.ofHours(2).plusMinutes(10));
    TestServer.TerminalFixture late = server.terminal(airline);
    long afterDeparture = terminalFetch().bundleVersion();

    assertThat(late.id()).isPositive();
    assertThat(storedVersions()).containsExactly(atDeparture, afterDeparture);
  }
}
