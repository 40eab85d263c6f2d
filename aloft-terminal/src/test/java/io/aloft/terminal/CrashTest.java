package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.PaymentId;
import io.aloft.terminal.journal.JournalEntry;
import io.aloft.terminal.sqlite.SqliteStorage;
import io.aloft.testkit.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a terminal process at random moments while it accepts payments, restarts it, and
 * checks that every payment it acknowledged is in the journal exactly once and that the chain
 * verifies. CI runs {@value #DEFAULT_KILLS} kills; {@code -Dcrash.kills=2000} runs more, and
 * {@code -Dcrash.seed=…} replays a run's kill schedule.
 */
class CrashTest {
  static final int DEFAULT_KILLS = 200;

  @TempDir Path directory;
  Path nativeLibrary;

  @Test
  void everyAcknowledgedPayment_survivesSigkill_exactlyOnce() throws Exception {
    int kills = Integer.getInteger("crash.kills", DEFAULT_KILLS);
    long seed = Long.getLong("crash.seed", System.nanoTime());
    nativeLibrary = extractSqliteLibrary();
    // Two terminals, each killed kills/2 times, so child start-ups overlap and the run stays short.
    List<Lane> lanes = List.of(new Lane(1, seed, kills / 2), new Lane(2, seed + 1, kills - kills / 2));
    List<Thread> threads = lanes.stream().map(lane -> new Thread(lane::run, "crash-lane-" + lane.number)).toList();
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    for (Lane lane : lanes) {
      if (lane.failure != null) {
        throw new AssertionError("lane " + lane.number + ", seed " + lane.seed, lane.failure);
      }
      System.out.printf("crash test lane %d: %d kills, %d payments acknowledged, seed %d%n", lane.number,
          lane.kills, lane.acknowledged.size(), lane.seed);
      if (lane.kills >= 20) {
        // Otherwise the test could pass by killing children that never got to accept anything.
        // (A third of the kills land during start-up on purpose; a few hand-run kills may all do.)
        assertThat(lane.acknowledged.size()).as("seed %d: the children must get work done between kills", lane.seed)
            .isGreaterThan(lane.kills / 4);
      }
      checkJournal(lane.directory(), lane.acknowledged, lane.seed);
    }
  }

  /** One terminal directory, killed and restarted {@code kills} times on its own schedule. */
  private final class Lane {
    final int number;
    final long seed;
    final int kills;
    final Map<Long, PaymentId> acknowledged = new HashMap<>();
    volatile Throwable failure;

    Lane(int number, long seed, int kills) {
      this.number = number;
      this.seed = seed;
      this.kills = kills;
    }

    Path directory() {
      return CrashTest.this.directory.resolve("terminal-" + number);
    }

    void run() {
      Random random = new Random(seed);
      try {
        for (int kill = 0; kill < kills; kill++) {
          for (String line : runAndKill(directory(), random)) {
            String[] parts = line.split(" ");
            PaymentId id = PaymentId.parse(parts[2]);
            assertThat(acknowledged.put(Long.parseLong(parts[1]), id)).as("%s acknowledged twice", line).isNull();
          }
        }
      } catch (Throwable e) {
        failure = e;
      }
    }
  }

  private Path extractSqliteLibrary() throws java.io.IOException {
    String name = System.mapLibraryName("sqlitejdbc");
    String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
    Path target = directory.resolve("native").resolve(name);
    Files.createDirectories(target.getParent());
    try (var in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
      assertThat(in).as("SQLite native library %s", resource).isNotNull();
      Files.copy(in, target);
    }
    return target;
  }

  /** One child life: start, wait a random moment (sometimes not even for READY), SIGKILL. */
  private List<String> runAndKill(Path journalDirectory, Random random) throws Exception {
    Process child = new ProcessBuilder(javaCommand(journalDirectory)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> acks = new ArrayList<>();
    Thread reader = new Thread(() -> readAcks(child, acks));
    reader.start();
    // A third of the kills land anywhere from start-up through recovery to the first payments;
    // the rest while payments stream.
    boolean early = random.nextInt(3) == 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    synchronized (acks) {
      while (!early && !ready(acks) && System.nanoTime() < deadline && child.isAlive()) {
        acks.wait(10);
      }
    }
    Thread.sleep(early ? random.nextInt(700) : random.nextInt(300));
    assertThat(child.isAlive()).as("the child died on its own").isTrue();
    child.destroyForcibly().waitFor();
    reader.join();
    synchronized (acks) {
      return acks.stream().filter(line -> line.startsWith("ACK ") && line.endsWith(" END")).toList();
    }
  }

  private static boolean ready(List<String> lines) {
    return !lines.isEmpty();
  }

  private static void readAcks(Process child, List<String> lines) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (java.io.IOException e) {
      // The pipe breaks when the child is killed: whatever was read is what the crew saw.
    }
  }

  private List<String> javaCommand(Path journalDirectory) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // Start-up time dominates each cycle: C1 only, serial GC, class data sharing. The SQLite
    // native library is extracted once: by default every start extracts it to java.io.tmpdir,
    // and a SIGKILLed process never deletes its copy.
    return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m",
        "-Dorg.sqlite.lib.path=" + nativeLibrary.getParent(), "-Dorg.sqlite.lib.name=" + nativeLibrary.getFileName(),
        "-cp", classPath, CrashChild.class.getName(), journalDirectory.toString());
  }

  private void checkJournal(Path journalDirectory, Map<Long, PaymentId> acknowledged, long seed) {
    TestFlight flight = new TestFlight(CrashChild.PAYERS);
    try (Terminal terminal = flight.openTerminal(journalDirectory, new MutableClock(T0.plusSeconds(10)))) {
      var verification = terminal.verifyJournal();
      assertThat(verification.problems()).as("seed %d", seed).isEmpty();
      assertThat(verification.headSequence()).isGreaterThanOrEqualTo(acknowledged.size());
    }
    try (SqliteStorage storage = SqliteStorage.open(journalDirectory.resolve("terminal.db"))) {
      Set<PaymentId> journaled = new HashSet<>();
      Map<Long, PaymentId> bySequence = new HashMap<>();
      for (long from = 1; ; from += 1_000) {
        List<JournalEntry> page = storage.journal().read(from, 1_000);
        for (JournalEntry entry : page) {
          assertThat(journaled.add(entry.paymentId())).as("seed %d: %s journaled twice", seed, entry.paymentId())
              .isTrue();
          bySequence.put(entry.sequence(), entry.paymentId());
        }
        if (page.size() < 1_000) {
          break;
        }
      }
      acknowledged.forEach((sequence, id) ->
          assertThat(bySequence.get(sequence)).as("seed %d: acknowledged entry %d", seed, sequence).isEqualTo(id));
    }
  }
}
