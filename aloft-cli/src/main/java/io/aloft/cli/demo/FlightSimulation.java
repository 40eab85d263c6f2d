package io.aloft.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.http.ApiException;
import io.aloft.cli.http.IssuerApi;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.issuer.IssuerException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A whole flight, online then offline then online again: set-up and enrolment, the flight
 * ({@link InFlight}), landing and settlement ({@link Landing}). Everything random comes from the
 * seed and every device reads the one simulated clock.
 */
final class FlightSimulation implements AutoCloseable {
  static final Duration BOARDING_LEAD = Duration.ofHours(2);
  static final Duration FLIGHT_TIME = Duration.ofHours(3);
  /** Enrolment happens in the boarding lead, selling in the first two hours of the flight, however many fly. */
  static final Duration ENROLMENT_WINDOW = Duration.ofMinutes(90);
  static final Duration SELLING_WINDOW = Duration.ofHours(2);

  final DemoServer server;
  final SimClock clock;
  final DemoRandom random;
  final long seed;
  final SplittableRandom story;
  final Path workDir;
  final Progress progress;
  final List<Passenger> passengers = new ArrayList<>();
  final List<CrewTerminal> terminals = new ArrayList<>();
  /** The cabin network between the terminals, in process. */
  final Cabin cabin = new Cabin(this);
  /** Every sale a terminal accepted, by {@link #saleKey}: what it charged, in minor units. */
  final Map<String, Long> accepted = new HashMap<>();
  List<IssuerKey> issuerKeys;
  IssuerApi airline;
  String merchantKey;
  long airlineId;
  long flightId;
  String flightCode;
  Instant departure;
  /** The longest pause between two sales, so that every sale of the flight fits the selling window. */
  int maxSecondsBetweenSales;

  FlightSimulation(DemoServer server, SimClock clock, long seed, Path workDir, Progress progress) {
    this.server = server;
    this.clock = clock;
    this.seed = seed;
    this.random = new DemoRandom(seed, server.isOwned() ? "" : java.util.UUID.randomUUID().toString());
    this.story = random.story();
    this.workDir = workDir;
    this.progress = progress;
  }

  FlightReport run(int passengerCount, int terminalCount) throws Exception {
    setUp(passengerCount, terminalCount);
    // About three sales per passenger and a dozen for the flight's moments.
    maxSecondsBetweenSales = (int) Math.max(2, Math.min(160, SELLING_WINDOW.toSeconds() / (3L * passengerCount + 12)));
    enrol();
    installBundles();
    clock.advanceTo(departure.plus(Duration.ofMinutes(20)));
    progress.step("in flight, offline from the ground, the carts in cabin sync: selling");
    InFlight flight = new InFlight(this);
    flight.fly();
    clock.advanceTo(departure.plus(FLIGHT_TIME).plus(Duration.ofMinutes(20)));
    progress.step("landed: uploading from terminals and wallets in random order");
    FlightReport.Landing landing = new Landing(this, flight.clones()).settle();
    return new FlightReport(seed, flightCode, Cast.CURRENCY, passengerLines(), terminalLines(), flight.events(),
        cabin.line(), landing);
  }

  private void setUp(int passengerCount, int terminalCount) throws Exception {
    progress.step("setting up airline, catalogue, flight, " + terminalCount + " terminals and " + passengerCount
        + " passengers");
    IssuerApi admin = server.admin();
    JsonNode created = createAirline(admin);
    airlineId = created.at("/airline/id").asLong();
    merchantKey = created.get("merchantApiKey").asText();
    airline = server.as(merchantKey);
    departure = clock.instant().plus(BOARDING_LEAD);
    JsonNode flight = airline.createFlight(airlineId, Long.toString(100 + Math.floorMod(seed, 9000)), departure,
        departure.plus(FLIGHT_TIME));
    flightId = flight.get("id").asLong();
    flightCode = flight.get("flightCode").asText();
    airline.setCatalogue(airlineId, SeedCatalogue.asApiItems(SeedCatalogue.CATALOGUE));
    issuerKeys = admin.issuerKeys();
    for (Cast.TerminalSpec spec : Cast.terminals(terminalCount)) {
      CrewTerminal terminal = new CrewTerminal(spec, workDir.resolve("terminals").resolve(spec.label()), random);
      terminal.terminalId = airline.registerTerminal(airlineId, terminal.key.publicKey(), spec.name())
          .at("/terminal/id").asLong();
      terminals.add(terminal);
    }
    List<Cast.PassengerSpec> specs = Cast.passengers(passengerCount, story);
    for (Cast.PassengerSpec spec : specs) {
      JsonNode account = admin.createAccount(spec.name(), 2, Cast.CURRENCY, spec.balanceMinor(), spec.score());
      passengers.add(new Passenger(spec, account.at("/account/id").asLong(), account.get("walletToken").asText(),
          workDir.resolve("wallets").resolve(spec.label())));
      progress.count("accounts", passengers.size(), specs.size());
    }
  }

