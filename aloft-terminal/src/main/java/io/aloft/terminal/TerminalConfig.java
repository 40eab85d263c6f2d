package io.aloft.terminal;

import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.rules.AcceptancePolicy;
import java.util.List;

/**
 * How a terminal is set up, by the merchant when the device is provisioned.
 *
 * @param terminalId this device's id, as in its certificate
 * @param trustedIssuerKeys issuer keys provisioned online; a bundle must be signed by one of
 *     these or by a key the installed bundle carries
 * @param policy clock skew allowed and the bundle expiry grace (see {@link AcceptancePolicy})
 * @param openRequestsKept how many shown payment requests stay answerable (newest first)
 * @param batchMaxEntries journal entries per upload batch, 1..{@value TerminalBatch#MAX_ENTRIES}
 */
public record TerminalConfig(long terminalId, List<IssuerKey> trustedIssuerKeys, AcceptancePolicy policy,
    int openRequestsKept, int batchMaxEntries) {
  public static final int DEFAULT_OPEN_REQUESTS_KEPT = 64;

  public TerminalConfig {
    if (terminalId < 1 || terminalId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("terminalId must be a u32 ≥ 1: " + terminalId);
    }
    if (trustedIssuerKeys == null || trustedIssuerKeys.isEmpty() || policy == null) {
      throw new IllegalArgumentException("a terminal needs at least one trusted issuer key and a policy");
    }
    trustedIssuerKeys = List.copyOf(trustedIssuerKeys);
    if (openRequestsKept < 1 || openRequestsKept > 10_000) {
      throw new IllegalArgumentException("openRequestsKept must be 1..10000: " + openRequestsKept);
    }
    if (batchMaxEntries < 1 || batchMaxEntries > TerminalBatch.MAX_ENTRIES) {
      throw new IllegalArgumentException("batchMaxEntries must be 1.." + TerminalBatch.MAX_ENTRIES + ": " + batchMaxEntries);
    }
  }

  /** Default policy, 64 open requests, full-size batches. */
  public static TerminalConfig of(long terminalId, List<IssuerKey> trustedIssuerKeys) {
    return new TerminalConfig(terminalId, trustedIssuerKeys, AcceptancePolicy.DEFAULT,
        DEFAULT_OPEN_REQUESTS_KEPT, TerminalBatch.MAX_ENTRIES);
  }

  public TerminalConfig withPolicy(AcceptancePolicy newPolicy) {
    return new TerminalConfig(terminalId, trustedIssuerKeys, newPolicy, openRequestsKept, batchMaxEntries);
  }

  public TerminalConfig withBatchMaxEntries(int newBatchMaxEntries) {
    return new TerminalConfig(terminalId, trustedIssuerKeys, policy, openRequestsKept, newBatchMaxEntries);
  }
}
