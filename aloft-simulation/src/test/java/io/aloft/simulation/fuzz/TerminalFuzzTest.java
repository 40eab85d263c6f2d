package io.aloft.simulation.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.sale.Sale;
import io.aloft.terminal.sqlite.SqliteStorage;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The terminal's accept path under fuzz: a real terminal (SQLite journal) takes genuine codes of
 * every form, each surrounded by mutated, forged, replayed and over-charged versions of it. Only
 * verdicts come back; only genuine codes are accepted, each exactly once; every genuine code is
 * accepted.
 */
class TerminalFuzzTest {
  private static final Corpus CORPUS = new Corpus();
  private static final SoftwareSigner ATTACKER = Corpus.key(SignatureAlgorithm.ECDSA_P256, 90);

  private final FuzzRun run = new FuzzRun("TerminalFuzzTest", 25, true);
  private final Map<Bytes, Bytes> genuine = new HashMap<>();
  private final Set<PaymentId> acceptedIds = new HashSet<>();
  private final long[] counters = new long[CORPUS.payers.size()];
  private final long[] cumulative = new long[CORPUS.payers.size()];
  private Path directory;
  private Terminal terminal;
  private long cases;
  private long genuineIssued;

  /**
   * Genuine codes one terminal takes before it is replaced by a fresh one. A real flight's
   * credential pays a few dozen times; the terminal reads a credential's history on every scan,
   * so an ever-growing journal would measure that read, not the fuzzing.
   */
  private static final int CODES_PER_TERMINAL = 400;

  @BeforeEach
  void open() {
    directory = TempDirectories.create("aloft-terminal-fuzz");
    terminal = Terminal.open(TerminalConfig.of(Corpus.TERMINAL_ID, List.of(CORPUS.issuerKey())), CORPUS.terminalKey,
        SqliteStorage.open(directory.resolve("terminal.db")), Clock.fixed(Corpus.NOW, ZoneOffset.UTC),
        new java.util.Random(Long.getLong("fuzz.seed", 20261128)));
    assertThat(terminal.installBundle(CORPUS.bundle.encode()).isAccepted()).isTrue();
  }

  @AfterEach
  void close() {
    terminal.close();
    TempDirectories.delete(directory);
  }

  @Test
  void mutatedForgedAndReplayedCodes_areRefused_andEveryGenuineCodeIsAcceptedOnce() {
    long started = System.nanoTime();
    SplittableRandom rounds = new SplittableRandom(Long.getLong("fuzz.seed", 20261128));
    while (cases < run.cases()) {
      round(rounds.nextLong());
      if (genuineIssued % CODES_PER_TERMINAL == 0) {
        assertThat(terminal.verifyJournal().intact()).isTrue();
        close();
        open();
      }
    }
    System.out.printf("TerminalFuzzTest: %d cases around %d genuine codes, %d accepted, %.1f s%n",
        cases, genuineIssued, acceptedIds.size(), (System.nanoTime() - started) / 1e9);

    assertThat(run.failureCount()).as(run.report()).isZero();
    assertThat(acceptedIds).as("every genuine code was accepted").hasSize((int) genuineIssued);
    assertThat(terminal.verifyJournal().intact()).isTrue();
  }

  /** One genuine code, a burst of hostile versions of it, then the code itself, then its replay. */
  private void round(long roundSeed) {
    SplittableRandom random = new SplittableRandom(roundSeed);
    Mutator mutator = new Mutator(random);
    int payer = random.nextInt(CORPUS.payers.size());
    Code code = genuineCode(payer, random);
    int hostile = 1 + random.nextInt(16);
    for (int i = 0; i < hostile; i++) {
      scan(roundSeed, hostileVersion(code, mutator), Optional.empty());
    }
    if (code.authorization().kind() == AuthorizationKind.ONE_SCAN_CAP) {
      Money cap = Money.of(code.authorization().amountMinor(), Corpus.CNY);
      scan(roundSeed, code.text(), Optional.of(Money.of(cap.amountMinor() + 1 + random.nextInt(1000), Corpus.CNY)));
      scan(roundSeed, code.text(), Optional.of(Money.of(1, Corpus.EUR)));
    }
    Optional<Money> charge = code.authorization().kind() == AuthorizationKind.ONE_SCAN_CAP
        ? Optional.of(Money.of(1 + random.nextInt((int) code.authorization().amountMinor()), Corpus.CNY))
        : Optional.empty();
    Verdict<Sale> verdict = scan(roundSeed, code.text(), charge);
    if (!verdict.isAccepted() && !acceptedIds.contains(code.authorization().paymentId())) {
      run.fail(roundSeed, "genuine code refused: " + verdict + " " + code.authorization());
    }
    if (scan(roundSeed, code.text(), charge).isAccepted()) {
      run.fail(roundSeed, "a replay was accepted: " + code.authorization());
    }
  }

