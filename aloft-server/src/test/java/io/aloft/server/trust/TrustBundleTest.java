package io.aloft.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.client.IssuerClock;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.BundleRules;
import io.aloft.protocol.rules.SpendRules;
import io.aloft.protocol.rules.Verdict;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrustBundleTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<IssuerKey> publishedIssuerKeys() {
    List<IssuerKey> keys = new ArrayList<>();
    for (JsonNode key : TestServer.check(server.get("/v1/issuer-keys", null), 200).json().get("keys")) {
      keys.add(new IssuerKey(key.get("keyId").asInt(), new VerificationKey(SignatureAlgorithm.ED25519,
          Bytes.of(Base64.getDecoder().decode(key.get("publicKey").asText())))));
    }
    return keys;
  }

  private static TrustBundle decode(Response response) throws Exception {
    return TrustBundle.decode(Base64.getDecoder().decode(response.json().get("bundle").asText()));
  }

  private static long registerTerminal(AirlineFixture airline, SoftwareSigner key) {
    Response response = server.post("/v1/airlines/" + airline.id() + "/terminals", airline.merchantKey(),
        Map.of("publicKey", Devices.publicKeyBase64(key), "displayName", "Galley 1"));
    return TestServer.check(response, 201).json().at("/terminal/id").asLong();
  }

  @Test
  void aFlightsOneScanPolicy_isSetAtCreation_validated_andSignedIntoItsBundle() throws Exception {
    AirlineFixture airline = server.airline();
    long plain = server.flight(airline, Duration.ofHours(2));
    TrustBundle byDefault = decode(TestServer.check(server.get("/v1/flights/" + plain + "/trust-bundle",
        airline.merchantKey()), 200));
    assertThat(byDefault.oneScanPolicy()).isEqualTo(OneScanPolicy.DEFAULT);

    Response created = TestServer.check(server.createFlight(airline, Duration.ofHours(2), Map.of(
        "oneScanWindowSeconds", 60,
        "oneScanMaxAmounts", List.of(Map.of("amountMinor", 20_000, "currency", "CNY")))), 201);
    assertThat(created.json().get("oneScanWindowSeconds").asLong()).isEqualTo(60);
    assertThat(created.json().at("/oneScanMaxAmounts/0/amountMinor").asLong()).isEqualTo(20_000);
    long flight = created.json().get("id").asLong();
    TrustBundle bundle = decode(TestServer.check(server.get("/v1/flights/" + flight + "/trust-bundle",
        airline.merchantKey()), 200));
    assertThat(BundleRules.checkInstall(bundle, publishedIssuerKeys(), Optional.empty(), Instant.now()).isAccepted())
        .isTrue();
    assertThat(bundle.oneScanPolicy()).isEqualTo(
        OneScanPolicy.of(Duration.ofSeconds(60), Money.of(20_000, "CNY")));

    for (Map<String, Object> bad : List.<Map<String, Object>>of(
        Map.of("oneScanWindowSeconds", 9),
        Map.of("oneScanWindowSeconds", 3601),
        Map.of("oneScanMaxAmounts", List.of(Map.of("amountMinor", 0, "currency", "CNY"))),
        Map.of("oneScanMaxAmounts", List.of(Map.of("amountMinor", 100, "currency", "XYZ"))),
        Map.of("oneScanMaxAmounts", List.of(Map.of("amountMinor", 100, "currency", "CNY"),
            Map.of("amountMinor", 200, "currency", "CNY"))))) {
      Response refused = server.createFlight(airline, Duration.ofHours(2), bad);
      assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
      assertThat(refused.json().get("detail").asText()).as(bad.toString()).containsAnyOf("oneScan", "currency");
    }
  }

  @Test
  void everyAnswer_carriesTheServersTimeInItsDateHeader() throws Exception {
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (Response response : List.of(server.get("/v1/issuer-keys", null), server.get("/v1/flights/1", "nobody"))) {
      Instant date = IssuerClock.parseHttpDate(response.header("Date")).orElseThrow(
          () -> new AssertionError("no Date header in " + response.raw().headers()));
      assertThat(date).isBetween(before, Instant.now());
    }
  }

  @Test
  void theBundle_verifiesWithOnlyThePublishedIssuerKeys_andCarriesTerminalsAndManifest() throws Exception {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(5));
    SoftwareSigner terminalKey = Devices.ed25519();
    long terminalId = registerTerminal(airline, terminalKey);
    AccountFixture passenger = server.account(700, 0);
    SoftwareSigner device = Devices.p256();
    TestServer.check(server.post("/v1/enrolments", passenger.walletToken(), Devices.enrolment(server, passenger.walletToken(), flight, device)), 201);

    TrustBundle bundle = decode(TestServer.check(server.get("/v1/flights/" + flight + "/trust-bundle",
        airline.merchantKey()), 200));

    Verdict<TrustBundle> verdict = BundleRules.checkInstall(bundle, publishedIssuerKeys(), Optional.empty(), Instant.now());
    assertThat(verdict.isAccepted()).as("%s", verdict).isTrue();
    TerminalCertificate certificate = bundle.terminal(terminalId).orElseThrow();
    assertThat(certificate.terminalKey()).isEqualTo(terminalKey.publicKey());
    assertThat(certificate.merchantId()).isEqualTo(airline.id());
    assertThat(bundle.manifest()).hasSize(1);
    OfflineCredential credential = bundle.manifest().get(0);
    assertThat(credential.deviceKey()).isEqualTo(device.publicKey());
    Verdict<?> spend = SpendRules.checkSpend(credential, bundle, Money.of(3_000, "CNY"), 0, Instant.now());
    assertThat(spend.isAccepted()).as("%s", spend).isTrue();
  }

  @Test
  void aWallet_getsTheBundleWithoutItsCoPassengers_signedAndVersionedLikeTheTerminals() throws Exception {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(5));
    registerTerminal(airline, Devices.ed25519());
    AccountFixture ada = server.account(700, 0);
    AccountFixture bo = server.account(700, 0);
    for (AccountFixture passenger : List.of(ada, bo)) {
      TestServer.check(server.post("/v1/enrolments", passenger.walletToken(),
          Devices.enrolment(server, passenger.walletToken(), flight, Devices.p256())), 201);
    }
    String path = "/v1/flights/" + flight + "/trust-bundle";

    TrustBundle terminals = decode(TestServer.check(server.get(path, airline.merchantKey()), 200));
    Response walletAnswer = TestServer.check(server.get(path, ada.walletToken()), 200);
    TrustBundle wallets = decode(walletAnswer);

    assertThat(terminals.manifest()).hasSize(2);
    assertThat(wallets.manifest()).as("no co-passenger's key, serial or tier").isEmpty();
    String walletJson = walletAnswer.text();
    for (OfflineCredential credential : terminals.manifest()) {
      assertThat(walletJson).doesNotContain(credential.serial().hex());
      assertThat(Bytes.of(Base64.getDecoder().decode(walletAnswer.json().get("bundle").asText())).hex())
          .doesNotContain(credential.deviceKey().encoded().hex());
    }
    Verdict<TrustBundle> verdict = BundleRules.checkInstall(wallets, publishedIssuerKeys(), Optional.empty(),
        Instant.now());
    assertThat(verdict.isAccepted()).as("%s", verdict).isTrue();
    assertThat(wallets.bundleVersion()).isEqualTo(terminals.bundleVersion());
    assertThat(wallets.terminals()).isEqualTo(terminals.terminals());
    assertThat(wallets.revokedCredentials()).isEqualTo(terminals.revokedCredentials());
    assertThat(wallets.fxRates()).isEqualTo(terminals.fxRates());
    // One wallet form per version: the ETag holds across fetches and accounts.
    Response again = server.send("GET", path, bo.walletToken(), null, Map.of("If-None-Match",
        walletAnswer.header("ETag")));
    assertThat(again.status()).isEqualTo(304);
    assertThat(walletAnswer.header("ETag")).isNotEqualTo(server.get(path, airline.merchantKey()).header("ETag"));
  }

  @Test
  void anUnchangedBundle_answers304ToItsETag_andAChangeGivesANewVersion() throws Exception {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(5));
    String path = "/v1/flights/" + flight + "/trust-bundle";
    Response first = TestServer.check(server.get(path, airline.merchantKey()), 200);
    String etag = first.header("ETag");
    assertThat(etag).isNotBlank();

    Response again = server.send("GET", path, airline.merchantKey(), null, Map.of("If-None-Match", etag));
    assertThat(again.status()).isEqualTo(304);

    registerTerminal(airline, Devices.ed25519());
    Response changed = server.send("GET", path, airline.merchantKey(), null, Map.of("If-None-Match", etag));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.header("ETag")).isNotEqualTo(etag);
    assertThat(decode(changed).bundleVersion()).isGreaterThan(decode(first).bundleVersion());
    assertThat(changed.json().get("version").asLong()).isEqualTo(decode(changed).bundleVersion());
  }

  @Test
  void concurrentFetchesOfAChangedBundle_allGetTheSameBytes() throws Exception {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(5));
    registerTerminal(airline, Devices.ed25519());
    String path = "/v1/flights/" + flight + "/trust-bundle";
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<String>> etags = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        etags.add(pool.submit(() -> TestServer.check(server.get(path, airline.merchantKey()), 200).header("ETag")));
      }
      java.util.Set<String> distinct = new java.util.HashSet<>();
      for (var etag : etags) {
        distinct.add(etag.get());
      }
      assertThat(distinct).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void revokingACredential_bumpsTheVersion_andListsItsSerial() throws Exception {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(5));
    AccountFixture passenger = server.account(700, 0);
    String serial = TestServer.check(server.post("/v1/enrolments", passenger.walletToken(),
        Devices.enrolment(server, passenger.walletToken(), flight, Devices.p256())), 201).json().at("/credential/serial").asText();
    TrustBundle before = decode(server.get("/v1/flights/" + flight + "/trust-bundle", passenger.walletToken()));

    TestServer.check(server.post("/v1/credentials/" + serial + "/revoke", TestServer.ADMIN_KEY, null), 200);

    TrustBundle after = decode(server.get("/v1/flights/" + flight + "/trust-bundle", passenger.walletToken()));
    assertThat(after.bundleVersion()).isGreaterThan(before.bundleVersion());
    assertThat(after.revokedCredentials()).extracting(s -> s.hex()).containsExactly(serial);
    assertThat(after.manifest()).isEmpty();
  }

  @Test
  void revokingATerminal_bumpsTheVersion_andListsIt() throws Exception {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(5));
    long terminalId = registerTerminal(airline, Devices.ed25519());
    TrustBundle before = decode(server.get("/v1/flights/" + flight + "/trust-bundle", airline.merchantKey()));

    TestServer.check(server.post("/v1/terminals/" + terminalId + "/revoke", airline.merchantKey(), null), 200);

    TrustBundle after = decode(server.get("/v1/flights/" + flight + "/trust-bundle", airline.merchantKey()));
    assertThat(after.bundleVersion()).isGreaterThan(before.bundleVersion());
    assertThat(after.isTerminalRevoked(terminalId)).isTrue();
    assertThat(after.terminal(terminalId)).isEmpty();
  }

  @Test
  void theTerminalCertificate_returnedAtRegistration_verifiesUnderThePublishedKey() throws Exception {
    AirlineFixture airline = server.airline();
    SoftwareSigner key = Devices.ed25519();
    Response response = TestServer.check(server.post("/v1/airlines/" + airline.id() + "/terminals",
        TestServer.ADMIN_KEY, Map.of("publicKey", Devices.publicKeyBase64(key), "displayName", "Cart A")), 201);

    TerminalCertificate certificate = TerminalCertificate.decode(
        Base64.getDecoder().decode(response.json().get("certificate").asText()));

    IssuerKey issuer = publishedIssuerKeys().stream().filter(k -> k.keyId() == certificate.issuerKeyId())
        .findFirst().orElseThrow();
    assertThat(io.aloft.protocol.crypto.Signatures.verify(issuer.key(), certificate.signingInput(),
        certificate.signature())).isTrue();
    assertThat(certificate.displayName()).isEqualTo("Cart A");
    assertThat(response.json().get("certificateQr").asText()).isNotBlank();
  }
}
