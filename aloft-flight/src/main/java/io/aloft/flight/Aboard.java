package io.aloft.flight;

import io.aloft.protocol.message.IssuerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A flight once it is set up: what every part of the flight reads (configuration, devices, the
 * server's flight) and the few state objects they share on purpose — the clock, the story's
 * random stream and the cabin network. Nothing here is reassigned.
 */
record Aboard(FlightConfig config, Ground ground, FlightClock clock, FlightRandom random, SplittableRandom story,
    FlightListener listener, Ground.Airline airline, Ground.ScheduledFlight flight, Instant departure,
    List<IssuerKey> issuerKeys, List<TerminalDevice> terminals, List<WalletDevice> passengers, Cabin cabin) {

  void emit(FlightEvent event) {
    listener.on(sinceDeparture(), event);
  }

  Duration sinceDeparture() {
    return Duration.between(departure, clock.instant());
  }

  /** Opens (or reopens) a passenger's wallet on the flight's clock, with its seeded key source. */
  void open(WalletDevice wallet) {
    wallet.open(ground.issuerClient(wallet.walletToken(), issuerKeys), issuerKeys, clock,
        random.forDevice(wallet.spec().label()));
  }

  TerminalDevice terminal(int index) {
    return terminals.get(index);
  }

  TerminalDevice lastTerminal() {
    return terminals.get(terminals.size() - 1);
  }
}