  private record Code(PaymentAuthorization authorization, Optional<PaymentRequest> request, String text) {}

  private Code genuineCode(int payerIndex, SplittableRandom random) {
    Corpus.Payer payer = CORPUS.payers.get(payerIndex);
    long amount = 1 + random.nextInt(20);
    long counter = ++counters[payerIndex];
    long after = cumulative[payerIndex] + amount;
    PaymentAuthorization authorization;
    Optional<PaymentRequest> request = Optional.empty();
    switch (random.nextInt(4)) {
      case 0 -> {
        List<LineItem> items = random.nextBoolean() ? List.of() : List.of(new LineItem("Tea", (int) amount, 1));
        PaymentRequest shown = terminal.createRequest(Money.of(amount, Corpus.CNY), items).value().request();
        request = Optional.of(shown);
        authorization = Corpus.handshake(payer, shown, counter, after);
      }
      case 1 -> authorization = Corpus.oneScan(payer, AuthorizationKind.ONE_SCAN_CAP, random.nextBoolean(), counter,
          after, amount, Optional.empty());
      default -> authorization = Corpus.oneScan(payer, AuthorizationKind.ONE_SCAN_EXACT, random.nextBoolean(), counter,
          after, amount, Optional.empty());
    }
    cumulative[payerIndex] = after;
    genuine.put(Bytes.of(authorization.body()), authorization.signature());
    genuineIssued++;
    return new Code(authorization, request, authorization.toQrText());
  }

  private String hostileVersion(Code code, Mutator mutator) {
    return switch (mutator.nextInt(5)) {
      case 0 -> mutator.mutateText(code.text());
      case 1 -> {
        // Signed by a key that is not this payer's: an outsider's, on a changed or unchanged body.
        byte[] body = mutator.chance(3) ? code.authorization().body()
            : mutator.mutateBytes(code.authorization().body(), code.authorization().body());
        yield QrText.encode(Mutator.forge(code.authorization().type(), body, ATTACKER, suffix(code)));
      }
      case 2 -> {
        // Another enrolled payer signs this payer's exact code: their key, the victim's serial.
        Corpus.Payer other = CORPUS.payers.stream()
            .filter(p -> !p.credential().serial().equals(code.authorization().serial())).findFirst().orElseThrow();
        yield QrText.encode(Mutator.forge(code.authorization().type(), code.authorization().body(), other.device(),
            suffix(code)));
      }
      default -> QrText.encode(mutator.mutateBytes(code.authorization().encode(), CORPUS.batch.encode()));
    };
  }

  private static byte[][] suffix(Code code) {
    return code.request().map(r -> new byte[][] {r.digest()}).orElse(new byte[0][]);
  }

  private Verdict<Sale> scan(long roundSeed, String text, Optional<Money> charge) {
    cases++;
    Verdict<Sale> verdict;
    try {
      verdict = charge.isPresent() ? terminal.accept(text, charge.get()) : terminal.accept(text);
    } catch (RuntimeException | Error e) {
      run.fail(roundSeed, "accept threw " + e + " on " + text);
      return Verdict.reject(io.aloft.protocol.rules.Reason.MALFORMED, "threw");
    }
    if (verdict instanceof Verdict.Accepted<Sale> accepted) {
      judgeAcceptance(roundSeed, text, accepted.value());
    } else if (verdict.reason() == null) {
      run.fail(roundSeed, "a rejection without a reason");
    }
    return verdict;
  }

  private void judgeAcceptance(long roundSeed, String text, Sale sale) {
    PaymentAuthorization scanned;
    try {
      scanned = PaymentAuthorization.decode(QrText.decode(text));
    } catch (DecodeException e) {
      run.fail(roundSeed, "accepted text that does not decode: " + text);
      return;
    }
    Bytes signature = genuine.get(Bytes.of(scanned.body()));
    boolean signedByPayer = signature != null
        && (signature.equals(scanned.signature()) || Corpus.isEcdsaTwin(signature, scanned.signature()));
    if (!signedByPayer) {
      run.fail(roundSeed, "accepted a code its payer never signed: " + text);
    }
    if (!acceptedIds.add(sale.paymentId())) {
      run.fail(roundSeed, "accepted payment " + sale.paymentId() + " twice");
    }
  }
}
