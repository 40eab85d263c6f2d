package io.aloft.wallet.issuer;

import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.TrustBundle;
import java.util.List;

/**
 * The wallet's only way to the issuer, used while online: before boarding and after landing.
 * The HTTP implementation speaks the server's API (docs/api.md) and authenticates as the
 * passenger's account; tests use an in-memory fake. Nothing here is called during a payment.
 *
 * <p>Every call may throw {@link IssuerException}; the wallet changes nothing it stores unless
 * the call returned and its answer passed the protocol checks.
 */
public interface IssuerClient {
  /** The most bills in one upload or outcome query; the wallet splits larger syncs. */
  int MAX_BATCH = 100;

  /**
   * Asks for an offline credential for {@code flightId}, bound to {@code deviceKey}
   * ({@code POST /v1/enrolments}). Asking again for the same flight and key returns the same
   * credential.
   */
  OfflineCredential enrol(long flightId, VerificationKey deviceKey) throws IssuerException;

  /** The current trust bundle for {@code flightId}. */
  TrustBundle fetchBundle(long flightId) throws IssuerException;

  /** Uploads at most {@link #MAX_BATCH} pending bills; idempotent per payment id. */
  void uploadBills(List<BillUpload> bills) throws IssuerException;

  /** The outcome of at most {@link #MAX_BATCH} payments. */
  OutcomeReport fetchOutcomes(List<PaymentId> paymentIds) throws IssuerException;
}
