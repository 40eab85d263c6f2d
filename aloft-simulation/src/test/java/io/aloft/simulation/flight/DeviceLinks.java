package io.aloft.simulation.flight;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.server.http.Json;
import io.aloft.simulation.support.Api;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.terminal.upload.Outcome;
import io.aloft.terminal.upload.Uploader;
import io.aloft.wallet.issuer.BillUpload;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.issuer.OutcomeReport;
import io.aloft.wallet.issuer.PaymentOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The devices' HTTP clients in the simulation, speaking docs/api.md through the faulty
 * {@link Network}: the wallet's {@link IssuerClient} and the terminal's {@link Uploader}. Both
 * check the issuer's signature on every settlement report before they believe it.
 */
final class DeviceLinks {
  private static final String BINARY = "application/octet-stream";

  private DeviceLinks() {}

  /** The wallet's link to the issuer, authenticated with its account's wallet token. */
  static final class WalletLink implements IssuerClient {
    private final Network network;
    private final String token;
    private final VerificationKey issuerKey;
    /** Set-up calls (enrolment, bundle) happen before the flight, on a good connection. */
    private boolean faulty;

    WalletLink(Network network, String token, VerificationKey issuerKey) {
      this.network = network;
      this.token = token;
      this.issuerKey = issuerKey;
    }

    void faulty(boolean value) {
      faulty = value;
    }

    @Override
    public OfflineCredential enrol(long flightId, VerificationKey deviceKey) throws IssuerException {
      String algorithm = deviceKey.algorithm() == SignatureAlgorithm.ECDSA_P256 ? "ecdsa-p256" : "ed25519";
      byte[] body = Json.write(Map.of("flightId", flightId, "deviceAlgorithm", algorithm,
          "devicePublicKey", Base64.getEncoder().encodeToString(deviceKey.encoded().toByteArray())));
      Api.Response response = send("POST", "/v1/enrolments", body, "application/json");
      if (response.status() == 422) {
        throw new IssuerException(IssuerException.Kind.REFUSED, response.json().path("reason").asText(), response.text());
      }
      expectOk(response);
      return decode(() -> OfflineCredential.decode(base64(response.json().at("/credential/credential"))));
    }

    @Override
    public TrustBundle fetchBundle(long flightId) throws IssuerException {
      Api.Response response = send("GET", "/v1/flights/" + flightId + "/trust-bundle", null, null);
      expectOk(response);
      return decode(() -> TrustBundle.decode(base64(response.json().get("bundle"))));
    }

    /** Uploads bills; the answer is per bill and content-aware, so a clone's bill comes back CONFLICT. */
    @Override
    public OutcomeReport uploadBills(List<BillUpload> bills) throws IssuerException {
      List<WalletUpload.Bill> parts = bills.stream().map(b -> new WalletUpload.Bill(
          Bytes.of(b.authorization().encode()),
          b.request().map(r -> Bytes.of(r.encode())).orElse(Bytes.empty()),
          b.receipt().map(r -> Bytes.of(r.encode())).orElse(Bytes.empty()),
          b.refunds().stream().map(n -> Bytes.of(n.encode())).toList())).toList();
      Api.Response response = send("POST", "/v1/wallet/bills", new WalletUpload(parts).encode(), BINARY);
      expectOk(response);
      return outcomes(report(response));
    }

    @Override
    public OutcomeReport fetchOutcomes(List<PaymentId> paymentIds) throws IssuerException {
      Api.Response response = send("POST", "/v1/wallet/outcomes", new OutcomeQuery(paymentIds).encode(), BINARY);
      expectOk(response);
      return outcomes(report(response));
    }

    private static OutcomeReport outcomes(SettlementReport report) {
      List<PaymentOutcome> outcomes = new ArrayList<>();
      for (SettlementReport.Entry entry : report.entries()) {
        if (entry.kind() == SettlementReport.EntryKind.PAYMENT && entry.paymentId().isPresent()) {
          outcomes.add(new PaymentOutcome(entry.paymentId().get(), kind(entry.outcome()), entry.charged(),
              entry.reason().map(Enum::name).orElse(entry.outcome().name())));
        }
      }
      return new OutcomeReport(outcomes);
    }

