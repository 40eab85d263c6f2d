package io.aloft.wallet.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.qr.QrText;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.fixture.FakeIssuer;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.store.SpendState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a paying wallet process with SIGKILL at random moments, again and again on the same
 * files, and checks what the passenger and the terminals rely on: no counter value was ever
 * shown twice, and every code that was shown is in the wallet's bills, byte for byte.
 *
 * <p>{@code -Dcrash.kills=2000} for a longer run; {@code -Dcrash.seed=N} replays a run's kill
 * timings (the JVM's own timing still varies).
 */
class CrashTest {
  private static final int KILLS = Integer.getInteger("crash.kills", 200);
  private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
  /** Most kills land while paying; some during start-up and store recovery. */
  private static final double KILL_DURING_START = 0.15;
  /**
   * Kills while paying come this long after the first code shown: a few payments' worth (each
   * is a few ms, mostly the commit's fsync), so they land before, inside and after commits.
   */
  private static final int MAX_DELAY_MS = 40;
  /** Kills during start-up come this long after spawning: JVM start, store recovery, key unlock. */
  private static final int MAX_START_DELAY_MS = 600;

  @TempDir Path dir;

  @Test
  void walletKilledAtRandomMoments_neverReusesACounter_andKeepsEveryCodeItShowed() throws Exception {
    enrol();
    Random random = new Random(SEED);
    Map<Long, String> shown = new HashMap<>();
    for (int kill = 0; kill < KILLS; kill++) {
      for (String line : runAndKill(random, kill)) {
        int space = line.indexOf(' ');
        long counter = Long.parseLong(line.substring(0, space));
        String previous = shown.putIfAbsent(counter, line.substring(space + 1));
        assertThat(previous).as("seed %d: counter %d shown twice", SEED, counter).isNull();
      }
    }
    assertEveryShownCodeIsABill(shown);
  }

  private void enrol() throws Exception {
    try (WalletFixture f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.issuer.perPaymentLimitMinor = 1_000_000;
      f.issuer.totalLimitMinor = 1_000_000_000_000L;
      f.wallet.enrol(FakeIssuer.FLIGHT).value();
    }
  }

  /** Starts a child, kills it, and returns the complete lines it printed (READY excluded). */
  private List<String> runAndKill(Random random, int run) throws Exception {
    Process child = new ProcessBuilder(javaCommand(run))
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile()))
        .start();
    StringBuffer output = new StringBuffer();
    Thread reader = new Thread(() -> drain(child.getInputStream(), output));
    reader.start();
    if (random.nextDouble() < KILL_DURING_START) {
      Thread.sleep(random.nextInt(MAX_START_DELAY_MS));
    } else {
      awaitFirstCode(child, output);
      Thread.sleep(random.nextInt(MAX_DELAY_MS));
    }
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join();
    List<String> lines = new ArrayList<>(List.of(output.toString().split("\n", -1)));
    lines.remove(lines.size() - 1); // the text after the last newline is not a complete line
    lines.remove("READY");
    return lines;
  }

  private String[] javaCommand(int run) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new String[] {java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m",
        "-cp", classpath, CrashChild.class.getName(), dir.toString(), Long.toString(SEED + run)};
  }

  /** Waits for READY and one complete code line after it. */
  private void awaitFirstCode(Process child, StringBuffer output) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (output.chars().filter(c -> c == '\n').count() < 2) {
      if (!child.isAlive()) {
        throw new AssertionError("seed " + SEED + ": child exited with " + child.exitValue() + " before paying:\n"
            + Files.readString(dir.resolve("child.err")));
      }
      assertThat(System.nanoTime()).as("child never became ready").isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  private static void drain(InputStream in, StringBuffer into) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        into.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // The pipe breaks when the child dies; what was read is kept.
    }
  }

  private void assertEveryShownCodeIsABill(Map<Long, String> shown) throws DecodeException, IOException {
    try (WalletFixture f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      var serial = f.wallet.enrolment().orElseThrow().credential().serial();
      SpendState state = f.store.spendState(serial);
      System.out.printf("crash test: seed %d, %d kills, %d codes shown, counter at %d%n",
          SEED, KILLS, shown.size(), state.lastCounter());
      Path errors = dir.resolve("child.err");
      assertThat(shown).as("the children paid at all; their errors:%n%s",
          Files.exists(errors) ? Files.readString(errors) : "none").isNotEmpty();
      for (Map.Entry<Long, String> entry : shown.entrySet()) {
        PaymentAuthorization code = PaymentAuthorization.decode(QrText.decode(entry.getValue()));
        assertThat(code.counter()).isEqualTo(entry.getKey());
        Bill bill = f.store.bill(code.paymentId()).orElseThrow(
            () -> new AssertionError("seed " + SEED + ": shown code " + code.paymentId() + " is not in the bills"));
        assertThat(bill.authorization()).isEqualTo(code);
        assertThat(code.counter()).isLessThanOrEqualTo(state.lastCounter());
      }
    }
  }
}
