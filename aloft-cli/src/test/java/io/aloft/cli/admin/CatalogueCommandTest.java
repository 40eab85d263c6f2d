package io.aloft.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.cli.Cli;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.TestDatabases;
import io.aloft.server.AloftServer;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code aloft admin catalogue show|set} against a real server. */
class CatalogueCommandTest {
  private static Path dir;
  private static AloftServer server;
  private static Path adminKey;

  private static final String ITEMS = """
      {"items": [
        {"sku": "SV-PLANE", "category": "souvenirs", "nameEn": "Model plane", "nameZh": "飞机模型",
         "unitPrice": {"amountMinor": 4500, "currency": "CNY"}},
        {"sku": "DR-TEA", "category": "drinks", "nameEn": "Jasmine tea", "nameZh": "茉莉花茶",
         "unitPrice": {"amountMinor": 1500, "currency": "CNY"}},
        {"sku": "DF-PERFUME-50", "category": "duty_free", "nameEn": "Eau de parfum 50 ml", "nameZh": "淡香精 50 毫升",
         "unitPrice": {"amountMinor": 38000, "currency": "CNY"}}
      ]}
      """;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("aloft-cli-catalogue-");
    server = TestDatabases.server(dir.resolve("server"));
    adminKey = Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
    Cli.Result airline = admin("airline", "create", "--code", "9C", "--name", "Spring Airlines",
        "--key-out", dir.resolve("merchant-key").toString());
    assertThat(airline.exitCode()).as(airline.toString()).isZero();
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

  private static Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void set_thenShow_listsTheItemsByCategory_inBothLanguages_andShowJsonGoesBackIntoSet() throws Exception {
    Cli.Result set = admin("catalogue", "set", "--airline", "1", "--file", write("catalogue.json", ITEMS).toString());
    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(set.out()).startsWith("airline 1: 3 items, updated ");

    Cli.Result show = admin("catalogue", "show", "--airline", "1");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out()).containsSubsequence("duty_free", "DF-PERFUME-50  Eau de parfum 50 ml / 淡香精 50 毫升  380.00 CNY",
        "drinks", "DR-TEA  Jasmine tea / 茉莉花茶  15.00 CNY", "souvenirs", "SV-PLANE  Model plane / 飞机模型  45.00 CNY");

    Cli.Result json = admin("catalogue", "show", "--airline", "1", "--json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    Cli.Result again = admin("catalogue", "set", "--airline", "1", "--file", write("shown.json", json.out()).toString(),
        "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).isEqualTo(json.out());
  }

  @Test
  void aListAlone_isACatalogueToo_andAnEmptyListClearsIt() throws Exception {
    Cli.Result set = admin("catalogue", "set", "--airline", "1", "--file", write("list.json", """
        [{"sku": "ML-NOODLES", "category": "meals", "nameEn": "Instant noodles", "nameZh": "方便面",
          "unitPrice": {"amountMinor": 1600, "currency": "CNY"}}]
        """).toString());
    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(set.out()).contains("meals").contains("ML-NOODLES  Instant noodles / 方便面  16.00 CNY");

    Cli.Result cleared = admin("catalogue", "set", "--airline", "1", "--file", write("empty.json", "[]").toString());
    assertThat(cleared.out()).isEqualTo("airline 1: no catalogue\n");
  }

  @Test
  void aBadItem_isRefusedWithTheFieldItNames_andABadFileBeforeAnythingIsSent() throws Exception {
    Cli.Result twice = admin("catalogue", "set", "--airline", "1", "--file", write("twice.json", """
        {"items": [
          {"sku": "DR-TEA", "category": "drinks", "nameEn": "Tea", "nameZh": "茶", "unitPrice": {"amountMinor": 1, "currency": "CNY"}},
          {"sku": "DR-TEA", "category": "drinks", "nameEn": "Tea", "nameZh": "茶", "unitPrice": {"amountMinor": 1, "currency": "CNY"}}
        ]}
        """).toString());
    assertThat(twice.exitCode()).as(twice.toString()).isNotZero();
    assertThat(twice.err()).contains("items[1].sku");

    Cli.Result notJson = admin("catalogue", "set", "--airline", "1", "--file", write("bad.json", "{items:").toString());
    assertThat(notJson.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(notJson.err()).contains("is not JSON");
    Cli.Result notAList = admin("catalogue", "set", "--airline", "1", "--file", write("object.json", "{}").toString());
    assertThat(notAList.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(notAList.err()).contains("must hold {\"items\": [...]}");
    Cli.Result missing = admin("catalogue", "set", "--airline", "1", "--file", dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.INPUT);
  }
}
