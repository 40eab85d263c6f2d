package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/cli.md documents every command and every exit code the command line has. */
class CliDocsTest {
  private static final Path ROOT = Path.of(System.getProperty("aloft.root", "..")).toAbsolutePath().normalize();

  private static void leaves(CommandLine command, List<String> into) {
    if (command.getSubcommands().isEmpty()) {
      into.add(command.getCommandSpec().qualifiedName().replaceFirst("^aloft ", ""));
    }
    command.getSubcommands().values().stream().distinct().forEach(sub -> leaves(sub, into));
  }

  @Test
  void everyCommand_isInDocsCliMd() throws Exception {
    String docs = Files.readString(ROOT.resolve("docs/cli.md"));
    List<String> commands = new ArrayList<>();
    leaves(new CommandLine(new Aloft()), commands);
    assertThat(commands).hasSizeGreaterThan(30);
    for (String command : commands) {
      String words = command;
      String leaf = command.substring(command.lastIndexOf(' ') + 1);
      assertThat(docs).as(command).containsAnyOf("`" + words, "aloft " + words, words.split(" ")[0] + " " + leaf);
    }
  }

  @Test
  void everyExitCode_isInDocsCliMd() throws Exception {
    String docs = Files.readString(ROOT.resolve("docs/cli.md"));
    for (String entry : new CommandLine(new Aloft()).getCommandSpec().usageMessage().exitCodeList().keySet()) {
      assertThat(docs).contains("| " + entry.strip() + " |");
    }
  }

  @Test
  void everyCommand_hasHelp() {
    List<String> commands = new ArrayList<>();
    leaves(new CommandLine(new Aloft()), commands);
    for (String command : commands) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.add("--help");
      Cli.Result help = Cli.run(args.toArray(String[]::new));
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: aloft " + command);
    }
  }
}
