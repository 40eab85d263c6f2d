package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.config.Setting;
import io.aloft.server.config.Settings;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@code aloft serve} says before it starts anything: its help, and a bad setting. */
class ServeCommandTest {
  private static final Path ROOT = Path.of(System.getProperty("aloft.root", "..")).toAbsolutePath().normalize();

  @Test
  void help_listsEverySettingWithItsVariable() {
    Cli.Result help = Cli.run("serve", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--config=FILE").contains("ALOFT_CONFIG");
    for (Setting setting : Settings.ALL) {
      assertThat(help.out().replaceAll("\\s+", " ")).as(setting.key()).contains(setting.variable());
      if (setting.flag() != null) {
        assertThat(help.out()).as(setting.key()).contains(setting.flag());
      }
    }
  }

  @Test
  void docsConfiguration_describesEverySetting() throws Exception {
    String docs = Files.readString(ROOT.resolve("docs/configuration.md"));
    String example = Files.readString(ROOT.resolve("docs/aloft.toml"));
    for (Setting setting : Settings.ALL) {
      assertThat(docs).as(setting.key()).contains("`" + setting.key() + "`").contains(setting.variable());
      if (setting.inFile()) {
        String name = setting.key().substring(setting.key().lastIndexOf('.') + 1);
        assertThat(example).as(setting.key() + " in docs/aloft.toml").contains(name);
      }
    }
  }

  @Test
  void aBadSetting_stopsTheStart_namingItAndWhereItWasGiven() throws Exception {
    Cli.Result flag = Cli.run("serve", "--port", "70000");
    assertThat(flag.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(flag.err()).isEqualTo("aloft: invalid setting port (flag --port): must be 0..65535, got 70000\n");

    Cli.Result level = Cli.run("serve", "--port", "0", "--log-level", "loud");
    assertThat(level.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(level.err()).isEqualTo("aloft: invalid setting log_level (flag --log-level): must be one of error, warn,"
        + " info, debug, trace, got loud\n");

    Path dir = Files.createTempDirectory("aloft-serve-config-");
    try {
      Path config = Files.writeString(dir.resolve("aloft.toml"), "port = 0\n\n[fx]\nrates = \"EUR/CNY=seven\"\n");
      Cli.Result file = Cli.run("serve", "--config", config.toString());
      assertThat(file.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(file.err()).contains("invalid setting fx.rates (" + config + " line 4)").contains("EUR/CNY=seven");
      assertThat(dir.resolve("aloft-data")).as("nothing was started").doesNotExist();
    } finally {
      TempDirectories.delete(dir);
    }
  }
}
