package io.aloft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.files.FolderTooOpenException;
import io.aloft.server.http.Json;
import io.aloft.testkit.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default run: embedded PostgreSQL in the data folder, keys made at first start, all kept. */
class RestartTest {
  @TempDir
  Path data;

  private ServerConfig config() {
    return ServerConfig.defaults().withPort(0).withDataDirectory(data)
        .withEmbeddedSettings(SharedPostgres.TEST_SETTINGS);
  }

  @Test
  void theServerRestartsOnTheSameDataFolder_andKeepsEverything() throws Exception {
    long accountId;
    String adminKey;
    JsonNode keysBefore;
    try (AloftServer server = AloftServer.start(config())) {
      adminKey = Files.readString(data.resolve("admin-key")).trim();
      assertThat(server.adminKey()).isEqualTo(adminKey);
      JsonNode created = send(server, "POST", "/v1/accounts", adminKey, Map.of("displayName", "Kept",
          "identityLevel", 3, "currency", "CNY", "openingBalanceMinor", 4_200));
      accountId = created.at("/account/id").asLong();
      keysBefore = send(server, "GET", "/v1/issuer-keys", null, null);
    }

    try (AloftServer again = AloftServer.start(config())) {
      JsonNode account = send(again, "GET", "/v1/accounts/" + accountId, adminKey, null);
      assertThat(account.get("displayName").asText()).isEqualTo("Kept");
      assertThat(account.at("/balance/amountMinor").asLong()).isEqualTo(4_200);
      assertThat(send(again, "GET", "/v1/issuer-keys", null, null)).isEqualTo(keysBefore);
    }
  }

  @Test
  void secretsInTheDataFolder_areReadableOnlyByTheOwner() throws Exception {
    try (AloftServer server = AloftServer.start(config())) {
      assertThat(server.port()).isPositive();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("admin-key"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("issuer-keys/issuer-1.key"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("issuer-keys"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aDataFolderOpenToOtherUsers_isRefused_withTheCommandThatFixesIt() throws Exception {
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> AloftServer.start(config()).close())
        .isInstanceOf(FolderTooOpenException.class)
        .hasMessageContaining(data.toString())
        .hasMessageContaining("chmod 700 " + data);
    assertThat(data.resolve("admin-key")).doesNotExist();
  }

  @Test
  void aNewDataFolder_isCreatedOpenToItsOwnerOnly() throws Exception {
    Path fresh = data.resolve("new").resolve("aloft-data");
    try (AloftServer server = AloftServer.start(config().withDataDirectory(fresh))) {
      assertThat(server.port()).isPositive();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("postgres"))))
        .isEqualTo("rwx------");
  }

  private JsonNode send(AloftServer server, String method, String path, String token, Object body) {
    Api.Response response = new Api(server.baseUrl(), Json.mapper()).send(method, path, token, body, Map.of());
    assertThat(response.status()).as(response.text()).isBetween(200, 299);
    return response.json();
  }
}
