package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.PaymentRules;
import io.aloft.protocol.rules.Presentation;
import io.aloft.protocol.rules.Verdict;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flight for settlement tests, built through the real API: an airline, its terminals, a
 * flight, passengers enrolled with their own device keys, and the trust bundle the terminals
 * download. Payments are made with the protocol exactly as the terminal and wallet SDKs do, and
 * every one is checked with {@link PaymentRules} as the terminal would before it is "accepted".
 */
public final class Aboard {
  static final SecureRandom RANDOM = new SecureRandom();

  TestServer server;
  public final AirlineFixture airline;
  public final long flightId;
  public final List<Crew> terminals = new ArrayList<>();
  TrustBundle bundle;

  /** A terminal: its id, key and the journal sequence it is at. */
  public static final class Crew {
    public final long id;
    public final SoftwareSigner key;
    public long sequence;
    long batchId;

    Crew(long id, SoftwareSigner key) {
      this.id = id;
      this.key = key;
    }
  }

  /** A passenger's wallet: account, token, device key, credential, and its counter and cumulative spend. */
  public static final class Passenger {
    public final long accountId;
    public final String token;
    final SoftwareSigner device;
    final OfflineCredential credential;
    long counter;
    long cumulativeMinor;

    Passenger(long accountId, String token, SoftwareSigner device, OfflineCredential credential) {
      this.accountId = accountId;
      this.token = token;
      this.device = device;
      this.credential = credential;
    }
  }

  /** An accepted payment as both sides hold it. */
  public record Sale(Crew terminal, Passenger payer, PaymentAuthorization authorization, Optional<PaymentRequest> request,
      Receipt receipt, long journalSequence) {
    public PaymentId id() {
      return authorization.paymentId();
    }

    public BatchEntry.Payment entry() {
      return new BatchEntry.Payment(journalSequence, Bytes.of(authorization.encode()),
          request.map(r -> Bytes.of(r.encode())).orElse(Bytes.empty()), Bytes.of(receipt.encode()));
    }

    public WalletUpload.Bill bill(boolean withReceipt) {
      return new WalletUpload.Bill(Bytes.of(authorization.encode()),
          request.map(r -> Bytes.of(r.encode())).orElse(Bytes.empty()),
          withReceipt ? Bytes.of(receipt.encode()) : Bytes.empty(), List.of());
    }
  }

  public Aboard(TestServer server, int terminalCount) {
    this.server = server;
    this.airline = server.airline();
    this.flightId = server.flight(airline, Duration.ofHours(2));
    for (int i = 0; i < terminalCount; i++) {
      terminals.add(register(Devices.ed25519()));
    }
  }

  /** The same flight, talking to {@code other} (the server restarted in another process). */
  public Aboard on(TestServer other) {
    this.server = other;
    return this;
  }

  /** Registers a terminal key with the airline; the server assigns the terminal id. */
  Crew register(SoftwareSigner key) {
    Response response = TestServer.check(server.post("/v1/airlines/" + airline.id() + "/terminals",
        airline.merchantKey(), Map.of("publicKey", Devices.publicKeyBase64(key), "displayName", "Cart")), 201);
    return new Crew(response.json().at("/terminal/id").asLong(), key);
  }

  /** The issuer keys a device is provisioned with, from the public endpoint. */
  List<io.aloft.protocol.message.IssuerKey> issuerKeys() {
    return bundle.issuerKeys();
  }

  /** A passenger with a computed score (identity level 3: exactly 550) and {@code balanceMinor}. */
  public Passenger passenger(long balanceMinor) {
    Response created = TestServer.check(server.post("/v1/accounts", TestServer.ADMIN_KEY, Map.of(
        "displayName", "Passenger", "identityLevel", 3, "currency", "CNY", "openingBalanceMinor", balanceMinor)), 201);
    long accountId = created.json().at("/account/id").asLong();
    String token = created.json().get("walletToken").asText();
    return enrol(accountId, token, Devices.p256());
  }

  Passenger enrol(long accountId, String token, SoftwareSigner device) {
    Response enrolled = server.post("/v1/enrolments", token, Devices.enrolment(server, token, flightId, device));
    if (enrolled.status() != 201 && enrolled.status() != 200) {
      throw new AssertionError("enrolment refused: " + enrolled.text());
    }
    OfflineCredential credential = decode(() -> OfflineCredential.decode(
        Base64.getDecoder().decode(enrolled.json().at("/credential/credential").asText())));
    return new Passenger(accountId, token, device, credential);
  }

