package io.aloft.flight;

import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One whole flight through the real terminal and wallet SDKs and a server: online set-up and
 * enrolment, then offline from the ground with the carts in cabin sync (the {@link FlightStory}:
 * the demo's {@link ScriptedStory}, or the simulation's seeded sales, attacks and faults), then
 * landing and upload rounds ({@link Landing}). Everything random comes from the seed and every
 * device reads the one flight clock, through its own skew. What happens is told to the {@link
 * FlightListener} as it happens.
 */
public final class FlightEngine implements AutoCloseable {
  /**
   * What the flight left behind: its devices (open until {@link #close}) and the cabin's summary.
   *
   * @param otherFlight terminals of another flight ({@link FlightStory#terminalsOnAnotherFlight})
   * @param clones phones a fraudster copied during the flight
   * @param settled false when the server has no settlement endpoints, so nothing was settled
   * @param everythingAnswered every terminal's payments were answered and every wallet synced after them
   */
  public record Summary(Ground.Airline airline, Ground.ScheduledFlight flight, List<TerminalDevice> terminals,
      List<TerminalDevice> otherFlight, List<WalletDevice> passengers, List<WalletDevice> clones,
      Cabin.Summary cabin, boolean settled, boolean everythingAnswered) {}

  private final FlightConfig config;
  private final Ground ground;
  private final FlightClock clock;
  private final FlightListener listener;
  private final FlightStory plot;
  private final FlightRandom random;
  private final SplittableRandom story;
  private final List<TerminalDevice> terminals = new ArrayList<>();
  private final List<TerminalDevice> otherFlight = new ArrayList<>();
  private final List<WalletDevice> passengers = new ArrayList<>();
  private final List<WalletDevice> clones = new ArrayList<>();

  /** The demo's flight: {@link ScriptedStory}. */
  public FlightEngine(FlightConfig config, Ground ground, FlightClock clock, FlightListener listener) {
    this(config, ground, clock, listener, new ScriptedStory());
  }

  public FlightEngine(FlightConfig config, Ground ground, FlightClock clock, FlightListener listener,
      FlightStory plot) {
    this.config = config;
    this.ground = ground;
    this.clock = clock;
    this.listener = listener;
    this.plot = plot;
    this.random = new FlightRandom(config.seed(), config.deviceSalt());
    this.story = random.story();
  }

  public Summary fly() throws Ground.GroundException, IOException {
    Instant departure = clock.instant().plus(FlightConfig.BOARDING_LEAD);
    listener.on(Duration.between(departure, clock.instant()), new FlightEvent.SettingUp(config.terminals(),
        config.passengers()));
    Ground.Airline airline = ground.createAirline("Aloft Demo Air", Cast.CURRENCY);
    long flightNumber = 100 + Math.floorMod(config.seed(), 9000);
    Instant arrival = departure.plus(FlightConfig.FLIGHT_TIME);
    Ground.ScheduledFlight flight = ground.scheduleFlight(airline, Long.toString(flightNumber), departure, arrival);
    ground.setCatalogue(airline, SeedCatalogue.CATALOGUE);
    List<IssuerKey> issuerKeys = ground.issuerKeys();
    for (Cast.TerminalSpec spec : Cast.terminals(config.terminals())) {
      terminals.add(register(spec, airline));
    }
    openAccounts(departure);
    Aboard aboard = new Aboard(config, ground, clock, random, story, listener, plot, airline, flight, departure,
        issuerKeys, List.copyOf(terminals), otherFlight, List.copyOf(passengers), clones, new Cabin(terminals));
    enrol(aboard);
    installBundles(aboard);
    anotherFlight(aboard, Long.toString(flightNumber + 1), departure, arrival);
    clock.advanceTo(departure.plus(Duration.ofMinutes(20)));
    aboard.emit(new FlightEvent.Selling());
    plot.fly(aboard);
    clock.advanceTo(arrival.plus(Duration.ofMinutes(20)));
    aboard.emit(new FlightEvent.Landed());
    Landing landing = new Landing(aboard);
    boolean settled = landing.settle();
    return new Summary(airline, flight, List.copyOf(terminals), List.copyOf(otherFlight), List.copyOf(passengers),
        List.copyOf(clones), aboard.cabin().summary(), settled, settled && landing.everythingAnswered());
  }

