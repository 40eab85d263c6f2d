package io.aloft.simulation.cabin;

import io.aloft.flight.FlightClock;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.sale.Sale;
import io.aloft.terminal.sqlite.SqliteStorage;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One seeded flight of cabin sync under attack, on real terminals (the SDK over SQLite) and a
 * simulated cabin network: a compromised credential whose wallet was copied onto one phone per
 * cart, shown at every cart at once in bursts, with screenshots of codes already accepted; an
 * honest passenger; a peer that lies. The network delays (20–500 ms), duplicates (10 %), drops across a partition, and
 * resends on every sync interval what a peer has not received.
 *
 * <p>Measured: the loss on the compromised credential (everything its copies and screenshots
 * got accepted), and how many of those acceptances a cart made without yet having merged every
 * earlier acceptance of the credential at another cart ("uninformed"). Time, randomness and the
 * network are the simulator's; a seed replays exactly.
 */
final class CabinFlight implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");
  static final long FLIGHT_ID = 8881;
  static final long P = 10_000;
  static final long L = 50_000;
  static final Duration LENGTH = Duration.ofMinutes(20);
  static final Duration PARTITION_FROM = Duration.ofMinutes(5);
  static final Duration PARTITION_UNTIL = Duration.ofMinutes(15);
  private static final CurrencyUnit CNY = CurrencyUnit.of("CNY");

  /** One run's settings. */
  record Settings(int terminals, boolean partition, Duration syncInterval, long seed) {}

  /**
   * What a run measured.
   *
   * @param honestRefused honest payments a cart out of contact asked to wait (any other refusal is a violation) */
  record Outcome(long lossMinor, int accepted, int uninformed, int liesRefused, int honestRefused,
      List<String> violations) {}

  private final Settings settings;
  private final SplittableRandom random;
  private final Path directory = TempDirectories.create("aloft-cabin-sim");
  /** The simulator's clock: moved only by the event loop. */
  private final FlightClock clock = new FlightClock(T0.plusSeconds(60));
  private final SoftwareSigner issuer = key(SignatureAlgorithm.ED25519, 1);
  private final SoftwareSigner stranger = key(SignatureAlgorithm.ED25519, 99);
  private final SoftwareSigner thief = key(SignatureAlgorithm.ECDSA_P256, 3);
  private final SoftwareSigner honest = key(SignatureAlgorithm.ED25519, 4);
  private final OfflineCredential stolen;
  private final OfflineCredential honestCredential;
  private final List<SoftwareSigner> terminalKeys = new ArrayList<>();
  private final List<Terminal> carts = new ArrayList<>();
  /** lastDelivered[from][to]: the journal sequence of the newest digest of {@code from} that {@code to} merged. */
  private final long[][] lastDelivered;
  private final List<Accepted> acceptances = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long eventOrder;
  /** Each copy's own counter and cumulative spend. */
  private final long[] copyCounter;
  private final long[] copyCumulative;
  private long honestCounter;
  private long honestCumulative;
  private int liesRefused;
  private int honestRefused;

  private record Accepted(int cart, long journalSequence, PaymentAuthorization code, boolean uninformed) {}

  private record Event(Instant at, long order, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  CabinFlight(Settings settings) {
    this.settings = settings;
    this.random = new SplittableRandom(settings.seed());
    this.lastDelivered = new long[settings.terminals()][settings.terminals()];
    this.copyCounter = new long[settings.terminals()];
    this.copyCumulative = new long[settings.terminals()];
    stolen = credential("00aa000000000001", thief);
    honestCredential = credential("00aa000000000002", honest);
    List<TerminalCertificate> certificates = new ArrayList<>();
    for (int i = 0; i < settings.terminals(); i++) {
      SoftwareSigner terminalKey = key(SignatureAlgorithm.ED25519, 10 + i);
      terminalKeys.add(terminalKey);
      certificates.add(new TerminalCertificate(1, 7 + i, 42, "Cart " + (i + 1), terminalKey.publicKey(),
          T0.minusSeconds(86_400), T0.plusSeconds(86_400), Bytes.empty()).signedBy(issuer));
    }
    byte[] bundle = new TrustBundle(1, 1, FLIGHT_ID, "9C8881", T0.minusSeconds(3600), T0.plusSeconds(12 * 3600),
        List.of(new IssuerKey(1, issuer.publicKey())), certificates, List.of(), List.of(),
        List.of(stolen, honestCredential), List.of(), Bytes.empty()).signedBy(issuer).encode();
    for (int i = 0; i < settings.terminals(); i++) {
      Terminal cart = Terminal.open(TerminalConfig.of(7 + i, List.of(new IssuerKey(1, issuer.publicKey()))),
          terminalKeys.get(i), SqliteStorage.open(directory.resolve("cart-" + i + ".db")), clock, new SecureRandom());
      if (!cart.installBundle(bundle).isAccepted()) {
        throw new AssertionError("bundle refused");
      }
      cart.setCabinContactWindow(settings.syncInterval().multipliedBy(2).plusSeconds(1));
      carts.add(cart);
    }
  }

  Outcome fly() {
    Instant end = clock.instant().plus(LENGTH);
    for (int cart = 0; cart < carts.size(); cart++) {
      int c = cart;
      schedule(Duration.ofMillis(random.nextLong(settings.syncInterval().toMillis())), () -> periodicPush(c));
      schedule(gap().multipliedBy(2), () -> honestPays(c));
      schedule(Duration.ofSeconds(30 + random.nextInt(600)), () -> lie(c));
    }
    // The thief waits until ten seconds into the partition (the same moment when there is none).
    schedule(PARTITION_FROM.plusSeconds(10), this::burst);
    while (!events.isEmpty() && !events.peek().at().isAfter(end)) {
      Event next = events.poll();
      clock.advanceTo(next.at());
      next.action().run();
    }
    long loss = acceptances.size() * P;
    int uninformed = (int) acceptances.stream().filter(Accepted::uninformed).count();
    if (loss > L + P * uninformed) {
      violations.add("loss " + loss + " above L + p × uninformed acceptances (" + uninformed + ")");
    }
    return new Outcome(loss, acceptances.size(), uninformed, liesRefused, honestRefused, List.copyOf(violations));
  }

  /** Mean 20 s between a cart's attempts: several per sync interval at 60 s. */
  private Duration gap() {
    return Duration.ofMillis(1_000 + random.nextLong(38_000));
  }

  private void schedule(Duration after, Runnable action) {
    events.add(new Event(clock.instant().plus(after), eventOrder++, action));
  }

  /**
   * A burst: the copy at every cart shows a code within 300 ms, faster than the cabin network
   * carries a digest. Each copy signs its own chain (the copies do not share a counter, like
   * phones restored from one backup); a third of the time it shows a screenshot of a code
   * already accepted somewhere instead.
   */
  private void burst() {
    schedule(gap(), this::burst);
    for (int cart = 0; cart < carts.size(); cart++) {
      int c = cart;
      schedule(Duration.ofMillis(random.nextInt(300)), () -> attempt(c));
    }
  }

  private void attempt(int cart) {
    PaymentAuthorization code;
    if (!acceptances.isEmpty() && random.nextInt(3) == 0) {
      code = acceptances.get(random.nextInt(acceptances.size())).code();
    } else if (copyCumulative[cart] + P <= L) {
      copyCounter[cart]++;
      copyCumulative[cart] += P;
      code = code(stolen, thief, copyCounter[cart], copyCumulative[cart]);
    } else {
      return;
    }
    boolean uninformed = missesAnEarlierAcceptance(cart);
    Verdict<Sale> sale = carts.get(cart).accept(code.toQrText());
    if (sale.isAccepted()) {
      acceptances.add(new Accepted(cart, sale.value().journalSequence(), code, uninformed));
      pushAfterSale(cart);
    }
  }

  /** Whether some acceptance of the stolen credential at another cart has not reached {@code cart}. */
  private boolean missesAnEarlierAcceptance(int cart) {
    return acceptances.stream().anyMatch(a -> a.cart() != cart && a.journalSequence() > lastDelivered[a.cart()][cart]);
  }

  /** An honest passenger pays 10.00 now and then; no lie and no attack may make a cart refuse them. */
  private void honestPays(int cart) {
    schedule(gap().multipliedBy(3), () -> honestPays(cart));
    if (honestCumulative + 1_000 > L) {
      return;
    }
    honestCounter++;
    honestCumulative += 1_000;
    Verdict<Sale> sale = carts.get(cart).accept(code(honestCredential, honest, honestCounter, honestCumulative, 1_000)
        .toQrText());
    if (sale instanceof Verdict.Rejected<Sale> refused && refused.detail().contains("out of contact")) {
      // Cut off from part of the cabin, a cart takes one payment per passenger: the honest one waits too.
      honestRefused++;
      honestCounter--;
      honestCumulative -= 1_000;
    } else if (!sale.isAccepted()) {
      violations.add("honest payment " + honestCounter + " refused at cart " + cart + ": " + sale.reason());
    } else {
      pushAfterSale(cart);
    }
  }

  /** A peer that lies: a digest forged under a stranger's key, and one for another flight. */
  private void lie(int cart) {
    schedule(Duration.ofSeconds(60 + random.nextInt(300)), () -> lie(cart));
    CabinDigest.Credential fake = new CabinDigest.Credential(honestCredential.serial(), L, List.of(
        new CabinDigest.Payment(honestCounter + 1, Bytes.of(new byte[16]), L, P)));
    int impersonated = (cart + 1) % carts.size();
    byte[] forged = new CabinDigest(7 + impersonated, FLIGHT_ID, seconds(), 1, Bytes.of(new byte[32]),
        List.of(fake), Bytes.empty()).signedBy(stranger).encode();
    byte[] otherFlight = new CabinDigest(7 + impersonated, FLIGHT_ID + 1, seconds(), 1, Bytes.of(new byte[32]),
        List.of(fake), Bytes.empty()).signedBy(terminalKeys.get(impersonated)).encode();
    expectRefused(cart, forged, Reason.BAD_SIGNATURE);
    expectRefused(cart, otherFlight, Reason.WRONG_FLIGHT);
  }

  private void expectRefused(int cart, byte[] digest, Reason expected) {
    Verdict<CabinDigest> verdict = carts.get(cart).receiveCabinDigest(digest);
    if (verdict.isAccepted() || verdict.reason() != expected) {
      violations.add("cart " + cart + " answered a lie with " + verdict + ", not " + expected);
    } else {
      liesRefused++;
    }
  }

  private void pushAfterSale(int cart) {
    for (int to = 0; to < carts.size(); to++) {
      if (to != cart) {
        send(cart, to);
      }
    }
  }

  /** Every sync interval, what each peer has not yet merged is sent again. */
  private void periodicPush(int cart) {
    schedule(settings.syncInterval(), () -> periodicPush(cart));
    long head = carts.get(cart).journalSequence();
    for (int to = 0; to < carts.size(); to++) {
      if (to != cart && lastDelivered[cart][to] < head) {
        send(cart, to);
      } else if (to != cart && !partitioned(cart, to, clock.instant())) {
        // The real transport resends the same digest, which merges to nothing: only hearing it counts.
        int peer = to;
        schedule(Duration.ofMillis(20 + random.nextInt(480)), () -> heard(cart, peer));
      }
    }
  }

  private void send(int from, int to) {
    if (partitioned(from, to, clock.instant())) {
      return;
    }
    CabinDigest digest = carts.get(from).cabinDigest().orElseThrow();
    byte[] encoded = digest.encode();
    int copies = random.nextInt(10) == 0 ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      schedule(Duration.ofMillis(20 + random.nextInt(480)), () -> deliver(from, to, digest.journalSequence(), encoded));
    }
  }

  private void deliver(int from, int to, long sequence, byte[] encoded) {
    if (partitioned(from, to, clock.instant())) {
      return;
    }
    Verdict<CabinDigest> verdict = carts.get(to).receiveCabinDigest(encoded);
    if (!verdict.isAccepted()) {
      violations.add("cart " + to + " refused cart " + from + "'s genuine digest: " + verdict);
      return;
    }
    lastDelivered[from][to] = Math.max(lastDelivered[from][to], sequence);
    heard(from, to);
  }

  private void heard(int from, int to) {
    if (!partitioned(from, to, clock.instant())) {
      carts.get(to).notePeerHeard(7 + from, "cart " + from);
    }
  }

  /** With a partition, the two halves of the cabin cannot reach each other for ten minutes. */
  private boolean partitioned(int a, int b, Instant at) {
    Instant start = T0.plusSeconds(60).plus(PARTITION_FROM);
    Instant end = T0.plusSeconds(60).plus(PARTITION_UNTIL);
    boolean during = !at.isBefore(start) && at.isBefore(end);
    int half = carts.size() / 2;
    return settings.partition() && during && (a < half) != (b < half);
  }

  private PaymentAuthorization code(OfflineCredential credential, SoftwareSigner device, long counter, long cumulative) {
    return code(credential, device, counter, cumulative, P);
  }

  private PaymentAuthorization code(OfflineCredential credential, SoftwareSigner device, long counter, long cumulative,
      long amount) {
    return new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT, credential.serial(), Optional.empty(), counter,
        cumulative, amount, Optional.empty(), seconds().minusSeconds(1 + random.nextInt(30)), Bytes.empty(),
        Bytes.empty()).signedBy(device, Optional.empty());
  }

  /** Signed times are whole seconds. */
  private Instant seconds() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private OfflineCredential credential(String serial, SoftwareSigner device) {
    return new OfflineCredential(CredentialSerial.fromHex(serial), 1, device.publicKey(), CNY, P, L,
        T0.minusSeconds(3600), T0.plusSeconds(24 * 3600), FLIGHT_ID, 3, Bytes.empty()).signedBy(issuer);
  }

  private static SoftwareSigner key(SignatureAlgorithm algorithm, int seed) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) seed);
    bytes[31] = 1;
    return SoftwareSigner.fromPrivateKey(algorithm, Bytes.of(bytes));
  }

  @Override
  public void close() {
    carts.forEach(Terminal::close);
    TempDirectories.delete(directory);
  }
}
