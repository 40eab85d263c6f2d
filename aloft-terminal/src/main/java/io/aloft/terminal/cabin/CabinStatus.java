package io.aloft.terminal.cabin;

import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Cabin sync as the crew sees it: the other terminals of the flight, when each was last heard,
 * and the exposure still open. A copied credential or screenshotted code can cost at most its
 * total limit plus one payment at each terminal out of contact, so the open exposure per
 * compromised credential is the flight's largest per-payment limit (per currency) times the
 * terminals not heard within the contact window.
 *
 * @param peers every other terminal the bundle certifies (revoked ones left out), by id
 * @param outOfContact how many of them were not heard within the window
 * @param openExposure per currency: largest per-payment limit × {@code outOfContact}
 */
public record CabinStatus(List<Peer> peers, int outOfContact, List<Money> openExposure, Duration contactWindow) {
  public CabinStatus {
    peers = List.copyOf(peers);
    openExposure = List.copyOf(openExposure);
  }

  /** One other terminal of the flight; {@code address} and {@code lastHeard} empty if never heard. */
  public record Peer(long terminalId, String name, Optional<String> address, Optional<Instant> lastHeard,
      boolean inContact) {}

  public static CabinStatus of(List<CabinStore.PeerHeard> heard, Optional<TrustBundle> bundle, long self, Instant now,
      Duration contactWindow) {
    if (!bundle.isPresent()) {
      return new CabinStatus(List.of(), 0, List.of(), contactWindow);
    }
    List<Peer> peers = new ArrayList<>();
    int out = 0;
    for (TerminalCertificate terminal : bundle.get().terminals()) {
      long id = terminal.terminalId();
      if (id == self || bundle.get().isTerminalRevoked(id)) {
        continue;
      }
      Optional<CabinStore.PeerHeard> last = heard.stream().filter(h -> h.terminalId() == id).findFirst();
      boolean inContact = last.filter(h -> !h.lastHeard().plus(contactWindow).isBefore(now)).isPresent();
      out += inContact ? 0 : 1;
      peers.add(new Peer(id, terminal.displayName(), last.map(CabinStore.PeerHeard::address),
          last.map(CabinStore.PeerHeard::lastHeard), inContact));
    }
    Map<CurrencyUnit, Long> largest = new TreeMap<>(java.util.Comparator.comparing(CurrencyUnit::code));
    for (OfflineCredential credential : bundle.get().manifest()) {
      largest.merge(credential.currency(), credential.perPaymentLimitMinor(), Math::max);
    }
    int outOfContact = out;
    List<Money> exposure = largest.entrySet().stream()
        .map(e -> Money.of(Math.multiplyExact(e.getValue(), (long) outOfContact), e.getKey()))
        .collect(java.util.stream.Collectors.toList());
    return new CabinStatus(peers, outOfContact, exposure, contactWindow);
  }
}
