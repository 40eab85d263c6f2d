package io.aloft.server.settlement;

import io.aloft.protocol.client.RequestSignature;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Json;
import io.aloft.server.http.RateLimits;
import io.aloft.server.http.ReadDeadlines;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Device uploads, in the protocol's binary encoding so that the SDKs parse no payment JSON:
 * a terminal's signed batch, a wallet's bills, a wallet's outcome query. Each is answered with an
 * issuer-signed {@link SettlementReport} ({@value #REPORT_TYPE}), or as JSON when the caller
 * asks with {@code Accept: application/json} (operators, scripts).
 */
public final class SettlementRoutes {
  public static final String REPORT_TYPE = "application/vnd.aloft.settlement-report";
  /** A full batch of self-contained codes with handshake requests stays far below this. */
  public static final int MAX_UPLOAD_BYTES = 1024 * 1024;

  private final Settlement settlement;
  private final Authenticator authenticator;
  private final Idempotency idempotency;
  private final MeterRegistry metrics;
  private final RateLimits limits;

  public SettlementRoutes(Settlement settlement, Authenticator authenticator, Idempotency idempotency,
      MeterRegistry metrics, RateLimits limits) {
    this.settlement = settlement;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
    this.metrics = metrics;
    this.limits = limits;
  }

  public void register(Routes routes) {
    routes.post("/v1/terminal-batches", this::terminalBatch);
    routes.post("/v1/wallet/bills", this::walletBills);
    routes.post("/v1/wallet/outcomes", this::walletOutcomes);
  }

  /**
   * A terminal uploads its own batches, signing the request with its key; its airline may relay
   * any of its terminals' batches (exported files) under a merchant key. The batch's own
   * signature is checked either way.
   */
  private void terminalBatch(Context ctx) {
    Optional<RequestSignature.Header> signed = RequestSignature.parse(ctx.header("Authorization"));
    if (signed.isPresent()) {
      // The signature covers the body, so the body is read first, within the claimed terminal's
      // upload limits; the signature over it is checked before anything else happens.
      try (RateLimits.Upload upload = limits.upload(ctx, new Principal.Terminal(signed.get().terminalId(), 0))) {
        byte[] body = body(ctx, upload);
        settleBatch(ctx, authenticator.require(ctx, body), body);
      }
      return;
    }
    Principal principal = authenticator.require(ctx);
    if (!(principal instanceof Principal.Merchant)) {
      throw ApiProblem.forbidden("Terminal batches are uploaded by their terminal, or by its airline.");
    }
    try (RateLimits.Upload upload = limits.upload(ctx, principal)) {
      byte[] body = body(ctx, upload);
      settleBatch(ctx, principal, body);
    }
  }

  private void settleBatch(Context ctx, Principal principal, byte[] body) {
    OptionalLong onlyTerminal;
    long airlineId;
    if (principal instanceof Principal.Terminal terminal) {
      onlyTerminal = OptionalLong.of(terminal.terminalId());
      airlineId = terminal.airlineId();
    } else if (principal instanceof Principal.Merchant merchant) {
      onlyTerminal = OptionalLong.empty();
      airlineId = merchant.airlineId();
    } else {
      throw ApiProblem.forbidden("Terminal batches are uploaded by their terminal, or by its airline.");
    }
    idempotency.runBinary(ctx, principal, body, () -> answer(ctx, batchReport(airlineId, onlyTerminal, body)));
  }

  private SettlementReport batchReport(long airlineId, OptionalLong onlyTerminal, byte[] body) {
    Settlement.BatchAnswer answer;
    Timer.Sample settling = Timer.start(metrics);
    try {
      answer = settlement.settleBatch(airlineId, onlyTerminal, body);
    } catch (DecodeException e) {
      throw ApiProblem.invalidRequest("The body is not a terminal batch: " + e.getMessage());
    }
    settling.stop(settlementTimer("terminal-batch"));
    if (answer instanceof Settlement.BatchAnswer.Answered answered) {
      return answered.report();
    }
    if (answer instanceof Settlement.BatchAnswer.UnknownTerminal) {
      throw ApiProblem.forbidden("The batch's terminal is not the caller, or not registered to its airline.");
    }
    if (answer instanceof Settlement.BatchAnswer.BadSignature) {
      throw ApiProblem.of(422, "bad-signature", "Batch signature does not verify",
          "The batch is not signed by the registered key of its terminal.");
    }
    throw ApiProblem.of(409, "batch-id-reused", "Batch id reused with different content",
        "This terminal sent this batch id before with other content; resend the original bytes.");
  }

  private void walletBills(Context ctx) {
    Principal.Wallet wallet = wallet(authenticator.require(ctx));
    try (RateLimits.Upload upload = limits.upload(ctx, wallet)) {
      settleBills(ctx, wallet, body(ctx, upload));
    }
  }

  private void settleBills(Context ctx, Principal.Wallet wallet, byte[] body) {
    WalletUpload upload;
    try {
      upload = WalletUpload.decode(body);
    } catch (DecodeException e) {
      throw ApiProblem.invalidRequest("The body is not a wallet upload: " + e.getMessage());
    }
    int items = upload.bills().stream().mapToInt(bill -> 1 + bill.refunds().size()).sum();
    if (items > Settlement.MAX_ITEMS) {
      throw ApiProblem.invalidRequest("An upload carries at most " + Settlement.MAX_ITEMS
          + " bills and refund notes together; got " + items + ".");
    }
    idempotency.runBinary(ctx, wallet, body, () -> answer(ctx,
        settlementTimer("wallet-upload").record(() -> settlement.settleWallet(wallet.accountId(), upload))));
  }

  /** How long settling one upload takes, by kind ({@code aloft_settlement_duration_seconds}, a histogram). */
  private Timer settlementTimer(String upload) {
    return metrics.timer("aloft.settlement.duration", "upload", upload);
  }

  private void walletOutcomes(Context ctx) {
    Principal.Wallet wallet = wallet(authenticator.require(ctx));
    OutcomeQuery query;
    try (RateLimits.Upload upload = limits.upload(ctx, wallet)) {
      query = OutcomeQuery.decode(body(ctx, upload));
    } catch (DecodeException e) {
      throw ApiProblem.invalidRequest("The body is not an outcome query: " + e.getMessage());
    }
    Idempotency.Stored stored = answer(ctx, settlement.outcomes(wallet.accountId(), query));
    ctx.status(stored.status()).contentType(stored.contentType()).result(stored.body());
  }

  private static Principal.Wallet wallet(Principal principal) {
    if (principal instanceof Principal.Wallet wallet) {
      return wallet;
    }
    throw ApiProblem.forbidden("Only a passenger's wallet uploads bills or asks for their outcomes.");
  }

  /**
   * Reads the body within {@link #MAX_UPLOAD_BYTES}, before allocating for more, at no less than
   * the minimum upload rate. Each read gives up after the idle timeout, and the whole body has its
   * deadline ({@link io.aloft.server.http.ReadDeadlines}).
   */
  private static byte[] body(Context ctx, RateLimits.Upload upload) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_UPLOAD_BYTES) {
      throw ApiProblem.of(413, "payload-too-large", "Request body too large",
          "Uploads are at most " + MAX_UPLOAD_BYTES + " bytes.");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), 64 * 1024));
      byte[] chunk = new byte[16 * 1024];
      for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
        body.write(chunk, 0, read);
        if (body.size() > MAX_UPLOAD_BYTES) {
          throw ApiProblem.of(413, "payload-too-large", "Request body too large",
              "Uploads are at most " + MAX_UPLOAD_BYTES + " bytes.");
        }
        upload.requireRate(body.size());
      }
      return body.toByteArray();
    } catch (IOException e) {
      // A stall past the idle timeout is a 408; a connection dropped mid-body a 400: nothing was
      // read, nothing settles, and the device resends the same bytes.
      throw ReadDeadlines.readFailure(e).orElseGet(() -> ApiProblem.of(400, "incomplete-body",
          "Request body incomplete", "The upload ended before its body did."));
    }
  }

  private Idempotency.Stored answer(Context ctx, SettlementReport report) {
    report.entries().forEach(entry -> metrics.counter("aloft.settlement.outcomes",
        "outcome", entry.outcome().name().toLowerCase(java.util.Locale.ROOT),
        "reason", entry.reason().map(Enum::name).orElse("none")).increment());
    String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
    if (accept.contains("application/json") && !accept.contains(REPORT_TYPE)) {
      return new Idempotency.Stored(200, "application/json", Json.write(ReportView.of(report)));
    }
    return new Idempotency.Stored(200, REPORT_TYPE, report.encode());
  }

  /** The JSON form of a report, for people and scripts; devices use the signed bytes. */
  record ReportView(String subject, long terminalId, long batchId, String issuedAt, List<EntryView> entries,
      String report) {
    static ReportView of(SettlementReport report) {
      return new ReportView(report.subject().name().toLowerCase(java.util.Locale.ROOT), report.terminalId(),
          report.batchId(), report.issuedAt().toString(), report.entries().stream().map(EntryView::of).toList(),
          java.util.Base64.getEncoder().encodeToString(report.encode()));
    }
  }

  record EntryView(String kind, long journalSequence, String paymentId, long refundSequence, String outcome,
      String reason, Long chargedMinor, String currency) {
    static EntryView of(SettlementReport.Entry entry) {
      return new EntryView(entry.kind().name().toLowerCase(java.util.Locale.ROOT), entry.journalSequence(),
          entry.paymentId().map(Object::toString).orElse(null), entry.refundSequence(),
          entry.outcome().name(), entry.reason().map(Enum::name).orElse(null),
          entry.charged().map(m -> m.amountMinor()).orElse(null),
          entry.charged().map(m -> m.currency().code()).orElse(null));
    }
  }
}
