package io.aloft.flight;

import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One whole flight through the real terminal and wallet SDKs and a server: online set-up and
 * enrolment, then offline from the ground with the carts in cabin sync ({@link InFlight}), then
 * landing and uploads ({@link Landing}). Everything random comes from the seed and every device
 * reads the one flight clock. What happens is told to the {@link FlightListener} as it happens.
 */
public final class FlightEngine implements AutoCloseable {
  /**
   * What the flight left behind: its devices (open until {@link #close}) and the cabin's summary.
   *
   * @param clones phones a fraudster copied during the flight
   * @param settled false when the server has no settlement endpoints, so nothing was settled
   */
  public record Summary(Ground.Airline airline, Ground.ScheduledFlight flight, List<TerminalDevice> terminals,
      List<WalletDevice> passengers, List<WalletDevice> clones, Cabin.Summary cabin, boolean settled) {}

  private final FlightConfig config;
  private final Ground ground;
  private final FlightClock clock;
  private final FlightListener listener;
  private final FlightRandom random;
  private final SplittableRandom story;
  private final List<TerminalDevice> terminals = new ArrayList<>();
  private final List<WalletDevice> passengers = new ArrayList<>();
  private final List<WalletDevice> clones = new ArrayList<>();

  public FlightEngine(FlightConfig config, Ground ground, FlightClock clock, FlightListener listener) {
    this.config = config;
    this.ground = ground;
    this.clock = clock;
    this.listener = listener;
    this.random = new FlightRandom(config.seed(), config.deviceSalt());
    this.story = random.story();
  }

  public Summary fly() throws Ground.GroundException, IOException {
    Instant departure = clock.instant().plus(FlightConfig.BOARDING_LEAD);
    listener.on(Duration.between(departure, clock.instant()), new FlightEvent.SettingUp(config.terminals(),
        config.passengers()));
    Ground.Airline airline = ground.createAirline("Aloft Demo Air", Cast.CURRENCY);
    Ground.ScheduledFlight flight = ground.scheduleFlight(airline,
        Long.toString(100 + Math.floorMod(config.seed(), 9000)), departure, departure.plus(FlightConfig.FLIGHT_TIME));
    ground.setCatalogue(airline, SeedCatalogue.CATALOGUE);
    List<IssuerKey> issuerKeys = ground.issuerKeys();
    for (Cast.TerminalSpec spec : Cast.terminals(config.terminals())) {
      terminals.add(TerminalDevice.register(spec, config.workDir().resolve("terminals").resolve(spec.label()),
          random.forDevice(spec.label()), ground, airline));
    }
    openAccounts(departure);
    Aboard aboard = new Aboard(config, ground, clock, random, story, listener, airline, flight, departure,
        issuerKeys, List.copyOf(terminals), List.copyOf(passengers), new Cabin(terminals));
    enrol(aboard);
    installBundles(aboard);
    clock.advanceTo(departure.plus(Duration.ofMinutes(20)));
    aboard.emit(new FlightEvent.Selling());
    clones.addAll(new InFlight(aboard).fly());
    clock.advanceTo(departure.plus(FlightConfig.FLIGHT_TIME).plus(Duration.ofMinutes(20)));
    aboard.emit(new FlightEvent.Landed());
    boolean settled = new Landing(aboard, clones).settle();
    return new Summary(airline, flight, List.copyOf(terminals), List.copyOf(passengers), List.copyOf(clones),
        aboard.cabin().summary(), settled);
  }

  private void openAccounts(Instant departure) throws Ground.GroundException {
    List<Cast.PassengerSpec> specs = Cast.passengers(config.passengers(), story);
    for (Cast.PassengerSpec spec : specs) {
      Ground.Account account = ground.openAccount(spec.name(), 2, Cast.CURRENCY, spec.balanceMinor(), spec.score());
      WalletDevice wallet = new WalletDevice(spec, account.id(), account.walletToken(),
          config.workDir().resolve("wallets").resolve(spec.label()));
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
      byte[] bundle = ground.trustBundle(aboard.flight().id(), terminal.signer(ground.serverClock()));
      Verdict<TrustBundle> installed = terminal.open(aboard.issuerKeys(), clock, config.seed()).installBundle(bundle);
      if (installed instanceof Verdict.Rejected<TrustBundle> refused) {
        throw new IllegalStateException(terminal.label() + " refused its bundle: " + refused.reason() + " "
            + refused.detail());
      }
      aboard.cabin().configure(terminal);
    }
  }

  @Override
  public void close() {
    passengers.forEach(WalletDevice::close);
    clones.forEach(WalletDevice::close);
    terminals.forEach(TerminalDevice::close);
  }
}
