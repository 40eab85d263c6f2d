package io.aloft.flight;

import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.rules.CabinView;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.cabin.CabinStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cabin network between a flight's terminals, in process and on the flight's clock: whenever
 * the flight moves on, each terminal's signed digest is delivered to every terminal it can reach,
 * which merges it and notes the peer as heard, as the TCP transport would. One terminal can be cut
 * off from the others for part of the flight (the partition); while cut off it neither sends nor
 * hears.
 */
public final class Cabin {
  /** A peer not heard for this long is out of contact: then a cart takes one payment per passenger. */
  public static final Duration CONTACT_WINDOW = Duration.ofMinutes(2);

  /**
   * Cabin sync over a whole flight.
   *
   * @param digestsMerged digests delivered to a peer (each carries a newer journal head) and admitted
   * @param digestsRefused digests a terminal refused (none from the flight's own terminals)
   * @param cutOff the terminal the partition cut off, if there was one
   * @param partitionFrom flight time the partition began
   * @param partitionUntil flight time it healed, if it did
   * @param outOfContactRefusals payments refused because the cart was out of contact
   * @param agreeAfterHealing every terminal held the same view of the cabin once it healed
   */
  public record Summary(Duration contactWindow, int digestsMerged, int digestsRefused, Optional<TerminalDevice> cutOff,
      Optional<Duration> partitionFrom, Optional<Duration> partitionUntil, int outOfContactRefusals,
      boolean agreeAfterHealing) {}

  private final List<TerminalDevice> terminals;
  private Optional<TerminalDevice> cutOff = Optional.empty();
  private Optional<TerminalDevice> cutTerminal = Optional.empty();
  private Optional<Duration> partitionFrom = Optional.empty();
  private Optional<Duration> partitionUntil = Optional.empty();
  /** The journal head each terminal last delivered to each peer. */
  private final Map<TerminalDevice, Map<TerminalDevice, Long>> delivered = new HashMap<>();
  private int digestsMerged;
  private int digestsRefused;
  private int outOfContactRefusals;
  private boolean agreeAfterHealing;

  Cabin(List<TerminalDevice> terminals) {
    this.terminals = List.copyOf(terminals);
  }

  /** Sets a terminal's contact window; once the bundles are installed, and after a restart. */
  void configure(TerminalDevice t) {
    t.sdk().setCabinContactWindow(CONTACT_WINDOW);
  }

  /**
   * Every terminal sends its digest to every terminal it can reach now and has not yet sent its
   * latest journal head to; each merges what it gets. A peer already up to date only hears the
   * sender again (the transport resends the same digest, which merges to nothing).
   */
  public void exchange() {
    for (TerminalDevice from : terminals) {
      long head = from.sdk().journalSequence();
      byte[] encoded = null;
      for (TerminalDevice to : terminals) {
        if (to == from || !reachable(from, to)) {
          continue;
        }
        Map<TerminalDevice, Long> sent = delivered.computeIfAbsent(from, f -> new HashMap<>());
        if (sent.getOrDefault(to, -1L) < head) {
          if (encoded == null) {
            Optional<CabinDigest> digest = from.sdk().cabinDigest();
            if (digest.isEmpty()) {
              break;
            }
            encoded = digest.get().encode();
          }
          Verdict<CabinDigest> verdict = to.sdk().receiveCabinDigest(encoded);
          if (!verdict.isAccepted()) {
            digestsRefused++;
            continue;
          }
          digestsMerged++;
          sent.put(to, head);
        }
        to.sdk().notePeerHeard(from.terminalId(), "cabin (in process)");
      }
    }
  }

  private boolean reachable(TerminalDevice a, TerminalDevice b) {
    return cutOff.isEmpty() || (a != cutOff.get() && b != cutOff.get());
  }

  /** {@code t} loses the cabin network at flight time {@code now}: from then on it neither sends nor hears. */
  public void cut(TerminalDevice t, Duration now) {
    exchange();
    cutOff = Optional.of(t);
    cutTerminal = Optional.of(t);
    partitionFrom = Optional.of(now);
  }

  /** The cut-off terminal is back on the cabin network: everyone exchanges at once. */
  public void heal(Duration now) {
    cutOff = Optional.empty();
    partitionUntil = Optional.of(now);
    exchange();
    agreeAfterHealing = agree();
  }

  public Optional<TerminalDevice> cutOff() {
    return cutOff;
  }

  /** Counts a terminal's refusal when it was for being out of contact with the cabin. */
  void noteRefusal(Verdict<?> verdict) {
    if (isOutOfContact(verdict)) {
      outOfContactRefusals++;
    }
  }

  /** Whether a refusal was for being out of contact: the cart already took this passenger's one payment. */
  public static boolean isOutOfContact(Verdict<?> verdict) {
    return verdict instanceof Verdict.Rejected<?> refused && refused.detail().contains("out of contact");
  }

  CabinStatus status(TerminalDevice t) {
    return t.sdk().cabinStatus(CONTACT_WINDOW);
  }

  /**
   * Whether the carts agree: each one's own digest joined with everything it merged from the
   * others is the same view of the cabin at every terminal.
   */
  public boolean agree() {
    CabinView first = null;
    for (TerminalDevice t : terminals) {
      CabinView view = t.sdk().cabinView();
      Optional<CabinDigest> own = t.sdk().cabinDigest();
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

  Summary summary() {
    return new Summary(CONTACT_WINDOW, digestsMerged, digestsRefused, cutTerminal, partitionFrom, partitionUntil,
        outOfContactRefusals, agreeAfterHealing);
  }
}
