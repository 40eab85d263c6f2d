package io.aloft.server.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.rules.BundleRules;
import io.aloft.protocol.rules.Verdict;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.server.TestServer.TerminalFixture;
import io.aloft.testkit.Api.Response;
import io.aloft.testkit.ShiftedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalogue API on a real server and PostgreSQL, and the catalogue signed into flights' bundles. */
class CatalogueApiTest {
  private static final ShiftedClock CLOCK = new ShiftedClock();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(config -> config.withClock(CLOCK));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, Object> item(String sku, String category, String nameEn, String nameZh, long priceMinor) {
    return new HashMap<>(Map.of("sku", sku, "category", category, "nameEn", nameEn, "nameZh", nameZh,
        "unitPrice", Map.of("amountMinor", priceMinor, "currency", "CNY")));
  }

  static final List<Map<String, Object>> SEED = List.of(
      item("SV-PLANE", "souvenirs", "Model plane A330", "A330 飞机模型", 16_800),
      item("DF-PERFUME", "duty_free", "Eau de parfum 50 ml", "淡香精 50 毫升", 68_000),
      item("DR-COFFEE", "drinks", "Coffee", "咖啡", 2_800),
      item("ML-NOODLES", "meals", "Beef noodles", "红烧牛肉面", 4_500));

  private static String path(AirlineFixture airline) {
    return "/v1/airlines/" + airline.id() + "/catalogue";
  }

  private static Response put(AirlineFixture airline, String token, Object body) {
    return server.send("PUT", path(airline), token, body, Map.of());
  }

  private static TrustBundle bundle(long flight, String token) throws Exception {
    Response response = TestServer.check(server.get("/v1/flights/" + flight + "/trust-bundle", token), 200);
    return TrustBundle.decode(Base64.getDecoder().decode(response.json().get("bundle").asText()));
  }

  @Test
  void anAirline_setsItsCatalogue_andReadsItBackBySku_asDoItsTerminalsAndTheOperator() {
    AirlineFixture airline = server.airline();
    Response empty = TestServer.check(server.get(path(airline), airline.merchantKey()), 200);
    assertThat(empty.json().get("items")).isEmpty();
    assertThat(empty.json().get("updatedAt").isNull()).isTrue();

    Response set = TestServer.check(put(airline, airline.merchantKey(), Map.of("items", SEED)), 200);

    assertThat(set.json().get("items").findValuesAsText("sku"))
        .containsExactly("DF-PERFUME", "DR-COFFEE", "ML-NOODLES", "SV-PLANE");
    assertThat(set.json().at("/items/2/nameZh").asText()).isEqualTo("红烧牛肉面");
    assertThat(set.json().at("/items/0/unitPrice/amountMinor").asLong()).isEqualTo(68_000);
    assertThat(set.json().at("/items/0/unitPrice/currency").asText()).isEqualTo("CNY");
    assertThat(set.json().get("updatedAt").asText()).isNotBlank();
    TerminalFixture terminal = server.terminal(airline);
    for (Response read : List.of(server.get(path(airline), airline.merchantKey()),
        server.get(path(airline), TestServer.ADMIN_KEY),
        server.signed("GET", path(airline), terminal.id(), terminal.key(), null))) {
      assertThat(TestServer.check(read, 200).json()).isEqualTo(set.json());
    }
    assertThat(server.number("SELECT count(*) FROM audit_log WHERE action = 'catalogue.replaced' AND actor = 'airline:"
        + airline.id() + "' AND subject = 'airline:" + airline.id() + "'")).isEqualTo(1);
  }

  @Test
  void theSameCatalogueAgain_changesNothing_andAnEmptyListClearsIt() throws Exception {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(4));
    TestServer.check(put(airline, airline.merchantKey(), Map.of("items", SEED)), 200);
    long version = bundle(flight, airline.merchantKey()).bundleVersion();

    TestServer.check(put(airline, TestServer.ADMIN_KEY, Map.of("items", SEED)), 200);
    assertThat(bundle(flight, airline.merchantKey()).bundleVersion()).isEqualTo(version);
    assertThat(server.number("SELECT count(*) FROM audit_log WHERE action = 'catalogue.replaced'"
        + " AND subject = 'airline:" + airline.id() + "'")).isEqualTo(1);

