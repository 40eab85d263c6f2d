package io.aloft.simulation.flight;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.client.IssuerClock;
import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.protocol.client.RetryPolicy;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.simulation.support.SimServer;
import io.aloft.terminal.upload.HttpUploader;
import io.aloft.terminal.upload.Uploader;
import io.aloft.testkit.Api;
import io.aloft.testkit.TempDirectories;
import io.aloft.wallet.issuer.HttpIssuerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One seeded flight: a real server on its own database, an airline with two to three crew
 * terminals (and one on another flight), two to six passengers with real wallets, all on one
 * simulated clock. {@link #fly} runs enrolment, the flight (sales, restarts, clones, attacks) and
 * the landing (uploads through a faulty network, server kills); {@link Invariants} then judges.
 * Every choice comes from {@link #random}, so the seed replays the run.
 */
final class Flight implements AutoCloseable {
  static final Instant EPOCH = Instant.parse("2026-12-01T06:00:00Z");

  final long seed;
  final SplittableRandom random;
  final SimClock clock = new SimClock(EPOCH);
  final FlightRecord record = new FlightRecord();
  final SimServer server;
  final Network network;
  /**
   * The devices' retries: a few tries with backoff, as on a phone; waiting advances the simulated
   * clock. The long read timeout covers a server killed and started again under a request.
   */
  static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(8),
      Duration.ofSeconds(5), Duration.ofSeconds(60));
  private final List<DevicePort> ports = new ArrayList<>();
  private final Map<Long, Uploader> terminalUploaders = new HashMap<>();
  final Path directory;
  final FaultPlan faults;
  final List<SimTerminal> terminals = new ArrayList<>();
  final List<SimPassenger> passengers = new ArrayList<>();
  SimTerminal otherFlightTerminal;
  long airlineId;
  String merchantKey;
  long flightId;
  long otherFlightId;
  Instant arrival;
  List<IssuerKey> issuerKeys;
  /** Where the run spent its time, for keeping the CI-sized run within minutes. */
  String timings = "";

  Flight(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.faults = FaultPlan.of(random.split());
    this.directory = TempDirectories.create("aloft-flight-" + seed);
    this.server = new SimServer(clock.truth(), seed);
    this.network = new Network(server, random.split(), faults.networkFaultPercent(), faults.killServer());
  }

  /**
   * Where a terminal uploads: its SDK's own HttpUploader, signing with the terminal's key at its
   * own (possibly skewed) clock, through the faulty network.
   */
  Uploader terminalUploader(SimTerminal terminal) {
    return terminalUploaders.computeIfAbsent(terminal.id, id -> {
      DevicePort port = new DevicePort(network, true);
      ports.add(port);
      // Nonces from a stream of their own, so that the flight's other random draws stay as they were.
      RequestAuthorizer signer = RequestAuthorizer.terminal(terminal.key, id, terminal.clock(),
          new java.util.Random(seed ^ id));
      return new HttpUploader(port.uri(), signer, issuerKeys, RETRY, clock::advance);
    });
  }

  /** Every line the run logged: equal for two runs of one seed. */
  String log() {
    return record.tail(Integer.MAX_VALUE);
  }

  /** The whole run; returns the record the invariants judge. */
  FlightRecord fly() throws IOException {
    record.log("seed " + seed + " " + faults);
    long t0 = System.nanoTime();
    setUp();
    long t1 = System.nanoTime();
    new InFlight(this).run(20 + random.nextInt(30));
    long t2 = System.nanoTime();
    new Landing(this).run();
    long t3 = System.nanoTime();
    timings = String.format("set-up %d ms, flight %d ms, landing %d ms", (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    return record;
  }

  private void setUp() {
    Api api = server.api();
    String code = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)) + random.nextInt(10);
    JsonNode airline = api.post("/v1/airlines", SimServer.ADMIN_KEY,
        Map.of("code", code, "name", "Airline " + code, "currency", "CNY")).expect(201).json();
    airlineId = airline.at("/airline/id").asLong();
    merchantKey = airline.get("merchantApiKey").asText();
    Instant departure = clock.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
    arrival = departure.plus(Duration.ofHours(2 + random.nextInt(4)));
    flightId = flight(api, "8" + random.nextInt(1000), departure, arrival);
    otherFlightId = flight(api, "9" + random.nextInt(1000), departure, arrival);
    issuerKeys = issuerKeys(api);
    int terminalCount = 2 + random.nextInt(2);
    for (int i = 0; i < terminalCount; i++) {
      terminals.add(terminal(api, flightId, i));
    }
    otherFlightTerminal = terminal(api, otherFlightId, terminalCount);
    int passengerCount = 2 + random.nextInt(5);
    for (int i = 0; i < passengerCount; i++) {
      passenger(api, i);
    }
    // Bundles last: their manifests must list the passengers just enrolled.
    terminals.forEach(t -> installBundle(api, t));
    installBundle(api, otherFlightTerminal);
    clock.advance(Duration.between(clock.now(), departure.plus(Duration.ofMinutes(30))));
    record.log("set up: " + terminals.size() + " terminals, " + passengers.size() + " passengers");
  }

  private long flight(Api api, String number, Instant departure, Instant arrives) {
    return api.post("/v1/airlines/" + airlineId + "/flights", merchantKey, Map.of("flightNumber", number,
        "flightDate", departure.atZone(ZoneOffset.UTC).toLocalDate().toString(),
        "scheduledDeparture", departure.toString(), "scheduledArrival", arrives.toString()))
        .expect(201).json().get("id").asLong();
  }

  private static List<IssuerKey> issuerKeys(Api api) {
    List<IssuerKey> keys = new ArrayList<>();
    for (JsonNode key : api.get("/v1/issuer-keys", null).expect(200).json().get("keys")) {
      keys.add(new IssuerKey(key.get("keyId").asInt(), new VerificationKey(SignatureAlgorithm.ED25519,
          Bytes.of(Base64.getDecoder().decode(key.get("publicKey").asText())))));
    }
    return keys;
  }

  private SimTerminal terminal(Api api, long onFlight, int index) {
    byte[] seedBytes = new byte[32];
    random.nextBytes(seedBytes);
    SoftwareSigner key = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Bytes.of(seedBytes));
    long id = api.post("/v1/airlines/" + airlineId + "/terminals", merchantKey, Map.of(
        "publicKey", Base64.getEncoder().encodeToString(key.publicKey().encoded().toByteArray()),
        "displayName", "Cart " + index)).expect(201).json().at("/terminal/id").asLong();
    Duration skew = faults.skew(random);
    record.log("terminal " + id + " on flight " + onFlight + ", clock skew " + skew);
    return new SimTerminal(id, onFlight, key, directory.resolve("terminal-" + id), clock.device(skew), issuerKeys,
        random.split());
  }

  private void installBundle(Api api, SimTerminal terminal) {
    Api.Response answer = api.get("/v1/flights/" + terminal.flightId + "/trust-bundle", merchantKey).expect(200);
    JsonNode bundle = answer.json();
    byte[] bytes = Base64.getDecoder().decode(bundle.get("bundle").asText());
    // As a crew app does at every sync: from now on the terminal reads its clock on the server's time.
    IssuerClock.parseHttpDate(answer.header("Date")).ifPresent(terminal.sdk()::recordIssuerTime);
    if (!terminal.sdk().installBundle(bytes).isAccepted()) {
      record.violation("terminal " + terminal.id + " refused the server's own bundle");
    }
  }

  private void passenger(Api api, int index) {
    // The first passenger is always eligible, so every flight has someone paying.
    int score = index > 0 && random.nextInt(10) == 0 ? 500 + random.nextInt(50) : 600 + random.nextInt(250);
    long balance = random.nextInt(4) == 0 ? random.nextInt(5_000) : 50_000 + random.nextInt(500_000);
    JsonNode account = api.post("/v1/accounts", SimServer.ADMIN_KEY, Map.of("displayName", "Passenger " + index,
        "identityLevel", 3, "currency", "CNY", "openingBalanceMinor", balance, "score", score)).expect(201).json();
    long accountId = account.at("/account/id").asLong();
    DevicePort port = new DevicePort(network, false);
    ports.add(port);
    HttpIssuerClient link = new HttpIssuerClient(port.uri(), account.get("walletToken").asText(), issuerKeys,
        RETRY, clock::advance);
    Duration skew = faults.skew(random);
    SimPassenger passenger = new SimPassenger("passenger " + index, accountId, false,
        directory.resolve("wallet-" + index), clock.device(skew), issuerKeys, link, random.nextLong());
    String refused;
    try {
      var enrolled = passenger.sdk().enrol(flightId);
      refused = enrolled.isAccepted() ? null : io.aloft.wallet.RefusalReason.of(enrolled).message();
    } catch (io.aloft.wallet.issuer.IssuerException e) {
      refused = e.getMessage();
    }
    if (refused == null) {
      passengers.add(passenger);
      record.log(passenger + " (account " + accountId + ", score " + score + ", balance " + balance
          + ", skew " + skew + ") enrolled");
    } else {
      record.event("enrolment refused");
      record.log(passenger + " (score " + score + ") not enrolled: " + refused);
      passenger.close();
    }
    port.faulty(true);
  }

  @Override
  public void close() {
    terminals.forEach(SimTerminal::close);
    if (otherFlightTerminal != null) {
      otherFlightTerminal.close();
    }
    passengers.forEach(SimPassenger::close);
    ports.forEach(DevicePort::close);
    server.close();
    TempDirectories.delete(directory);
  }
}
