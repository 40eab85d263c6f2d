package io.aloft.cli;

import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.config.InvalidSettingException;
import io.aloft.server.config.ServerSettings;
import io.aloft.server.config.Setting;
import io.aloft.server.config.SettingValues;
import io.aloft.server.config.Settings;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the issuer and settlement server until interrupted. Its options are the server's settings
 * table ({@link Settings}), so help, flags, variables and the configuration file never drift apart.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    sortSynopsis = false,
    modelTransformer = ServeCommand.SettingOptions.class,
    description = {"Run the Aloft server (embedded PostgreSQL by default).",
        "By default it starts an embedded PostgreSQL whose data lives in the data folder and survives "
            + "restarts; --db-url points it at an external PostgreSQL. Stop it with Ctrl-C.",
        "Every setting comes from its flag, else its ALOFT_* variable, else the --config file (TOML, see "
            + "docs/configuration.md), else its default. An invalid one stops the start, naming it and where "
            + "it was given."},
    footer = {"", "Secrets come from variables (or the files the *-file settings name): ALOFT_ADMIN_KEY, "
        + "ALOFT_ISSUER_KEYS, ALOFT_DB_PASSWORD."})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = ServeLogging.FLAG, paramLabel = "LEVEL", order = 1000,
      description = "Log level of the JSON lines on stdout: error, warn, info (with a line per request), debug or"
          + " trace. Default: info (env " + ServeLogging.VARIABLE + ").")
  String logLevel;

  /** Adds one option per setting that has a flag, and {@code --config}. */
  static final class SettingOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      command.addOption(OptionSpec.builder(ServerSettings.CONFIG_FLAG).paramLabel("FILE").type(String.class)
          .description("TOML configuration file (env " + ServerSettings.CONFIG_VARIABLE + ").").build());
      for (Setting setting : Settings.ALL) {
        if (setting.flag() == null) {
          continue;
        }
        String where = "env " + setting.variable() + (setting.inFile() ? "; file " + setting.key() : "");
        // picocli reads descriptions as format strings: a literal % is written %%.
        String description = setting.description() + " Default: " + setting.defaultText() + " (" + where + ").";
        OptionSpec.Builder option = OptionSpec.builder(setting.flag()).description(description.replace("%", "%%"));
        if (setting.isSwitch()) {
          option.type(boolean.class).arity("0");
        } else {
          option.type(String.class).paramLabel(setting.valueLabel());
        }
        command.addOption(option.build());
      }
      return command;
    }
  }

  /** The flags given on the command line, by setting key. */
  private Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed.hasMatchedOption(ServerSettings.CONFIG_FLAG)) {
      flags.put("config", parsed.matchedOptionValue(ServerSettings.CONFIG_FLAG, ""));
    }
    for (Setting setting : Settings.ALL) {
      if (setting.flag() != null && parsed.hasMatchedOption(setting.flag())) {
        Object value = parsed.matchedOption(setting.flag()).getValue();
        flags.put(setting.key(), String.valueOf(value));
      }
    }
    return flags;
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    try {
      config = ServerSettings.resolve(flags(), System.getenv(), ServerConfig.defaults());
    } catch (InvalidSettingException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    if (config.exposureProblem().isPresent()) {
      throw new CliException(ExitCodes.USAGE, config.exposureProblem().get());
    }
    ServeLogging.start(ServeLogging.level(logLevel, System.getenv()));
    // stdout carries the JSON log lines; what a person reads goes to stderr.
    System.err.println("aloft: starting (" + (config.databaseUrl().isEmpty()
        ? "embedded PostgreSQL in " + config.dataDirectory().toAbsolutePath().resolve("postgres")
        : "PostgreSQL at " + withoutQuery(config.databaseUrl().get())) + ")…");
    AloftServer server = AloftServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "aloft-serve-stop"));
    printWelcome(server, config);
    stopped.await();
    return ExitCodes.OK;
  }

  /** A JDBC URL without its parameters, where a password may be. */
  private static String withoutQuery(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  private void printWelcome(AloftServer server, ServerConfig config) {
    PrintStream out = System.err;
    String base = server.baseUrl();
    out.println("Aloft server listening on " + base);
    out.println("  admin key:  " + (config.adminKey().isPresent()
        ? "as configured (ALOFT_ADMIN_KEY or admin_key_file)"
        : config.dataDirectory().toAbsolutePath().resolve("admin-key") + " (send as 'Authorization: Bearer <key>')"));
    out.println("  console:    " + base + "/console (log in with the admin key)");
    out.println("  OpenAPI:    " + base + "/v1/openapi.json");
    out.println("  health:     " + base + "/health");
    out.println("  metrics:    " + base + "/metrics (with the admin key)");
    String rates = SettingValues.fxRatesText(server.fxRates());
    out.println("  FX rates:   " + (rates.isEmpty() ? "none (set them with --fx-rates or 'admin fx-rates set')"
        : rates));
    out.println("  issuer key fingerprint: " + server.issuerFingerprint());
    out.println("    (devices on other machines: 'terminal init' / 'wallet init' --issuer-fingerprint <it>)");
    out.println("Press Ctrl-C to stop.");
  }
}
