package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.testkit.TempDirectories;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick start, as a new user meets it: the two set-up commands and the five-line demo walk. */
class QuickStartTest {
  private static final Path ROOT = Path.of(System.getProperty("aloft.root", "..")).toAbsolutePath().normalize();

  private static List<String> shellBlockAfter(String heading) throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int at = readme.indexOf(heading);
    assertThat(at).as("README has a section '" + heading + "'").isNotNegative();
    Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find(at)).isTrue();
    return block.group(1).lines().map(line -> line.replaceFirst("\\s+#.*$", "").strip())
        .filter(line -> !line.isEmpty()).toList();
  }

  @Test
  void theTwoSetUpCommands_areTheFirstThingTheReadmeSays() throws Exception {
    assertThat(shellBlockAfter("## Set-up")).containsExactly("./aloft serve", "./mvnw install");
  }

  /** CI runs exactly what the README tells a reader to run, with Maven's batch-mode flags only. */
  @Test
  void ciRunsTheReadmesTestCommands() throws Exception {
    List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream().filter(line -> line.startsWith("./mvnw"))
        .map(line -> line.replace(" -B -ntp", "")).toList();
    assertThat(ci).containsExactlyElementsOf(shellBlockAfter("## Using the SDKs"));
    assertThat(ci.get(0)).isEqualTo(shellBlockAfter("## Set-up").get(1));
  }

  /** The example app builds against the SDKs this build installs, not an older snapshot left in ~/.m2. */
  @Test
  void theExampleApp_dependsOnThisVersionOfTheSdks() throws Exception {
    Matcher root = Pattern.compile("<artifactId>aloft-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(ROOT.resolve("pom.xml")));
    Matcher example = Pattern.compile("<aloft.version>([^<]+)</aloft.version>")
        .matcher(Files.readString(ROOT.resolve("examples/sdk-consumer/pom.xml")));
    assertThat(root.find()).isTrue();
    assertThat(example.find()).isTrue();
    assertThat(example.group(1)).isEqualTo(root.group(1));
  }

  @Test
  void everyLineOfTheDemoWalk_runs() throws Exception {
    List<String> walk = shellBlockAfter("## Try it");
    assertThat(walk).hasSize(5).allMatch(line -> line.startsWith("./aloft demo"));
    for (String line : walk) {
      List<String> args = new ArrayList<>(Arrays.asList(line.split("\\s+")).subList(1, line.split("\\s+").length));
      if (!args.contains("--help")) {
        // Its own server on the shared test PostgreSQL instead of a fresh embedded one per line; serve tests that.
        args.addAll(List.of("--quiet", "--db-url", TestDatabases.fresh()));
      }
      Cli.Result result = Cli.run(args.toArray(String[]::new));
      assertThat(result.exitCode()).as(line + "\n" + result).isZero();
      assertThat(result.out()).as(line).isNotBlank();
    }
  }

  /** {@code ./aloft serve} as a process of its own: a fresh data folder, its embedded PostgreSQL, health. */
  @Test
  void serve_startsOnAFreshDataFolder_andAnswersHealth() throws Exception {
    Path data = Files.createTempDirectory("aloft-cli-serve-");
    Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Aloft.class.getName(), "serve", "--port", "0",
        "--data-dir", data.toString()).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
      String baseUrl = null;
      StringBuilder seen = new StringBuilder();
      for (String line; baseUrl == null && (line = out.readLine()) != null; ) {
        seen.append(line).append('\n');
        Matcher listening = Pattern.compile("^Aloft server listening on (http://\\S+)").matcher(line);
        baseUrl = listening.find() ? listening.group(1) : null;
      }
      assertThat(baseUrl).as(seen.toString()).isNotNull();
      assertThat(out.readLine()).contains("admin key:").contains("admin-key");
      assertThat(out.readLine()).as("serve says where the console is").contains("console:")
          .contains(baseUrl + "/console");
      String fingerprint = null;
      for (String line; fingerprint == null && (line = out.readLine()) != null; ) {
        Matcher printed = Pattern.compile("issuer key fingerprint: ((?:[0-9a-f]{4}-){15}[0-9a-f]{4})$").matcher(line);
        fingerprint = printed.find() ? printed.group(1) : null;
      }
      assertThat(fingerprint).as("serve prints the issuer key fingerprint").isNotNull();
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl
          + "/console/login")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(200);
      assertThat(login.body()).contains("Log in to the Aloft console");
      assertThat(Files.exists(data.resolve("admin-key"))).isTrue();
    } finally {
      serve.destroy();
      if (!serve.waitFor(60, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
      TempDirectories.delete(data);
    }
  }
}
