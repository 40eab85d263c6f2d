package io.aloft.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.server.TestServer.TerminalFixture;
import io.aloft.testkit.ShiftedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a flight's trust bundles cost to store: every passenger enrols and its wallet fetches the
 * bundle (a new version each time), the terminals sync a few times before departure, one
 * change comes after it. Prints the bytes the fetched versions would take if all were kept and
 * the bytes actually kept. 256 seats by default, every wallet fetching; the figure in
 * docs/settlement.md is for 4,096 seats with every 8th wallet fetching (which keeps the run to
 * minutes: each fetch signs a bundle that grows with the manifest):
 * {@code ./mvnw -pl aloft-server -am test -Dtest=BundleStorageTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Daloft.bundleSeats=4096 -Daloft.bundleFetchEvery=8}
 */
class BundleStorageTest {
  private static final int SEATS = Integer.getInteger("aloft.bundleSeats", 256);
  /** Every how many passengers' wallets fetch the bundle right after enrolling. */
  private static final int FETCH_EVERY = Integer.getInteger("aloft.bundleFetchEvery", 1);
  private static final int TERMINALS = 4;
  private static final int SYNCS_BEFORE_DEPARTURE = 3;

  private final ShiftedClock clock = new ShiftedClock();
  private final Map<Long, Integer> sizeByVersion = new HashMap<>();

  @Test
  void storedBundles_stayBounded_whateverTheNumberOfSeats() throws Exception {
    try (TestServer server = TestServer.start(config -> config.withClock(clock))) {
      AirlineFixture airline = server.airline();
      long flight = server.flight(airline, Duration.ofHours(2));
      String path = "/v1/flights/" + flight + "/trust-bundle";
      List<TerminalFixture> terminals = new ArrayList<>();
      for (int t = 0; t < TERMINALS; t++) {
        terminals.add(server.terminal(airline));
      }
      int syncEvery = Math.max(1, SEATS / SYNCS_BEFORE_DEPARTURE);
      for (int seat = 1; seat <= SEATS; seat++) {
        AccountFixture account = server.account(700, 0);
        TestServer.check(server.post("/v1/enrolments", account.walletToken(),
            Devices.enrolment(server, account.walletToken(), flight, Devices.p256())), 201);
        if (seat % FETCH_EVERY == 0 || seat == SEATS) {
          TestServer.check(server.get(path, account.walletToken()), 200);
          note(server, flight);
        }
        if (seat % syncEvery == 0) {
          terminals.forEach(terminal -> TestServer.check(server.signed("GET", path, terminal.id(), terminal.key(),
              null, clock.instant(), Map.of()), 200));
          note(server, flight);
        }
      }
      long beforeDeparture = storedBytes(server, flight);
      long versionsBeforeDeparture = storedCount(server, flight);

      clock.advanceTo(Duration.ofHours(2).plusMinutes(30));
      TestServer.check(server.post("/v1/terminals/" + terminals.get(0).id() + "/revoke", airline.merchantKey(), null),
          200);
      TerminalFixture syncing = terminals.get(1);
      TestServer.check(server.signed("GET", path, syncing.id(), syncing.key(), null, clock.instant(), Map.of()), 200);
      note(server, flight);
      long afterDeparture = storedBytes(server, flight);
      long versionsAfterDeparture = storedCount(server, flight);
      long everyVersion = sizeByVersion.values().stream().mapToLong(Integer::longValue).sum();
      int largest = sizeByVersion.values().stream().mapToInt(Integer::intValue).max().orElseThrow();

      System.out.printf("bundle storage, %d seats (every %d wallet fetching), %d terminals: %d versions served,"
              + " largest %,d bytes; every served version kept: %,d bytes; kept before departure: %,d bytes in %d"
              + " versions; kept after departure: %,d bytes in %d versions%n", SEATS, FETCH_EVERY, TERMINALS,
          sizeByVersion.size(), largest,
          everyVersion, beforeDeparture, versionsBeforeDeparture, afterDeparture, versionsAfterDeparture);
      // One version per terminal sync round before departure, the newest (a wallet's) besides.
      assertThat(versionsBeforeDeparture).isLessThanOrEqualTo(SYNCS_BEFORE_DEPARTURE + 1);
      // The departure version and the one after it.
      assertThat(versionsAfterDeparture).isEqualTo(2);
      assertThat(afterDeparture).isLessThanOrEqualTo(2L * largest);
    }
  }

  /** Records the size of the newest stored version: what keeping every version would cost. */
  private void note(TestServer server, long flight) {
    String newest = "FROM trust_bundles WHERE flight_id = " + flight + " ORDER BY version DESC LIMIT 1";
    sizeByVersion.put(server.number("SELECT version " + newest),
        (int) server.number("SELECT octet_length(encoded) " + newest));
  }

  private static long storedBytes(TestServer server, long flight) {
    return server.number("SELECT coalesce(sum(octet_length(encoded)), 0) FROM trust_bundles WHERE flight_id = " + flight);
  }

  private static long storedCount(TestServer server, long flight) {
    return server.number("SELECT count(*) FROM trust_bundles WHERE flight_id = " + flight);
  }
}