    Response cleared = TestServer.check(put(airline, TestServer.ADMIN_KEY, Map.of("items", List.of())), 200);
    assertThat(cleared.json().get("items")).isEmpty();
    TrustBundle after = bundle(flight, airline.merchantKey());
    assertThat(after.bundleVersion()).isGreaterThan(version);
    assertThat(after.catalogue()).isEqualTo(Catalogue.EMPTY);
    assertThat(server.number("SELECT count(*) FROM audit_log WHERE action = 'catalogue.replaced' AND actor = 'admin'"
        + " AND subject = 'airline:" + airline.id() + "'")).isEqualTo(1);
  }

  /** A bad body: what is wrong, and the field the refusal must name. */
  record Bad(String what, String field, Object body) {
    @Override
    public String toString() {
      return what;
    }
  }

  private static Bad badItem(String what, String field, Consumer<Map<String, Object>> change) {
    Map<String, Object> second = item("DR-TEA", "drinks", "Jasmine tea", "茉莉花茶", 1_500);
    change.accept(second);
    List<Map<String, Object>> items = new ArrayList<>();
    items.add(item("DR-COFFEE", "drinks", "Coffee", "咖啡", 2_800));
    items.add(second);
    return new Bad(what, field, Map.of("items", items));
  }

  static List<Arguments> badBodies() {
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i <= Catalogue.MAX_ITEMS; i++) {
      tooMany.add(item("SKU-" + i, "meals", "Meal " + i, "餐 " + i, 100));
    }
    List<Bad> bad = List.of(
        new Bad("no items field", "items", Map.of()),
        new Bad("items is null", "items", new HashMap<String, Object>() {{ put("items", null); }}),
        new Bad("257 items", "items", Map.of("items", tooMany)),
        new Bad("a null item", "items[0]", "{\"items\": [null]}"),
        badItem("no sku", "items[1].sku", i -> i.remove("sku")),
        badItem("blank sku", "items[1].sku", i -> i.put("sku", "")),
        badItem("sku with a space", "items[1].sku", i -> i.put("sku", "DR TEA")),
        badItem("sku starting with a dash", "items[1].sku", i -> i.put("sku", "-TEA")),
        badItem("sku of 33 bytes", "items[1].sku", i -> i.put("sku", "T".repeat(33))),
        badItem("sku twice", "items[1].sku", i -> i.put("sku", "DR-COFFEE")),
        badItem("no category", "items[1].category", i -> i.remove("category")),
        badItem("unknown category", "items[1].category", i -> i.put("category", "snacks")),
        badItem("no English name", "items[1].nameEn", i -> i.remove("nameEn")),
        badItem("blank English name", "items[1].nameEn", i -> i.put("nameEn", "   ")),
        badItem("English name of 33 bytes", "items[1].nameEn", i -> i.put("nameEn", "T".repeat(33))),
        badItem("English name with a line break", "items[1].nameEn", i -> i.put("nameEn", "Jasmine\ntea")),
        badItem("no Chinese name", "items[1].nameZh", i -> i.remove("nameZh")),
        badItem("Chinese name of 11 characters", "items[1].nameZh", i -> i.put("nameZh", "茶".repeat(11))),
        badItem("Chinese name with a right-to-left override", "items[1].nameZh", i -> i.put("nameZh", "茉莉\u202e花茶")),
        badItem("no price", "items[1].unitPrice", i -> i.remove("unitPrice")),
        badItem("no amount", "items[1].unitPrice.amountMinor", i -> i.put("unitPrice", Map.of("currency", "CNY"))),
        badItem("price zero", "items[1].unitPrice.amountMinor",
            i -> i.put("unitPrice", Map.of("amountMinor", 0, "currency", "CNY"))),
        badItem("negative price", "items[1].unitPrice.amountMinor",
            i -> i.put("unitPrice", Map.of("amountMinor", -5, "currency", "CNY"))),
        badItem("price over the bound", "items[1].unitPrice.amountMinor",
            i -> i.put("unitPrice", Map.of("amountMinor", CatalogueItem.MAX_UNIT_PRICE_MINOR + 1, "currency", "CNY"))),
        badItem("no currency", "items[1].unitPrice.currency",
            i -> i.put("unitPrice", Map.of("amountMinor", 100))),
        badItem("unknown currency", "items[1].unitPrice.currency",
            i -> i.put("unitPrice", Map.of("amountMinor", 100, "currency", "XYZ"))),
        badItem("no-currency code XXX", "items[1].unitPrice.currency",
            i -> i.put("unitPrice", Map.of("amountMinor", 100, "currency", "XXX"))));
    return bad.stream().map(Arguments::of).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void aBadField_isRefusedByName_andTheCatalogueStaysAsItWas(Bad bad) {
    AirlineFixture airline = server.airline();
    Response before = TestServer.check(put(airline, airline.merchantKey(), Map.of("items", SEED)), 200);

    Response refused = put(airline, airline.merchantKey(), bad.body());

    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(refused.json().get("type").asText()).isEqualTo("urn:aloft:problem:invalid-request");
    assertThat(refused.json().get("field").asText()).as(refused.text()).isEqualTo(bad.field());
    assertThat(refused.json().get("detail").asText()).contains(bad.field());
    assertThat(TestServer.check(server.get(path(airline), airline.merchantKey()), 200).json()).isEqualTo(before.json());
  }

  @Test
  void bodiesThatAreNotTheShape_areRefusedAsInvalid() {
    AirlineFixture airline = server.airline();
    for (Object body : List.of("not json", "{\"items\": {}}", "{\"items\": [], \"extra\": 1}",
        "{\"items\": [{\"sku\": \"A\", \"category\": \"meals\", \"nameEn\": \"A\", \"nameZh\": \"甲\","
            + " \"unitPrice\": {\"amountMinor\": 1.5, \"currency\": \"CNY\"}}]}")) {
      Response refused = put(airline, airline.merchantKey(), body);
      assertThat(refused.status()).as(body.toString()).isEqualTo(400);
      assertThat(refused.json().get("type").asText()).isEqualTo("urn:aloft:problem:invalid-request");
    }
  }

  @Test
  void anotherAirlinesKey_aWallet_andATerminal_cannotReplaceIt_andAnotherAirlineCannotReadIt() {
    AirlineFixture airline = server.airline();
    AirlineFixture other = server.airline();
    TestServer.check(put(airline, airline.merchantKey(), Map.of("items", SEED)), 200);
    AccountFixture wallet = server.account(700, 0);
    TerminalFixture terminal = server.terminal(airline);
    Map<String, Object> body = Map.of("items", List.of(item("X-1", "meals", "Hijacked", "劫持", 1)));

    for (Response refused : List.of(put(airline, other.merchantKey(), body), put(airline, wallet.walletToken(), body),
        server.signed("PUT", path(airline), terminal.id(), terminal.key(), body),
        server.get(path(airline), other.merchantKey()), server.get(path(airline), wallet.walletToken()))) {
      assertThat(refused.status()).as(refused.text()).isEqualTo(403);
      assertThat(refused.json().get("type").asText()).isEqualTo("urn:aloft:problem:forbidden");
    }
    assertThat(put(airline, null, body).status()).isEqualTo(401);
    assertThat(TestServer.check(server.get(path(airline), airline.merchantKey()), 200).json()
        .get("items").findValuesAsText("sku")).doesNotContain("X-1");
    assertThat(server.send("PUT", "/v1/airlines/987654321/catalogue", TestServer.ADMIN_KEY, body, Map.of()).status())
        .isEqualTo(404);
  }

  @Test
  void theFlightsBundle_carriesTheCatalogueSigned_inANewVersion_forTerminalsAndWallets() throws Exception {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(4));
    AccountFixture passenger = server.account(700, 0);
    TestServer.check(server.post("/v1/enrolments", passenger.walletToken(),
        Devices.enrolment(server, passenger.walletToken(), flight, Devices.p256())), 201);
    TrustBundle before = bundle(flight, airline.merchantKey());
    assertThat(before.catalogue()).isEqualTo(Catalogue.EMPTY);

    Response set = TestServer.check(put(airline, airline.merchantKey(), Map.of("items", SEED)), 200);

    Catalogue expected = catalogue(set.json());
    assertThat(expected.items()).hasSize(SEED.size());
    for (TrustBundle bundle : List.of(bundle(flight, airline.merchantKey()), bundle(flight, passenger.walletToken()))) {
      Verdict<TrustBundle> verdict = BundleRules.checkInstall(bundle, publishedIssuerKeys(), Optional.of(before),
          CLOCK.instant());
      assertThat(verdict.isAccepted()).as("%s", verdict).isTrue();
      assertThat(bundle.bundleVersion()).isGreaterThan(before.bundleVersion());
      assertThat(bundle.catalogue()).isEqualTo(expected);
      assertThat(bundle.catalogue().item("ML-NOODLES").orElseThrow().nameZh()).isEqualTo("红烧牛肉面");
    }
  }

  @Test
  void aDepartedFlight_keepsTheCatalogueItFlewWith_whileLaterFlightsGetTheNewOne() throws Exception {
    AirlineFixture airline = server.airline();
    long departing = server.flight(airline, Duration.ofHours(2));
    long later = server.flight(airline, Duration.ofHours(30));
    TestServer.check(put(airline, airline.merchantKey(), Map.of("items", SEED)), 200);
    TrustBundle atDeparture = bundle(departing, airline.merchantKey());
    try {
      CLOCK.advanceTo(Duration.ofHours(3));
      Response changed = TestServer.check(put(airline, airline.merchantKey(), Map.of("items",
          List.of(item("DR-TEA", "drinks", "Jasmine tea", "茉莉花茶", 1_500)))), 200);
      // A change that every flight's bundle follows (a terminal registered) gives the departed
      // flight a new version too: it still carries the catalogue it flew with.
      server.terminal(airline);

      TrustBundle departed = bundle(departing, airline.merchantKey());
      assertThat(departed.bundleVersion()).isGreaterThan(atDeparture.bundleVersion());
      assertThat(departed.terminals()).hasSize(atDeparture.terminals().size() + 1);
      assertThat(departed.catalogue()).isEqualTo(atDeparture.catalogue());
      assertThat(departed.catalogue().items()).hasSize(SEED.size());
      assertThat(bundle(later, airline.merchantKey()).catalogue()).isEqualTo(catalogue(changed.json()));
    } finally {
      CLOCK.advanceTo(Duration.ZERO);
    }
  }

  /** The catalogue an API answer describes. */
  static Catalogue catalogue(JsonNode answer) {
    List<CatalogueItem> items = new ArrayList<>();
    for (JsonNode item : answer.get("items")) {
      items.add(new CatalogueItem(item.get("sku").asText(), item.get("category").asText(), item.get("nameEn").asText(),
          item.get("nameZh").asText(), item.at("/unitPrice/amountMinor").asLong(),
          CurrencyUnit.of(item.at("/unitPrice/currency").asText())));
    }
    return new Catalogue(items);
  }

  private static List<IssuerKey> publishedIssuerKeys() {
    List<IssuerKey> keys = new ArrayList<>();
    for (JsonNode key : TestServer.check(server.get("/v1/issuer-keys", null), 200).json().get("keys")) {
      keys.add(new IssuerKey(key.get("keyId").asInt(), new VerificationKey(SignatureAlgorithm.ED25519,
          Bytes.of(Base64.getDecoder().decode(key.get("publicKey").asText())))));
    }
    return keys;
  }

  @Test
  void theAuditLog_recordsWhoReplacedItAndHowMuch() {
    AirlineFixture airline = server.airline();
    Instant before = CLOCK.instant().minusSeconds(1);
    Response set = TestServer.check(put(airline, airline.merchantKey(), Map.of("items", SEED)), 200);

    assertThat(server.text("SELECT detail FROM audit_log WHERE action = 'catalogue.replaced' AND subject = 'airline:"
        + airline.id() + "'")).isEqualTo("0 items replaced by 4");
    assertThat(server.text("SELECT request_id FROM audit_log WHERE action = 'catalogue.replaced' AND subject = 'airline:"
        + airline.id() + "'")).isEqualTo(set.header("Request-Id")).hasSize(16);
    assertThat(server.number("SELECT count(*) FROM audit_log WHERE action = 'catalogue.replaced' AND subject = 'airline:"
        + airline.id() + "' AND at >= '" + before + "'")).isEqualTo(1);
  }
}
