package io.aloft.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.cli.Aloft;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.qr.QrImages;
import io.aloft.server.AloftServer;
import io.aloft.testkit.TempDirectories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A server on the test PostgreSQL with an airline, a flight, a crew terminal folder and a
 * passenger wallet folder set up through the command line, and the apps launched over those
 * folders as {@code aloft terminal app} and {@code aloft wallet app} launch them. For the apps'
 * browser tests, and for the camera tests that drive the same apps.
 */
public final class AppDevices implements AutoCloseable {
  public static final String PASSPHRASE = "correct horse battery staple";

  private final Path dir;
  private final AloftServer server;
  private final List<AppServer> apps = new ArrayList<>();

  private AppDevices(Path dir, AloftServer server) {
    this.dir = dir;
    this.server = server;
  }

  /** Airline 9C with a catalogue of five items and flight 1, terminal folder {@code galley}, wallet folder {@code ada} (score 720, not enrolled). */
  public static AppDevices setUp() throws Exception {
    Path dir = Files.createTempDirectory("aloft-apps-");
    AppDevices devices = new AppDevices(dir, TestDatabases.server(dir.resolve("server")));
    devices.prepare();
    return devices;
  }

  private void prepare() throws Exception {
    Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
    Files.writeString(dir.resolve("passphrase"), PASSPHRASE);
    admin("airline", "create", "--code", "9C", "--name", "Spring Airlines", "--key-out", file("merchant-key"));
    admin("airline", "registration-code", "--airline", "1", "--valid", "30m", "--code-out", file("galley-code"));
    admin("flight", "create", "--airline", "1", "--number", "8881");
    Files.writeString(dir.resolve("catalogue.json"), ApiClient.json().writeValueAsString(Map.of("items", List.of(
        item("TEA-1", "drinks", "Jasmine tea", "茉莉花茶", 1500), item("NUTS-1", "drinks", "Peanuts", "花生", 800),
        item("NOODLE-1", "meals", "Beef noodles", "牛肉面", 3800), item("PERFUME-1", "duty_free", "Perfume 50 ml",
            "香水 50 毫升", 42000), item("PLANE-1", "souvenirs", "Model plane", "飞机模型", 12800)))));
    admin("catalogue", "set", "--airline", "1", "--file", file("catalogue.json"));
    admin("account", "create", "--name", "Ada", "--score", "720", "--balance", "500.00", "--token-out", file("ada-token"));
    ok("terminal", "--dir", file("galley"), "init", "--server", url(), "--registration-code-file", file("galley-code"),
        "--name", "Forward galley", "--flight", "1");
    ok("wallet", "--dir", file("ada"), "init", "--server", url(), "--token-file", file("ada-token"),
        "--passphrase-file", file("passphrase"), "--kdf-memory-kib", "19456");
  }

  private static Map<String, Object> item(String sku, String category, String nameEn, String nameZh, long minor) {
    return Map.of("sku", sku, "category", category, "nameEn", nameEn, "nameZh", nameZh,
        "unitPrice", Map.of("amountMinor", minor, "currency", "CNY"));
  }

  public String url() {
    return server.baseUrl();
  }

  public Path dir() {
    return dir;
  }

  public String file(String name) {
    return dir.resolve(name).toString();
  }

  public Cli.Result admin(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", url(), "--admin-key-file", file("admin-key")));
    return ok(all.toArray(String[]::new));
  }

  public static Cli.Result ok(String... args) {
    Cli.Result result = Cli.run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  /** The terminal fetches the flight's bundle again, with the passengers enrolled since. */
  public void syncTerminal() {
    ok("terminal", "--dir", file("galley"), "sync");
  }

  public AppServer crewApp() throws Exception {
    return launch("terminal", "--dir", file("galley"), "app", "--listen", "127.0.0.1:0");
  }

  public AppServer passengerApp() throws Exception {
    return launch("wallet", "--dir", file("ada"), "app", "--listen", "127.0.0.1:0");
  }

  /** Parses the command line as {@code aloft} does and launches the app command it names, without blocking. */
  public AppServer launch(String... args) throws Exception {
    CommandLine.ParseResult parsed = new CommandLine(new Aloft()).parseArgs(args);
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    AppServer app = ((AppLauncher) parsed.commandSpec().userObject()).launch();
    apps.add(app);
    return app;
  }

  /** The text of the QR code in an image: a {@code data:} PNG or a URL of this machine. */
  public static String decode(String imageSource) throws Exception {
    byte[] png;
    if (imageSource.startsWith("data:image/png;base64,")) {
      png = Base64.getDecoder().decode(imageSource.substring("data:image/png;base64,".length()));
    } else {
      png = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(imageSource)).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
    }
    Path file = Files.createTempFile("aloft-qr-", ".png");
    try {
      Files.write(file, png);
      return QrImages.readImage(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public void close() {
    apps.forEach(AppServer::close);
    server.close();
    TempDirectories.delete(dir);
  }
}
