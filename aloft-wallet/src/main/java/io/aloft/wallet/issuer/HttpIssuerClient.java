package io.aloft.wallet.issuer;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.client.BadAnswerException;
import io.aloft.protocol.client.JsonAnswer;
import io.aloft.protocol.client.RetryPolicy;
import io.aloft.protocol.client.SettlementClient;
import io.aloft.protocol.client.TransportSecurity;
import io.aloft.protocol.client.UploadRefusedException;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.message.WalletUpload;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The wallet's {@link IssuerClient} over the issuer's HTTP API (docs/api.md), authenticated with
 * the account's wallet token. Bills and outcomes travel in the protocol's binary form
 * ({@link WalletUpload}, {@link OutcomeQuery}, an issuer-signed {@link SettlementReport}); the two
 * JSON calls (enrolment, bundle) are read for their one base64 member with {@link JsonAnswer}, a
 * streaming parser within the answer's byte limit. Retries are bounded ({@link RetryPolicy}) and safe: the issuer settles by payment id
 * and enrolling again returns the same credential.
 */
public final class HttpIssuerClient implements IssuerClient {
  /** An enrolment answer is about 1 KiB. */
  private static final int MAX_JSON_BYTES = 64 * 1024;
  /** A full bundle (4096 credentials) is about 600 KiB, a third more in base64. */
  private static final int MAX_BUNDLE_JSON_BYTES = 2 * 1024 * 1024;

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final SettlementClient client;

  public HttpIssuerClient(URI serverUrl, String walletToken, Collection<IssuerKey> pinnedIssuerKeys,
      RetryPolicy retry, SettlementClient.Sleeper sleeper) {
    this(serverUrl, walletToken, pinnedIssuerKeys, retry, sleeper, TransportSecurity.DEFAULT);
  }

  /**
   * @param transport which server URLs may carry the wallet token (HTTPS, plain HTTP to loopback
   *     only unless allowed) and which server certificates are trusted
   */
  public HttpIssuerClient(URI serverUrl, String walletToken, Collection<IssuerKey> pinnedIssuerKeys,
      RetryPolicy retry, SettlementClient.Sleeper sleeper, TransportSecurity transport) {
    this.client = new SettlementClient(serverUrl, walletToken, pinnedIssuerKeys, retry, sleeper, transport);
  }

  public static HttpIssuerClient of(URI serverUrl, String walletToken, Collection<IssuerKey> pinnedIssuerKeys) {
    return of(serverUrl, walletToken, pinnedIssuerKeys, TransportSecurity.DEFAULT);
  }

  public static HttpIssuerClient of(URI serverUrl, String walletToken, Collection<IssuerKey> pinnedIssuerKeys,
      TransportSecurity transport) {
    return new HttpIssuerClient(serverUrl, walletToken, pinnedIssuerKeys, RetryPolicy.DEFAULT,
        duration -> Thread.sleep(duration.toMillis()), transport);
  }

