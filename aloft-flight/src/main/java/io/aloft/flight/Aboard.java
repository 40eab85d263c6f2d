package io.aloft.flight;

import io.aloft.protocol.message.IssuerKey;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A flight once it is set up, as its {@link FlightStory} sees it: configuration, devices, the
 * server's flight, and the few state objects shared on purpose — the clock, the story's random
 * stream and the cabin network. Nothing here is reassigned; only {@code clones} grows, when a
 * story copies a phone.
 *
 * @param story the random stream every choice of the flight is drawn from
 * @param plot the story being flown
 * @param otherFlight crew terminals of another flight of the same airline ({@link
 *     FlightStory#terminalsOnAnotherFlight}); they upload after landing too, but are not in the cabin
 */
public record Aboard(FlightConfig config, Ground ground, FlightClock clock, FlightRandom random,
    SplittableRandom story, FlightListener listener, FlightStory plot, Ground.Airline airline,
    Ground.ScheduledFlight flight, Instant departure, List<IssuerKey> issuerKeys, List<TerminalDevice> terminals,
    List<TerminalDevice> otherFlight, List<WalletDevice> passengers, List<WalletDevice> clones, Cabin cabin) {

  public void emit(FlightEvent event) {
    listener.on(sinceDeparture(), event);
  }

  public Duration sinceDeparture() {
    return Duration.between(departure, clock.instant());
  }

  /** The passengers whose wallets enrolled for this flight: the ones who can pay. */
  public List<WalletDevice> flyers() {
    return passengers.stream().filter(WalletDevice::isEnrolled).toList();
  }

  /** Opens (or reopens) a passenger's wallet on its clock, with its seeded key source. */
  public void open(WalletDevice wallet) {
    wallet.open(ground.issuerClient(wallet.walletToken(), issuerKeys), issuerKeys, clock.device(wallet.skew()),
        random.forDevice(wallet.spec().label()));
  }

  /**
   * A second phone holding a copy of {@code original}'s folder, key and counter included, as a
   * fraudster's clone would: open, on a clock of its own, and uploading after landing like any
   * wallet. The original is reopened.
   */
  public WalletDevice cloneOf(WalletDevice original) throws IOException {
    String label = original.label() + "-clone";
    WalletDevice clone = original.copyTo(config.workDir().resolve("wallets").resolve(label), plot.clockSkew(label));
    open(original);
    open(clone);
    clones.add(clone);
    return clone;
  }

  /**
   * The terminal's app is restarted on its folder: closed cleanly, or killed ({@code crash}: the
   * instance dropped with its database open, as a killed process leaves it). Its cabin settings
   * are set again, as the app does when it starts.
   */
  public void restart(TerminalDevice terminal, boolean crash) {
    if (crash) {
      terminal.crashAndRestart();
    } else {
      terminal.restart();
    }
    cabin.configure(terminal);
  }

  public TerminalDevice terminal(int index) {
    return terminals.get(index);
  }

  public TerminalDevice lastTerminal() {
    return terminals.get(terminals.size() - 1);
  }
}
