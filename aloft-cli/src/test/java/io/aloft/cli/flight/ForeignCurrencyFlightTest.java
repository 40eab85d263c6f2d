package io.aloft.cli.flight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.http.ApiClient;
import io.aloft.testkit.TempDirectories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A EUR airline and a CNY passenger, from {@code aloft serve --config aloft.toml} with FX rates to
 * settlement: the wallet pays offline at the flight's rates, a rate the operator changes after
 * departure moves neither the terminal's bundle nor what settles, and the ledger balances in each
 * currency. The server is the real {@code aloft serve} in a child JVM; the flight departs seconds
 * after it is created, so the test waits for its departure.
 */
class ForeignCurrencyFlightTest {
  private static final Pattern LISTENING = Pattern.compile("^Aloft server listening on (\\S+)");
  private static Path dir;
  private static Process serve;
  private static String serverUrl;
  private static final List<String> SERVE_OUTPUT = new ArrayList<>();

  @BeforeAll
  static void serve() throws Exception {
    dir = Files.createTempDirectory("aloft-cli-fx-");
    Path config = Files.writeString(dir.resolve("aloft.toml"), """
        port = 0
        data_dir = "%s"

        [database]
        url = "%s"

        [fx.rates]
        "EUR/CNY" = "7.8"
        """.formatted(dir.resolve("server"), TestDatabases.fresh()));
    Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
    Files.writeString(dir.resolve("passphrase"), "correct horse battery staple");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.aloft.cli.Aloft", "serve",
        "--config", config.toString());
    builder.environment().put("ALOFT_ADMIN_KEY", TestDatabases.ADMIN_KEY);
    builder.redirectErrorStream(true);
    serve = builder.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      SERVE_OUTPUT.add(line);
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        serverUrl = listening.group(1);
      }
      if (line.startsWith("Press Ctrl-C")) {
        break;
      }
    }
    assertThat(serverUrl).as(String.join("\n", SERVE_OUTPUT)).isNotNull();
    Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "serve-output");
    drain.setDaemon(true);
    drain.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
      serve.destroyForcibly();
    }
    TempDirectories.delete(dir);
  }

  private static Cli.Result admin(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", serverUrl, "--admin-key-file", file("admin-key")));
    return ok(Cli.run(all.toArray(String[]::new)));
  }

  private static Cli.Result terminal(String... args) {
    List<String> all = new ArrayList<>(List.of("terminal", "--dir", file("galley")));
    all.addAll(List.of(args));
    return ok(Cli.run(all.toArray(String[]::new)));
  }

  private static Cli.Result wallet(String... args) {
    List<String> all = new ArrayList<>(List.of("wallet", "--dir", file("li")));
    all.addAll(List.of(args));
    all.addAll(List.of("--passphrase-file", file("passphrase")));
    return ok(Cli.run(all.toArray(String[]::new)));
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  /** Sells {@code price} EUR: request, wallet pays offline, terminal accepts. Returns what the wallet was shown. */
  private static String sell(String item, String price) {
    assertThat(terminal("request", "--item", item + ":1:" + price, "--png", file("request.png")).out())
        .contains("request for " + price + " EUR");
    String shown = wallet("pay", file("request.png"), "--yes", "--png", file("authorization.png")).out();
    assertThat(terminal("accept", file("authorization.png")).out()).startsWith("PAID " + price + " EUR");
    return shown;
  }

  @Test
  void aCnyWalletPaysAEurAirline_andSettlesAtTheFlightsRates_thoughTheRateChangedAfterDeparture() throws Exception {
    assertThat(SERVE_OUTPUT).anyMatch(line -> line.contains("FX rates:   EUR/CNY=7.8"));
    assertThat(admin("airline", "create", "--code", "LH", "--name", "Lufthansa", "--currency", "EUR",
        "--key-out", file("merchant-key")).out()).contains("airline 1 (LH) created");
    assertThat(admin("account", "create", "--name", "Li", "--score", "780", "--balance", "600.00",
        "--token-out", file("li-token")).out()).contains("score 780");
    admin("airline", "registration-code", "--airline", "1", "--code-out", file("galley-code"));
    terminal("init", "--server", serverUrl, "--registration-code-file", file("galley-code"), "--name", "Galley");
    ok(Cli.run("wallet", "--dir", file("li"), "init", "--server", serverUrl, "--token-file", file("li-token"),
        "--passphrase-file", file("passphrase"), "--kdf-memory-kib", "19456"));

    Instant departure = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
    admin("flight", "create", "--airline", "1", "--number", "720", "--departs", departure.toString());
    wallet("enrol", "--flight", "1");
    terminal("sync", "--flight", "1");
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), departure).toMillis() + 1_000));

    assertThat(admin("fx-rates", "set", "EUR/CNY=8.5").out()).contains("1 EUR = 8.5 CNY");
    assertThat(admin("fx-rates", "show").out()).contains("1 EUR = 8.5 CNY");

    // 20.00 EUR at 7.8 is 156.00 CNY.
    assertThat(sell("Perfume", "20.00")).contains("Pay 20.00 EUR to Galley (156.00 CNY from your account)?");
    // A bundle fetched after the change still carries the rates current at departure.
    terminal("sync", "--flight", "1");
    // 3.33 EUR at 7.8 is 25.974 CNY, rounded up against the payer.
    assertThat(sell("Chocolate", "3.33")).contains("(25.98 CNY from your account)");

    assertThat(terminal("upload").out()).contains("SETTLED=2");
    assertThat(admin("account", "show", "1").out()).as("600.00 - 156.00 - 25.98").contains("balance 418.02 CNY");
    JsonNode report = ApiClient.json().readTree(admin("report", "flight", "1", "--json").out());
    assertThat(report.at("/totals/0/currency").asText()).isEqualTo("EUR");
    assertThat(report.at("/totals/0/salesMinor").asLong()).isEqualTo(2_333);
    String ledger = admin("ledger", "check").out();
    assertThat(ledger).startsWith("ledger balanced").contains("CNY debits").contains("EUR debits")
        .doesNotContainPattern("sum -?[1-9]");
  }
}