  @Override
  public Bytes enrolmentChallenge(long flightId) throws IssuerException {
    byte[] body = ("{\"flightId\":" + flightId + "}").getBytes(StandardCharsets.UTF_8);
    byte[] answer = call(() -> client.exchange("POST", "/v1/enrolment-challenges", "application/json", body,
        "application/json", "challenge-" + flightId + "-" + randomHex(), MAX_JSON_BYTES));
    byte[] challenge = base64Field(answer, "challenge");
    if (challenge.length != EnrolmentProof.CHALLENGE_LENGTH) {
      throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "bad-answer",
          "a challenge of " + challenge.length + " bytes, not " + EnrolmentProof.CHALLENGE_LENGTH);
    }
    return Bytes.of(challenge);
  }

  @Override
  public OfflineCredential enrol(EnrolmentProof proof) throws IssuerException {
    String algorithm = proof.deviceKey().algorithm() == SignatureAlgorithm.ECDSA_P256 ? "ecdsa-p256" : "ed25519";
    Base64.Encoder base64 = Base64.getEncoder();
    String body = "{\"flightId\":" + proof.flightId() + ",\"deviceAlgorithm\":\"" + algorithm
        + "\",\"devicePublicKey\":\"" + base64.encodeToString(proof.deviceKey().encoded().toByteArray())
        + "\",\"challenge\":\"" + base64.encodeToString(proof.challenge().toByteArray())
        + "\",\"proof\":\"" + base64.encodeToString(proof.signature().toByteArray()) + "\"}";
    byte[] answer = call(() -> client.exchange("POST", "/v1/enrolments", "application/json",
        body.getBytes(StandardCharsets.UTF_8), "application/json",
        "enrol-" + proof.flightId() + "-" + proof.challenge().hex().substring(0, 32), MAX_JSON_BYTES));
    OfflineCredential credential = decode(() -> OfflineCredential.decode(base64Field(answer, "credential", "credential")));
    if (credential.flightId() != proof.flightId() || !credential.deviceKey().equals(proof.deviceKey())) {
      throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "wrong-credential",
          "the issuer returned a credential for another flight or device");
    }
    return credential;
  }

  /** An idempotency key part: a challenge request is retried under one key, never reused by the next. */
  private static String randomHex() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Bytes.of(bytes).hex();
  }

  @Override
  public TrustBundle fetchBundle(long flightId) throws IssuerException {
    byte[] answer = call(() -> client.exchange("GET", "/v1/flights/" + flightId + "/trust-bundle", null, null,
        "application/json", null, MAX_BUNDLE_JSON_BYTES));
    return decode(() -> TrustBundle.decode(base64Field(answer, "bundle")));
  }

  @Override
  public java.util.Optional<java.time.Instant> lastIssuerTime() {
    return client.lastIssuerTime();
  }

  @Override
  public OutcomeReport uploadBills(List<BillUpload> bills) throws IssuerException {
    if (bills.size() > MAX_BATCH) {
      throw new IllegalArgumentException("at most " + MAX_BATCH + " bills per upload: " + bills.size());
    }
    WalletUpload upload = new WalletUpload(bills.stream().map(HttpIssuerClient::bill).collect(Collectors.toList()));
    byte[] body = upload.encode();
    return outcomes(call(() -> client.post("/v1/wallet/bills", body, null, SettlementReport.Subject.WALLET_UPLOAD)));
  }

  private static WalletUpload.Bill bill(BillUpload bill) {
    return new WalletUpload.Bill(Bytes.of(bill.authorization().encode()),
        bill.request().map(r -> Bytes.of(r.encode())).orElse(Bytes.empty()),
        bill.receipt().map(r -> Bytes.of(r.encode())).orElse(Bytes.empty()),
        bill.refunds().stream().map(note -> Bytes.of(note.encode())).collect(Collectors.toList()));
  }

  @Override
  public OutcomeReport fetchOutcomes(List<PaymentId> paymentIds) throws IssuerException {
    byte[] body = new OutcomeQuery(paymentIds).encode();
    return outcomes(call(() -> client.post("/v1/wallet/outcomes", body, null,
        SettlementReport.Subject.OUTCOME_QUERY)));
  }

  /** The payment entries of an issuer-signed report (refund entries ride with their payment's bill). */
  private static OutcomeReport outcomes(SettlementReport report) {
    List<PaymentOutcome> outcomes = new ArrayList<>();
    for (SettlementReport.Entry entry : report.entries()) {
      if (entry.kind() == SettlementReport.EntryKind.PAYMENT && entry.paymentId().isPresent()) {
        outcomes.add(new PaymentOutcome(entry.paymentId().get(), PaymentOutcome.Kind.valueOf(entry.outcome().name()),
            entry.charged(), entry.reason().map(reason -> reason.message()).orElse(detail(entry))));
      }
    }
    return new OutcomeReport(outcomes);
  }

  private static String detail(SettlementReport.Entry entry) {
    return switch (entry.outcome()) {
      case SETTLED, DUPLICATE -> "Paid.";
      case CONFLICT -> "Another payment used the same code; the issuer is looking into it.";
      case PENDING -> "Waiting for the merchant's upload.";
      case REJECTED -> "Not charged.";
    };
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  /** Maps the transport's failures to the wallet's three kinds. */
  private static <T> T call(Call<T> call) throws IssuerException {
    try {
      return call.run();
    } catch (UploadRefusedException refused) {
      throw new IssuerException(IssuerException.Kind.REFUSED, refused.reason().orElse(refused.problemType()),
          refused.passengerMessage().orElse(refused.getMessage()), refused);
    } catch (BadAnswerException bad) {
      throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "bad-answer", bad.getMessage(), bad);
    } catch (IOException unreachable) {
      throw new IssuerException(IssuerException.Kind.UNREACHABLE, "unreachable", unreachable.getMessage(), unreachable);
    }
  }

  @FunctionalInterface
  private interface Decoder<T> {
    T decode() throws DecodeException, IssuerException;
  }

  private static <T> T decode(Decoder<T> decoder) throws IssuerException {
    try {
      return decoder.decode();
    } catch (DecodeException e) {
      throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "bad-answer", e.getMessage(), e);
    }
  }

  /** The bytes of the base64 member at {@code path} of a JSON answer (docs/api.md gives each shape). */
  private static byte[] base64Field(byte[] json, String... path) throws IssuerException {
    try {
      return JsonAnswer.base64Member(json, path);
    } catch (BadAnswerException e) {
      throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "bad-answer", e.getMessage(), e);
    }
  }
}