  /** The terminals download the current bundle (after the passengers enrolled). */
  public TrustBundle board() {
    Response response = TestServer.check(server.get("/v1/flights/" + flightId + "/trust-bundle",
        airline.merchantKey()), 200);
    bundle = decode(() -> TrustBundle.decode(Base64.getDecoder().decode(response.json().get("bundle").asText())));
    return bundle;
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  public Sale handshake(Crew terminal, Passenger payer, long amountMinor) {
    byte[] nonce = new byte[PaymentRequest.NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    PaymentRequest request = new PaymentRequest(terminal.id, airline.id(), Money.of(amountMinor, "CNY"),
        PaymentRequest.digestOf(List.of()), Bytes.of(nonce), now(), bundle.bundleVersion(), List.of(), Bytes.empty())
        .signedBy(terminal.key);
    PaymentAuthorization authorization = sign(payer, AuthorizationKind.HANDSHAKE, amountMinor, false,
        Bytes.of(nonce), Optional.of(request));
    return accept(terminal, payer, authorization, Optional.of(request), Optional.empty());
  }

  /**
   * A handshake whose request is signed by {@code requestSigner} instead of the terminal's key, the
   * payer's authorization and the terminal's receipt otherwise genuine. No terminal would accept it:
   * the rules are not run here.
   */
  Sale handshakeWithRequestSignedBy(SoftwareSigner requestSigner, Crew terminal, Passenger payer, long amountMinor) {
    byte[] nonce = new byte[PaymentRequest.NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    PaymentRequest request = new PaymentRequest(terminal.id, airline.id(), Money.of(amountMinor, "CNY"),
        PaymentRequest.digestOf(List.of()), Bytes.of(nonce), now(), bundle.bundleVersion(), List.of(), Bytes.empty())
        .signedBy(requestSigner);
    PaymentAuthorization authorization = sign(payer, AuthorizationKind.HANDSHAKE, amountMinor, false,
        Bytes.of(nonce), Optional.of(request));
    long sequence = ++terminal.sequence;
    Receipt receipt = new Receipt(authorization.paymentId(), terminal.id, Money.of(amountMinor, "CNY"),
        Receipt.digestOf(authorization), now(), sequence, Bytes.empty()).signedBy(terminal.key);
    return new Sale(terminal, payer, authorization, Optional.of(request), receipt, sequence);
  }

  public Sale oneScan(Crew terminal, Passenger payer, long amountMinor, boolean selfContained) {
    PaymentAuthorization authorization = sign(payer, AuthorizationKind.ONE_SCAN_EXACT, amountMinor, selfContained,
        Bytes.empty(), Optional.empty());
    return accept(terminal, payer, authorization, Optional.empty(), Optional.empty());
  }

  /** What the wallet signs: the next counter, the cumulative spend including this payment. */
  PaymentAuthorization sign(Passenger payer, AuthorizationKind kind, long amountMinor, boolean selfContained,
      Bytes nonce, Optional<PaymentRequest> request) {
    return sign(payer, kind, amountMinor, selfContained, nonce, request, now());
  }

  /** As above, dated {@code time} by the wallet. */
  PaymentAuthorization sign(Passenger payer, AuthorizationKind kind, long amountMinor, boolean selfContained,
      Bytes nonce, Optional<PaymentRequest> request, Instant time) {
    payer.counter++;
    payer.cumulativeMinor += amountMinor;
    return new PaymentAuthorization(kind, payer.credential.serial(),
        selfContained ? Optional.of(payer.credential) : Optional.empty(), payer.counter, payer.cumulativeMinor,
        amountMinor, Optional.empty(), time, nonce, Bytes.empty()).signedBy(payer.device, request);
  }

  /** The terminal's side: the rules with its bundle and its own journal, then a signed receipt. */
  Sale accept(Crew terminal, Passenger payer, PaymentAuthorization authorization, Optional<PaymentRequest> request,
      Optional<Money> charge) {
    Presentation presentation = new Presentation(authorization, request, charge);
    Verdict<?> verdict = PaymentRules.check(presentation, bundle, terminal.id, CredentialHistory.empty(), now(),
        AcceptancePolicy.DEFAULT);
    if (!verdict.isAccepted()) {
      throw new AssertionError("the terminal would refuse: " + verdict);
    }
    Money charged = charge.orElse(Money.of(authorization.amountMinor(), "CNY"));
    long sequence = ++terminal.sequence;
    Receipt receipt = new Receipt(authorization.paymentId(), terminal.id, charged, Receipt.digestOf(authorization),
        now(), sequence, Bytes.empty()).signedBy(terminal.key);
    return new Sale(terminal, payer, authorization, request, receipt, sequence);
  }

  public RefundNote refund(Sale sale, long sequence, long amountMinor) {
    return new RefundNote(sale.id(), sequence, sale.terminal().id, Money.of(amountMinor, "CNY"), now(), Bytes.empty())
        .signedBy(sale.terminal().key);
  }

  public TerminalBatch batch(Crew terminal, List<BatchEntry> entries) {
    return new TerminalBatch(terminal.id, ++terminal.batchId, now(), entries, Bytes.empty()).signedBy(terminal.key);
  }

  public SettlementReport upload(TerminalBatch batch) {
    return report(server.send("POST", "/v1/terminal-batches", airline.merchantKey(), batch.encode(),
        Map.of("Content-Type", "application/octet-stream")));
  }

  /** The terminal uploads its own batch, signing the request with its key. */
  public Response uploadSigned(Crew terminal, TerminalBatch batch, String idempotencyKey) {
    return server.signed("POST", "/v1/terminal-batches", terminal.id, terminal.key, batch.encode(),
        Instant.now(), Map.of("Content-Type", "application/octet-stream", "Idempotency-Key", idempotencyKey));
  }

  public SettlementReport upload(Passenger payer, List<WalletUpload.Bill> bills) {
    return report(server.send("POST", "/v1/wallet/bills", payer.token, new WalletUpload(bills).encode(),
        Map.of("Content-Type", "application/octet-stream")));
  }

  public static SettlementReport report(Response response) {
    TestServer.check(response, 200);
    return decode(() -> SettlementReport.decode(response.raw().body()));
  }

  @FunctionalInterface
  interface Decoder<T> {
    T decode() throws DecodeException;
  }

  static <T> T decode(Decoder<T> decoder) {
    try {
      return decoder.decode();
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
  }
}