  /** The demo's own server is fresh; a shared one may already have our code, so try others. */
  private JsonNode createAirline(IssuerApi admin) throws ApiException {
    if (server.isOwned()) {
      return admin.createAirline("AD", "Aloft Demo Air", Cast.CURRENCY);
    }
    SplittableRandom codes = new SplittableRandom();
    for (int attempt = 0; ; attempt++) {
      String code = "A" + (char) ('A' + codes.nextInt(26)) + (char) ('A' + codes.nextInt(26));
      try {
        return admin.createAirline(code, "Aloft Demo Air", Cast.CURRENCY);
      } catch (ApiException e) {
        if (e.status() != 409 || attempt >= 20) {
          throw e;
        }
      }
    }
  }

  private void enrol() {
    progress.step("enrolling passengers (score at least 550, no arrears)");
    int done = 0;
    long spacing = Math.max(1, Math.min(90, ENROLMENT_WINDOW.toSeconds() / passengers.size()));
    for (Passenger passenger : passengers) {
      clock.advance(Duration.ofSeconds(1 + story.nextLong(spacing)));
      passenger.open(server.baseUrl(), issuerKeys, clock, random);
      try {
        Verdict<?> enrolled = passenger.wallet().enrol(flightId);
        if (!enrolled.isAccepted()) {
          passenger.refusalReason = Optional.of(RefusalReason.of(enrolled).name());
          passenger.refusalMessage = Optional.of(RefusalReason.of(enrolled).message());
        }
      } catch (IssuerException e) {
        passenger.refusalReason = Optional.of(e.code());
        passenger.refusalMessage = Optional.of(e.getMessage());
      }
      progress.count("passengers", ++done, passengers.size());
    }
  }

  private void installBundles() throws ApiException {
    clock.advanceTo(departure.minus(Duration.ofMinutes(15)));
    progress.step("terminals fetch the trust bundle before departure");
    for (CrewTerminal terminal : terminals) {
      byte[] bundle = new IssuerApi(new ApiClient(server.baseUrl(), terminal.signer(signingClock()))).trustBundle(flightId);
      Verdict<TrustBundle> installed = terminal.open(issuerKeys, clock, seed).installBundle(bundle);
      if (installed instanceof Verdict.Rejected<TrustBundle> refused) {
        throw new IllegalStateException(terminal.spec.label() + " refused its bundle: " + refused.reason() + " "
            + refused.detail());
      }
      cabin.configure(terminal);
    }
  }

  private List<FlightReport.PassengerLine> passengerLines() throws ApiException {
    List<FlightReport.PassengerLine> lines = new ArrayList<>();
    for (Passenger p : passengers) {
      JsonNode account = server.admin().account(p.accountId);
      lines.add(new FlightReport.PassengerLine(p.spec.label(), p.spec.name(), p.spec.score(), p.refusalReason.isEmpty(),
          p.refusalReason.orElse(null), p.refusalMessage.orElse(null), p.payments, p.spentMinor,
          account.get("status").asText(), account.at("/balance/amountMinor").asLong()));
    }
    return lines;
  }

  private List<FlightReport.TerminalLine> terminalLines() {
    return terminals.stream().map(t -> new FlightReport.TerminalLine(t.spec.label(), t.spec.name(), t.sales,
        t.salesMinor, t.refunds, t.refundedMinor, t.refused)).toList();
  }

  static String saleKey(long terminalId, String paymentId) {
    return terminalId + "/" + paymentId;
  }

  /** The clock terminals sign requests with: the server's own, simulated only when the demo runs it. */
  java.time.Clock signingClock() {
    return server.isOwned() ? clock : java.time.Clock.systemUTC();
  }

  /** "+0:25": flight time since scheduled departure, which the seed fixes (unlike the wall clock). */
  String flightTime() {
    long minutes = Duration.between(departure, clock.instant()).toMinutes();
    return (minutes < 0 ? "-" : "+") + Math.abs(minutes) / 60 + ":" + String.format("%02d", Math.abs(minutes) % 60);
  }

  @Override
  public void close() {
    passengers.forEach(Passenger::close);
    terminals.forEach(CrewTerminal::close);
  }
}
