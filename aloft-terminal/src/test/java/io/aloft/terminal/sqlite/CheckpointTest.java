package io.aloft.terminal.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the terminal database's checkpoints run: never in a commit (below the log's bound), on
 * the checkpointer's thread once the writes pause, and so that the log is reused after each pause
 * instead of growing.
 */
class CheckpointTest {
  /** About 16 KB per request, so each commit writes five pages or more of the log. */
  private static final int REQUEST_BYTES = 16_000;
  /**
   * Enough commits that the log passes the 1,000 pages where SQLite's default checkpoints in a
   * commit, and fewer than the checkpointer's count for an unbroken run.
   */
  private static final int COMMITS = WalCheckpointer.COMMITS_PER_CHECKPOINT - 6;

  /** The checkpointer's pause in these tests. */
  private static final long IDLE_MS = 50;

  @TempDir Path directory;

  @Test
  void commits_leaveTheDatabaseFileAlone_untilThePauseBetweenSales() throws Exception {
    Path file = directory.resolve("terminal.db");
    try (SqliteStorage storage = SqliteStorage.open(file, TimeUnit.HOURS.toMillis(1))) {
      long sizeAtOpen = Files.size(file);
      saveRequests(storage, 0, COMMITS);
      assertThat(Files.size(walOf(file))).as("the log holds the commits").isGreaterThan(1_000L * 4096);
      assertThat(Files.size(file)).as("no commit copied the log into the database file").isEqualTo(sizeAtOpen);
      assertThat(storage.checkpoints()).isZero();
    }
  }

  @Test
  void afterAPause_theSalesAreInTheDatabaseFileItself() throws Exception {
    Path file = directory.resolve("terminal.db");
    try (SqliteStorage storage = SqliteStorage.open(file, IDLE_MS)) {
      saveRequests(storage, 0, 20);
      awaitCheckpoint(storage, 0);
      // The database file alone, without its log, as after a checkpoint.
      Path copy = directory.resolve("copy.db");
      Files.copy(file, copy);
      assertThat(requestsIn(copy)).isEqualTo(20);
    }
  }

  @Test
  void theLogIsReusedAfterEachPause_insteadOfGrowing() throws Exception {
    Path file = directory.resolve("terminal.db");
    try (SqliteStorage storage = SqliteStorage.open(file, IDLE_MS)) {
      long[] walSizes = new long[5];
      for (int burst = 0; burst < walSizes.length; burst++) {
        long checkpoints = storage.checkpoints();
        // After a checkpoint that copied all, the first commit of the burst writes the log from its start.
        saveRequests(storage, burst * 30, 30);
        awaitCheckpoint(storage, checkpoints);
        walSizes[burst] = Files.size(walOf(file));
      }
      assertThat(walSizes[walSizes.length - 1]).as("log sizes after each burst: %s", Arrays.toString(walSizes))
          .isLessThanOrEqualTo(Math.max(walSizes[0], walSizes[1]));
    }
  }

  @Test
  void theWriterKeepsItsFsyncAndCheckpointsOnlyAtTheBound() throws Exception {
    try (SqliteStorage storage = SqliteStorage.open(directory.resolve("terminal.db"))) {
      assertThat(pragma(storage, "synchronous")).isEqualTo("2");
      assertThat(pragma(storage, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(storage, "wal_autocheckpoint")).isEqualTo(Integer.toString(SqliteStorage.WAL_BOUND_PAGES));
    }
  }

  private static void saveRequests(SqliteStorage storage, int first, int count) {
    byte[] encoded = new byte[REQUEST_BYTES];
    for (int i = first; i < first + count; i++) {
      Arrays.fill(encoded, (byte) i);
      storage.requests().saveRequest(Bytes.of(new byte[] {(byte) (i >> 8), (byte) i}), Bytes.of(encoded),
          Instant.EPOCH, 10_000);
    }
  }

  /**
   * Waits for a checkpoint after {@code before}, then long enough for the one after the last
   * commit (on a loaded machine a slow commit can make a pause of its own within a burst).
   */
  private static void awaitCheckpoint(SqliteStorage storage, long before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (storage.checkpoints() == before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(storage.checkpoints()).as("a checkpoint ran after the pause").isGreaterThan(before);
    Thread.sleep(10 * IDLE_MS);
  }

  private static Path walOf(Path file) {
    return file.resolveSibling(file.getFileName() + "-wal");
  }

  private static int requestsIn(Path file) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT count(*) FROM open_request")) {
      count.next();
      return count.getInt(1);
    }
  }

  /** A setting of the writer's own connection. */
  private static String pragma(SqliteStorage storage, String name) throws Exception {
    try (var statement = storage.prepare("PRAGMA " + name); ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getString(1);
    }
  }
}
