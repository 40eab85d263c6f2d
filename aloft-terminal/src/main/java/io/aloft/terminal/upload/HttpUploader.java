package io.aloft.terminal.upload;

import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.protocol.client.RetryPolicy;
import io.aloft.protocol.client.SettlementClient;
import io.aloft.protocol.client.TransportSecurity;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Uploads batches to the issuer's {@code POST /v1/terminal-batches} (docs/api.md), each request
 * signed with the terminal's own key ({@link RequestAuthorizer#terminal}), and accepts the answer only as a report signed by a trusted issuer key
 * that names this terminal, this batch and every entry in it. Retries are bounded
 * ({@link RetryPolicy}) and safe: the server answers a batch id it has seen with the same report.
 * Anything that leaves the outcome unknown is an {@link IOException}, and the terminal resends
 * the identical batch next time.
 */
public final class HttpUploader implements Uploader {
  private final SettlementClient client;

  public HttpUploader(URI serverUrl, RequestAuthorizer authorizer, Collection<IssuerKey> trustedIssuerKeys,
      RetryPolicy retry, SettlementClient.Sleeper sleeper) {
    this(serverUrl, authorizer, trustedIssuerKeys, retry, sleeper, TransportSecurity.DEFAULT);
  }

  /**
   * @param transport which server URLs may carry the signed requests (HTTPS, plain HTTP to
   *     loopback only unless allowed) and which server certificates are trusted
   */
  public HttpUploader(URI serverUrl, RequestAuthorizer authorizer, Collection<IssuerKey> trustedIssuerKeys,
      RetryPolicy retry, SettlementClient.Sleeper sleeper, TransportSecurity transport) {
    this.client = new SettlementClient(serverUrl, authorizer, trustedIssuerKeys, retry, sleeper, new java.util.Random(),
        transport);
  }

  /**
   * Relays batches under the airline's merchant key instead (the airline's own sync of exported
   * batch files); the batches are still the terminals' signed ones.
   */
  public HttpUploader(URI serverUrl, String merchantKey, Collection<IssuerKey> trustedIssuerKeys, RetryPolicy retry,
      SettlementClient.Sleeper sleeper) {
    this(serverUrl, RequestAuthorizer.bearer(merchantKey), trustedIssuerKeys, retry, sleeper, TransportSecurity.DEFAULT);
  }

  /** With the default retry policy, sleeping for real between attempts. */
  public static HttpUploader of(URI serverUrl, RequestAuthorizer authorizer, Collection<IssuerKey> trustedIssuerKeys) {
    return of(serverUrl, authorizer, trustedIssuerKeys, TransportSecurity.DEFAULT);
  }

  /** With the default retry policy and {@code transport}, sleeping for real between attempts. */
  public static HttpUploader of(URI serverUrl, RequestAuthorizer authorizer, Collection<IssuerKey> trustedIssuerKeys,
      TransportSecurity transport) {
    return new HttpUploader(serverUrl, authorizer, trustedIssuerKeys, RetryPolicy.DEFAULT,
        duration -> Thread.sleep(duration.toMillis()), transport);
  }

  @Override
  public List<EntryOutcome> upload(TerminalBatch batch, String idempotencyKey) throws IOException {
    SettlementReport report = client.post("/v1/terminal-batches", batch.encode(), idempotencyKey,
        SettlementReport.Subject.TERMINAL_BATCH);
    if (report.terminalId() != batch.terminalId() || report.batchId() != batch.batchId()
        || report.entries().size() != batch.entries().size()) {
      throw new IOException("the report answers terminal " + report.terminalId() + " batch " + report.batchId()
          + " with " + report.entries().size() + " entries, not this batch");
    }
    List<EntryOutcome> outcomes = new ArrayList<>(report.entries().size());
    for (SettlementReport.Entry entry : report.entries()) {
      outcomes.add(outcome(entry));
    }
    return outcomes;
  }

  private static EntryOutcome outcome(SettlementReport.Entry entry) throws IOException {
    if (entry.outcome() == SettlementOutcome.PENDING) {
      throw new IOException("entry " + entry.journalSequence() + " is pending; a terminal's entries never are");
    }
    if (entry.outcome() == SettlementOutcome.REJECTED) {
      return EntryOutcome.rejected(entry.journalSequence(), entry.reason().get());
    }
    return EntryOutcome.of(entry.journalSequence(), Outcome.valueOf(entry.outcome().name()));
  }
}