    private static PaymentOutcome.Kind kind(SettlementOutcome outcome) {
      return switch (outcome) {
        case SETTLED -> PaymentOutcome.Kind.SETTLED;
        case DUPLICATE -> PaymentOutcome.Kind.DUPLICATE;
        case CONFLICT -> PaymentOutcome.Kind.CONFLICT;
        case REJECTED -> PaymentOutcome.Kind.REJECTED;
        case PENDING -> PaymentOutcome.Kind.PENDING;
      };
    }

    private SettlementReport report(Api.Response response) throws IssuerException {
      SettlementReport report = decode(() -> SettlementReport.decode(response.raw().body()));
      if (!Signatures.verify(issuerKey, report.signingInput(), report.signature())) {
        throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "bad-report", "report not signed by the issuer");
      }
      return report;
    }

    private Api.Response send(String method, String path, byte[] body, String contentType) throws IssuerException {
      Map<String, String> headers = new java.util.HashMap<>(Map.of("Authorization", "Bearer " + token));
      if (body != null && method.equals("POST")) {
        headers.put("Idempotency-Key", "w-" + HexFormat.of().formatHex(sha256(body), 0, 20));
      }
      try {
        return network.send(method, path, headers, body, contentType, faulty);
      } catch (IOException e) {
        throw new IssuerException(IssuerException.Kind.UNREACHABLE, "unreachable", e.getMessage());
      }
    }

    private static void expectOk(Api.Response response) throws IssuerException {
      if (response.status() >= 500) {
        throw new IssuerException(IssuerException.Kind.UNREACHABLE, "server-error", response.text());
      }
      if (response.status() >= 300) {
        throw new IssuerException(IssuerException.Kind.REFUSED, "status-" + response.status(), response.text());
      }
    }
  }

  /** The terminal's uploader, authenticated with its airline's merchant key. */
  static final class TerminalLink implements Uploader {
    private final Network network;
    private final String merchantKey;
    private final VerificationKey issuerKey;

    TerminalLink(Network network, String merchantKey, VerificationKey issuerKey) {
      this.network = network;
      this.merchantKey = merchantKey;
      this.issuerKey = issuerKey;
    }

    @Override
    public List<EntryOutcome> upload(TerminalBatch batch) throws IOException {
      return outcomes(send(batch.encode(), "t-" + batch.terminalId() + "-" + batch.batchId()));
    }

    /** Sends any bytes as a batch: the dishonest terminal's way in. */
    Api.Response send(byte[] batchBytes, String idempotencyKey) throws IOException {
      Api.Response response = network.send("POST", "/v1/terminal-batches",
          Map.of("Authorization", "Bearer " + merchantKey, "Idempotency-Key", idempotencyKey), batchBytes, BINARY, true);
      if (response.status() >= 500) {
        throw new IOException("server error " + response.status() + ": " + response.text());
      }
      return response;
    }

    private List<EntryOutcome> outcomes(Api.Response response) throws IOException {
      if (response.status() != 200) {
        // A batch refused as a whole (bad signature, cut body) is resent: it cannot be answered.
        throw new IOException("batch refused " + response.status() + ": " + response.text());
      }
      SettlementReport report;
      try {
        report = SettlementReport.decode(response.raw().body());
      } catch (DecodeException e) {
        throw new IOException("unreadable report", e);
      }
      if (!Signatures.verify(issuerKey, report.signingInput(), report.signature())) {
        throw new IOException("report not signed by the issuer");
      }
      return report.entries().stream().map(e -> e.outcome() == SettlementOutcome.REJECTED
          ? EntryOutcome.rejected(e.journalSequence(), e.reason().orElseThrow())
          : EntryOutcome.of(e.journalSequence(), Outcome.valueOf(e.outcome().name()))).toList();
    }
  }

  private interface Decoding<T> {
    T run() throws DecodeException;
  }

  private static <T> T decode(Decoding<T> decoding) throws IssuerException {
    try {
      return decoding.run();
    } catch (DecodeException e) {
      throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "bad-encoding", e.getMessage());
    }
  }

  private static byte[] base64(JsonNode node) {
    return Base64.getDecoder().decode(node.asText());
  }

  private static byte[] sha256(byte[] bytes) {
    return io.aloft.protocol.crypto.Digests.sha256(bytes);
  }
}
