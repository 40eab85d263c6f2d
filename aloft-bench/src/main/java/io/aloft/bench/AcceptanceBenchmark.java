package io.aloft.bench;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.sale.Sale;
import io.aloft.terminal.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Terminal acceptance as the crew sees it: {@code Terminal.accept(scannedText)} from QR text to
 * "paid", i.e. Base45 decode, canonical decode, the protocol rules (P-256 device signature, plus
 * the issuer's Ed25519 signature for self-contained codes), the credential's history from the
 * journal, receipt and journal-head signing, and a durable SQLite commit (WAL, synchronous=FULL,
 * so one fsync per payment). Targets: p99 ≤ 1 ms, p99.99 ≤ 2 ms.
 *
 * <p>JMH's sample mode times every call here (a call takes far longer than the timer), so a run
 * reports p50, p90, p99, p99.9, p99.99 and the count of samples per form: 10 iterations of 5 s,
 * 100,000 or more samples per form on a quiet 2-core machine (at 0.3 ms a call), so that p99.99
 * stands on ten or more samples. {@code -prof gc} adds the collections and their time. A call
 * allocates about 110 KB (70% of it in BouncyCastle's P-256 verification), so with G1 (the
 * default collector) and the default heap of a 23 GB machine one call in about 2,600 waits for a
 * young collection's pause: the pauses show from p99.9 on; their lengths are in the GC log.
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl aloft-bench -am package -DskipTests
 * java -jar aloft-bench/target/benchmarks.jar Acceptance -prof gc -jvmArgsAppend -Xlog:gc:file=gc-%p.log
 * </pre>
 *
 * <p>Each iteration starts a fresh journal in a temporary directory on the default file system,
 * so the codes (pre-signed in setup, distinct counters) can be replayed per iteration: one-scan
 * codes of {@value #PAYERS} payers (a full flight's cabin), taken in turn. Calls follow each other
 * without pause, so the terminal's checkpointer runs alongside sales (every 256 commits) rather
 * than between them as on a plane, and the log reaches its bound now and then (see the
 * terminal's docs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 5)
@Fork(1)
public class AcceptanceBenchmark {
  private static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");
  private static final long FLIGHT_ID = 8881;
  private static final long TERMINAL_ID = 7;
  private static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  private static final int PAYERS = 256;
  /** Enough codes for a 5 s iteration at 0.17 ms a call. */
  private static final int COUNTERS = 120;

  /** compact: the credential comes from the bundle's manifest; selfContained: it travels in the code. */
  @Param({"compact", "selfContained"})
  public String form;

  private SoftwareSigner issuer;
  private SoftwareSigner terminalKey;
  private byte[] bundle;
  private String[] codes;
  private int next;
  private Path directory;
  private Terminal terminal;

  @Setup(Level.Trial)
  public void signCodes() {
    SecureRandom random = new SecureRandom();
    issuer = SoftwareSigner.generate(SignatureAlgorithm.ED25519, random);
    terminalKey = SoftwareSigner.generate(SignatureAlgorithm.ED25519, random);
    List<SoftwareSigner> devices = new ArrayList<>();
    List<OfflineCredential> credentials = new ArrayList<>();
    for (int i = 0; i < PAYERS; i++) {
      SoftwareSigner device = SoftwareSigner.generate(SignatureAlgorithm.ECDSA_P256, random);
      devices.add(device);
      credentials.add(new OfflineCredential(CredentialSerial.random(random), 1, device.publicKey(), CNY, 200_000,
          10_000_000, T0.minusSeconds(3600), T0.plusSeconds(24 * 3600), FLIGHT_ID, 3, Bytes.empty()).signedBy(issuer));
    }
    TerminalCertificate certificate = new TerminalCertificate(1, TERMINAL_ID, 42, "Cart 1", terminalKey.publicKey(),
        T0.minusSeconds(86_400), T0.plusSeconds(86_400), Bytes.empty()).signedBy(issuer);
    bundle = new TrustBundle(1, 1, FLIGHT_ID, "9C8881", T0.minusSeconds(3600), T0.plusSeconds(12 * 3600),
        List.of(new IssuerKey(1, issuer.publicKey())), List.of(certificate), List.of(), List.of(), credentials,
        List.of(), Bytes.empty()).signedBy(issuer).encode();
    codes = new String[PAYERS * COUNTERS];
    for (int i = 0; i < codes.length; i++) {
      int payer = i % PAYERS;
      long counter = i / PAYERS + 1;
      codes[i] = new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT, credentials.get(payer).serial(),
          form.equals("selfContained") ? Optional.of(credentials.get(payer)) : Optional.empty(), counter,
          counter * 1_500, 1_500, Optional.empty(), T0.plusSeconds(5), Bytes.empty(), Bytes.empty())
          .signedBy(devices.get(payer), Optional.empty()).toQrText();
    }
  }

  @Setup(Level.Iteration)
  public void openFreshTerminal() throws IOException {
    directory = Files.createTempDirectory("aloft-acceptance-bench");
    Clock clock = Clock.fixed(T0.plusSeconds(10), ZoneOffset.UTC);
    terminal = Terminal.open(TerminalConfig.of(TERMINAL_ID, List.of(new IssuerKey(1, issuer.publicKey()))),
        terminalKey, SqliteStorage.open(directory.resolve("terminal.db")), clock, new SecureRandom());
    terminal.installBundle(bundle).value();
    next = 0;
  }

  @TearDown(Level.Iteration)
  public void closeTerminal() throws IOException {
    terminal.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  public Sale accept() {
    if (next == codes.length) {
      throw new IllegalStateException("iteration used all " + codes.length + " pre-signed codes; raise COUNTERS");
    }
    Verdict<Sale> verdict = terminal.accept(codes[next++]);
    return verdict.value();
  }
}
