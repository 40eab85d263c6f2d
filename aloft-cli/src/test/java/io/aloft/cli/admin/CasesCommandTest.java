package io.aloft.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.cli.Cli;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.TestDatabases;
import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft admin cases} reads the cases a page at a time and says how to ask for the next one.
 * The cases are staged in SQL: the command's subject is the list, not how settlement raises them.
 */
class CasesCommandTest {
  private static Path dir;
  private static AloftServer server;
  private static Path adminKey;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("aloft-cli-cases-");
    String database = TestDatabases.fresh();
    server = AloftServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dir.resolve("server"))
        .withDatabase(database, null, null).withAdminKey(TestDatabases.ADMIN_KEY));
    adminKey = Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
    try (Connection connection = DriverManager.getConnection(database);
        PreparedStatement insert = connection.prepareStatement("INSERT INTO cases (created_at, kind, serial, counter,"
            + " flight_id, account_id, airline_id, detail, evidence_digest) VALUES (now(), 'replay', ?, 0, 1, 1, 1,"
            + " ?, ?)")) {
      for (int i = 1; i <= 3; i++) {
        byte[] serial = new byte[16];
        serial[15] = (byte) i;
        insert.setBytes(1, serial);
        insert.setString(2, "staged case " + i);
        insert.setBytes(3, serial);
        insert.executeUpdate();
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    TempDirectories.delete(dir);
  }

  private static Cli.Result admin(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", server.baseUrl(), "--admin-key-file", adminKey.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void cases_pageByPage_newestFirst_withTheOptionForTheNextPage() {
    Cli.Result first = admin("cases", "--limit", "2");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).startsWith("2 cases").containsSubsequence("staged case 3", "staged case 2")
        .doesNotContain("staged case 1");
    assertThat(first.lastLine()).isEqualTo("older ones follow: --starting-after 2");

    Cli.Result second = admin("cases", "--limit", "2", "--starting-after", "2");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).startsWith("1 cases").contains("staged case 1").doesNotContain("older ones follow");

    assertThat(admin("cases").out()).as("the default page holds all three").startsWith("3 cases")
        .doesNotContain("older ones follow");
  }

  @Test
  void aBadLimit_isTheServersRefusalInWords() {
    Cli.Result refused = admin("cases", "--limit", "500");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.SERVER);
    assertThat(refused.err()).contains("invalid-limit").contains("1 to 100");
  }
}