  private TerminalDevice register(Cast.TerminalSpec spec, Ground.Airline airline) throws Ground.GroundException {
    return TerminalDevice.register(spec, config.workDir().resolve("terminals").resolve(spec.label()),
        random.forDevice(spec.label()), plot.clockSkew(spec.label()), ground, airline);
  }

  private void openAccounts(Instant departure) throws Ground.GroundException {
    List<Cast.PassengerSpec> specs = plot.cast(config.passengers(), story);
    for (Cast.PassengerSpec spec : specs) {
      Ground.Account account = ground.openAccount(spec.name(), spec.identityLevel(), Cast.CURRENCY,
          spec.balanceMinor(), spec.score());
      WalletDevice wallet = new WalletDevice(spec, account.id(), account.walletToken(),
          config.workDir().resolve("wallets").resolve(spec.label()), plot.clockSkew(spec.label()), false);
      passengers.add(wallet);
      listener.on(Duration.between(departure, clock.instant()),
          new FlightEvent.AccountOpened(wallet, passengers.size(), specs.size()));
    }
  }

  private void enrol(Aboard aboard) {
    aboard.emit(new FlightEvent.Enrolling());
    int done = 0;
    long spacing = Math.max(1, Math.min(90, FlightConfig.ENROLMENT_WINDOW.toSeconds() / passengers.size()));
    for (WalletDevice passenger : passengers) {
      clock.advance(Duration.ofSeconds(1 + story.nextLong(spacing)));
      aboard.open(passenger);
      aboard.emit(new FlightEvent.EnrolmentAnswered(passenger, passenger.enrol(aboard.flight().id()), ++done,
          passengers.size()));
    }
  }

  private void installBundles(Aboard aboard) throws Ground.GroundException {
    clock.advanceTo(aboard.departure().minus(Duration.ofMinutes(15)));
    aboard.emit(new FlightEvent.FetchingBundles());
    for (TerminalDevice terminal : terminals) {
      install(aboard.flight(), terminal, aboard);
      aboard.cabin().configure(terminal);
    }
  }

  /**
   * Opens {@code terminal} and installs {@code flight}'s bundle, as a crew app does at its last
   * sync on the ground: from then on its clock reads the issuer's time.
   */
  private void install(Ground.ScheduledFlight flight, TerminalDevice terminal, Aboard aboard)
      throws Ground.GroundException {
    Ground.Bundle bundle = ground.trustBundle(flight.id(), terminal.signer(ground.serverClock()));
    Terminal sdk = terminal.open(aboard.issuerKeys(), clock, config.seed());
    bundle.issuerTime().ifPresent(sdk::recordIssuerTime);
    Verdict<TrustBundle> installed = sdk.installBundle(bundle.encoded());
    if (installed instanceof Verdict.Rejected<TrustBundle> refused) {
      throw new IllegalStateException(terminal.label() + " refused its bundle: " + refused.reason() + " "
          + refused.detail());
    }
  }

  /** The story's terminals of another flight of the airline, each with that flight's bundle. */
  private void anotherFlight(Aboard aboard, String flightNumber, Instant departure, Instant arrival)
      throws Ground.GroundException {
    int count = plot.terminalsOnAnotherFlight();
    if (count == 0) {
      return;
    }
    Ground.ScheduledFlight other = ground.scheduleFlight(aboard.airline(), flightNumber, departure, arrival);
    for (int i = 0; i < count; i++) {
      Cast.TerminalSpec spec = new Cast.TerminalSpec("X" + (i + 1), "Cart of flight " + other.code());
      TerminalDevice terminal = register(spec, aboard.airline());
      otherFlight.add(terminal);
      install(other, terminal, aboard);
    }
  }

  @Override
  public void close() {
    passengers.forEach(WalletDevice::close);
    clones.forEach(WalletDevice::close);
    terminals.forEach(TerminalDevice::close);
    otherFlight.forEach(TerminalDevice::close);
  }
}
