package io.aloft.cli.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.ServeProcess;
import io.aloft.protocol.files.PrivateFiles;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.server.TestServer;
import io.aloft.server.db.EmbeddedPostgres;
import io.aloft.server.settlement.Aboard;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import io.aloft.testkit.JvmProcess;
import io.aloft.testkit.TempDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The restore drill of {@code docs/operations.md}, step by step: a flight settles on
 * {@code aloft serve}; the backup is {@code pg_dump} of its database, taken while it runs, and a
 * copy of its issuer key folder and admin key file; the database is lost; {@code pg_restore} into
 * a fresh database and the key files copied into a new data folder bring back a server whose ledger
 * check balances, whose balances are those of before, whose issuer key is the same, and which
 * refuses the replayed uploads as already settled.
 *
 * <p>pg_dump refuses a server of a newer major version than its own, and the embedded binaries
 * have no pg_dump; so the drill runs on a PostgreSQL installed on the machine with its own pg_dump
 * and pg_restore (Debian's {@code postgresql}, which {@code .ci/run} installs), as an operator's
 * external PostgreSQL would be.
 */
class RestoreDrillTest {
  private static final long OPENING_BALANCE = 50_000;

  @Test
  void aBackupRestoredIntoAFreshDatabase_withTheSameKeyFiles_balancesAndRefusesReplays() throws Exception {
    Optional<Path> installation = installedPostgres();
    assumeTrue(installation.isPresent() || "true".equals(System.getenv("CI")),
        "no PostgreSQL with pg_dump under /usr/lib/postgresql; .ci/run installs Debian's postgresql");
    Path tools = installation.orElseThrow(() -> new AssertionError(
        "CI must run the restore drill: no PostgreSQL with pg_dump and pg_restore under /usr/lib/postgresql"));
    Path dir = Files.createTempDirectory("aloft-restore-drill-");
    try (EmbeddedPostgres postgres = EmbeddedPostgres.startInstalled(dir.resolve("pgdata"), tools,
        Map.of("fsync", "off", "synchronous_commit", "off"))) {
      Path firstData = PrivateFiles.folder(dir.resolve("first"));
      PrivateFiles.write(firstData.resolve("admin-key"), TestServer.ADMIN_KEY.getBytes(StandardCharsets.US_ASCII));
      String lost = "aloft";
      Settled before;
      Path backup = PrivateFiles.folder(dir.resolve("backup"));
      try (JvmProcess first = serve(postgres, lost, firstData)) {
        before = settleAFlight(TestServer.remote(ServeProcess.baseUrl(first)));
        before.fingerprint = fingerprint(first);

        // The backup, taken while the server runs: the database, then the key files.
        run(tools, postgres, "pg_dump", "--format=custom", "--file=" + backup.resolve("aloft.dump"),
            "--host=127.0.0.1", "--port=" + postgres.port(), "--username=" + postgres.application().user(), lost);
        copyKeepingModes(firstData.resolve("issuer-keys"), backup.resolve("issuer-keys"));
        copyKeepingModes(firstData.resolve("admin-key"), backup.resolve("admin-key"));
      }
      superuser(postgres, "DROP DATABASE " + lost + " WITH (FORCE)");

      // The restore: a fresh database owned by the server's role, the dump, the key files in a new data folder.
      String restored = "aloft_restored";
      superuser(postgres, "CREATE DATABASE " + restored + " OWNER " + postgres.application().user());
      run(tools, postgres, "pg_restore", "--exit-on-error", "--single-transaction", "--no-owner",
          "--host=127.0.0.1", "--port=" + postgres.port(), "--username=" + postgres.application().user(),
          "--dbname=" + restored, backup.resolve("aloft.dump").toString());
      try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(restored, postgres.application()));
          Statement statement = connection.createStatement()) {
        statement.execute("SELECT setval('webhook_events_id_seq', (SELECT last_value FROM webhook_events_id_seq)"
            + " + 1000000000)");
        try (var row = statement.executeQuery("SELECT last_value FROM webhook_events_id_seq")) {
          assertThat(row.next()).isTrue();
          assertThat(row.getLong(1)).as("webhook event ids moved past any a receiver saw").isGreaterThan(1_000_000_000L);
        }
      }
      Path secondData = PrivateFiles.folder(dir.resolve("second"));
      copyKeepingModes(backup.resolve("issuer-keys"), secondData.resolve("issuer-keys"));
      copyKeepingModes(backup.resolve("admin-key"), secondData.resolve("admin-key"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
          secondData.resolve("issuer-keys").resolve("issuer-1.key")))).isEqualTo("rw-------");

      try (JvmProcess second = serve(postgres, restored, secondData)) {
        TestServer node = TestServer.remote(ServeProcess.baseUrl(second));
        assertThat(fingerprint(second)).as("the same issuer key signs").isEqualTo(before.fingerprint);
        assertLedgerBalanced(node);
        assertThat(balances(node, before.accounts)).as("balances as before the loss").isEqualTo(before.balances);

        SettlementReport resent = Aboard.report(node.send("POST", "/v1/terminal-batches", before.merchantKey,
            before.batch.encode(), Map.of("Content-Type", "application/octet-stream")));
        assertThat(resent.encode()).as("the resent batch gets its first answer").isEqualTo(before.batchReport.encode());
        SettlementReport replayed = Aboard.report(node.send("POST", "/v1/wallet/bills", before.payerToken,
            before.walletUpload.encode(), Map.of("Content-Type", "application/octet-stream")));
        assertThat(replayed.entries()).extracting(SettlementReport.Entry::outcome)
            .as("the wallet's replayed upload: already settled").containsOnly(SettlementOutcome.DUPLICATE)
            .hasSize(before.walletUpload.bills().size());
        assertThat(balances(node, before.accounts)).as("the replays moved nothing").isEqualTo(before.balances);
        assertLedgerBalanced(node);
      }
    } finally {
      TempDirectories.delete(dir);
    }
  }

  /** What the first server held before the loss, to compare the restored one with. */
  private static final class Settled {
    List<Long> accounts;
    Map<Long, Long> balances;
    String merchantKey;
    TerminalBatch batch;
    SettlementReport batchReport;
    String payerToken;
    WalletUpload walletUpload;
    String fingerprint;
  }

  /** A small flight: three payers, one cart, its batch and one wallet's upload, all settled. */
  private static Settled settleAFlight(TestServer node) {
    Aboard flight = new Aboard(node, 1);
    List<Passenger> payers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      payers.add(flight.passenger(OPENING_BALANCE));
    }
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    List<Sale> sales = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      for (Passenger payer : payers) {
        sales.add(n == 0 ? flight.handshake(cart, payer, 1_250 + n) : flight.oneScan(cart, payer, 800 + n, n == 1));
      }
    }
    Settled settled = new Settled();
    settled.merchantKey = flight.airline.merchantKey();
    settled.batch = flight.batch(cart, sales.stream().map(s -> (BatchEntry) s.entry()).toList());
    settled.batchReport = flight.upload(settled.batch);
    assertThat(settled.batchReport.entries()).extracting(SettlementReport.Entry::outcome)
        .containsOnly(SettlementOutcome.SETTLED).hasSize(sales.size());
    Passenger payer = payers.get(0);
    settled.payerToken = payer.token;
    settled.walletUpload = new WalletUpload(sales.stream().filter(s -> s.payer() == payer).map(s -> s.bill(true))
        .toList());
    assertThat(flight.upload(payer, settled.walletUpload.bills()).entries()).extracting(SettlementReport.Entry::outcome)
        .containsOnly(SettlementOutcome.DUPLICATE);
    assertLedgerBalanced(node);
    settled.accounts = payers.stream().map(p -> p.accountId).toList();
    settled.balances = balances(node, settled.accounts);
    long charged = sales.stream().mapToLong(s -> s.receipt().charged().amountMinor()).sum();
    assertThat(settled.balances.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(3 * OPENING_BALANCE - charged);
    return settled;
  }

  private static JvmProcess serve(EmbeddedPostgres postgres, String database, Path data) {
    JvmProcess serve = ServeProcess.start(Map.of("ALOFT_DB_PASSWORD", postgres.application().password()),
        "--port", "0", "--data-dir", data.toString(), "--db-url", postgres.jdbcUrl(database),
        "--db-user", postgres.application().user());
    ServeProcess.baseUrl(serve);
    return serve;
  }

  private static Map<Long, Long> balances(TestServer node, List<Long> accounts) {
    Map<Long, Long> balances = new LinkedHashMap<>();
    for (long account : accounts) {
      JsonNode view = TestServer.check(node.get("/v1/accounts/" + account, TestServer.ADMIN_KEY), 200).json();
      balances.put(account, view.at("/balance/amountMinor").asLong());
    }
    return balances;
  }

  private static void assertLedgerBalanced(TestServer node) {
    JsonNode check = TestServer.check(node.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    assertThat(check.get("unbalancedEntries").asLong()).isZero();
    assertThat(check.get("settlementsOutOfStep").asLong()).isZero();
    assertThat(check.get("entries").asLong()).isPositive();
  }

  private static String fingerprint(JvmProcess node) {
    return node.output().stream().filter(line -> line.contains("issuer key fingerprint:")).findFirst()
        .orElseThrow(() -> new AssertionError("no fingerprint in " + node.output()));
  }

  /**
   * The newest PostgreSQL under /usr/lib/postgresql (Debian's layout) with its server, pg_dump and
   * pg_restore: the tools and the server are then of one version.
   */
  private static Optional<Path> installedPostgres() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
          .filter(v -> Stream.of("initdb", "pg_ctl", "postgres", "pg_dump", "pg_restore")
              .allMatch(program -> Files.isExecutable(v.resolve("bin").resolve(program))))
          .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())));
    }
  }

  /** Runs pg_dump or pg_restore of {@code tools} as the server's role; fails with its output unless it exits 0. */
  private static void run(Path tools, EmbeddedPostgres postgres, String program, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(tools.resolve("bin").resolve(program).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", postgres.application().password());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(program + " finished").isTrue();
    assertThat(process.exitValue()).as(program + ": " + output).isZero();
  }

  private static void superuser(EmbeddedPostgres postgres, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres", postgres.superuser()));
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Copies a file or a folder tree, each with its permissions (the keys' 600 and 700). */
  private static void copyKeepingModes(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
