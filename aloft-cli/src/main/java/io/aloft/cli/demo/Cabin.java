package io.aloft.cli.demo;

import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.rules.CabinView;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.cabin.CabinStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cabin network of the demo flight, in process and on the simulated clock: whenever the
 * flight moves on, each terminal's signed digest is delivered to every terminal it can reach, which
 * merges it and notes the peer as heard, as the TCP transport would. One terminal can be cut off
 * from the others for part of the flight (the partition); while cut off it neither sends nor hears.
 */
final class Cabin {
  /** A peer not heard for this long is out of contact: then a cart takes one payment per passenger. */
  static final Duration CONTACT_WINDOW = Duration.ofMinutes(2);

  private final FlightSimulation sim;
  private Optional<CrewTerminal> cutOff = Optional.empty();
  /** The terminal the partition cut off, kept for the report once it has healed. */
  private CrewTerminal cutTerminal;
  private String partitionFrom;
  private String partitionUntil;
  /** The journal head each terminal last delivered to each peer. */
  private final Map<CrewTerminal, Map<CrewTerminal, Long>> delivered = new HashMap<>();
  private int digestsMerged;
  private int digestsRefused;
  private int outOfContactRefusals;
  private Boolean agreeAfterHealing;

  Cabin(FlightSimulation sim) {
    this.sim = sim;
  }

  /** Sets every terminal's contact window; call once the bundles are installed, and after a restart. */
  void configure(CrewTerminal t) {
    t.terminal().setCabinContactWindow(CONTACT_WINDOW);
  }

  /**
   * Every terminal sends its digest to every terminal it can reach now and has not yet sent its
   * latest journal head to; each merges what it gets. A peer already up to date only hears the
   * sender again (the transport resends the same digest, which merges to nothing).
   */
  void exchange() {
    List<CrewTerminal> terminals = sim.terminals;
    for (CrewTerminal from : terminals) {
      long head = from.terminal().journalSequence();
      byte[] encoded = null;
      for (CrewTerminal to : terminals) {
        if (to == from || !reachable(from, to)) {
          continue;
        }
        Map<CrewTerminal, Long> sent = delivered.computeIfAbsent(from, f -> new HashMap<>());
        if (sent.getOrDefault(to, -1L) < head) {
          if (encoded == null) {
            Optional<CabinDigest> digest = from.terminal().cabinDigest();
            if (digest.isEmpty()) {
              break;
            }
            encoded = digest.get().encode();
          }
          Verdict<CabinDigest> verdict = to.terminal().receiveCabinDigest(encoded);
          if (!verdict.isAccepted()) {
            digestsRefused++;
            continue;
          }
          digestsMerged++;
          sent.put(to, head);
        }
        to.terminal().notePeerHeard(from.terminalId, "cabin (in process)");
      }
    }
  }

  private boolean reachable(CrewTerminal a, CrewTerminal b) {
    return cutOff.isEmpty() || (a != cutOff.get() && b != cutOff.get());
  }

  /** {@code t} loses the cabin network: from now on it neither sends nor hears a digest. */
  void cut(CrewTerminal t) {
    exchange();
    cutOff = Optional.of(t);
    cutTerminal = t;
    partitionFrom = sim.flightTime();
  }

  /** The cut-off terminal is back on the cabin network: everyone exchanges at once. */
  void heal() {
    cutOff = Optional.empty();
    partitionUntil = sim.flightTime();
    exchange();
    agreeAfterHealing = agree();
  }

  boolean isCutOff(CrewTerminal t) {
    return cutOff.filter(c -> c == t).isPresent();
  }

  Optional<CrewTerminal> cutOff() {
    return cutOff;
  }

  void countOutOfContactRefusal() {
    outOfContactRefusals++;
  }

  /** How {@code t} sees the cabin now: its peers in contact and the exposure still open. */
  String statusText(CrewTerminal t) {
    CabinStatus status = t.terminal().cabinStatus(CONTACT_WINDOW);
    int peers = status.peers().size();
    return "cabin status at " + t.spec.label() + ": " + (peers - status.outOfContact()) + " of " + peers
        + " peers in contact, " + status.outOfContact() + " out of contact, open exposure "
        + status.openExposure().stream().map(Object::toString).reduce((a, b) -> a + ", " + b).orElse("none");
  }

  /**
   * Whether the carts agree: each one's own digest joined with everything it merged from the
   * others is the same view of the cabin at every terminal.
   */
  boolean agree() {
    CabinView first = null;
    for (CrewTerminal t : sim.terminals) {
      CabinView view = t.terminal().cabinView();
      Optional<CabinDigest> own = t.terminal().cabinDigest();
      if (own.isPresent()) {
        view = view.merge(own.get());
      }
      if (first == null) {
        first = view;
      } else if (!first.equals(view)) {
        return false;
      }
    }
    return true;
  }

  FlightReport.CabinLine line() {
    return new FlightReport.CabinLine(CONTACT_WINDOW.toSeconds(), digestsMerged, digestsRefused,
        cutTerminal == null ? null : cutTerminal.spec.label(), partitionFrom,
        partitionUntil, outOfContactRefusals, agreeAfterHealing != null && agreeAfterHealing);
  }
}
