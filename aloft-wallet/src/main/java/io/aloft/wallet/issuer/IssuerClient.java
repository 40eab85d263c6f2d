package io.aloft.wallet.issuer;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.TrustBundle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
   * A single-use challenge of {@link EnrolmentProof#CHALLENGE_LENGTH} bytes for enrolling on
   * {@code flightId} ({@code POST /v1/enrolment-challenges}); it expires within minutes.
   */
  Bytes enrolmentChallenge(long flightId) throws IssuerException;

  /**
   * Asks for an offline credential for the proof's flight, bound to the device key that signed
   * the proof ({@code POST /v1/enrolments}). A proof is good for one request: its challenge is
   * used up whatever the answer.
   */
  OfflineCredential enrol(EnrolmentProof proof) throws IssuerException;

  /** The current trust bundle for {@code flightId}. */
  TrustBundle fetchBundle(long flightId) throws IssuerException;

  /**
   * Uploads at most {@link #MAX_BATCH} pending bills and returns the issuer's outcome for each.
   * Idempotent per payment id. These answers compare the bill's signed content with what settled
   * under its payment id, so a cloned wallet's bill comes back CONFLICT, not SETTLED: this is
   * what a sync applies.
   */
  OutcomeReport uploadBills(List<BillUpload> bills) throws IssuerException;

  /**
   * The outcome of at most {@link #MAX_BATCH} payments, by payment id alone. It cannot tell this
   * wallet's payment from a clone's that used the same counter; prefer the answers of
   * {@link #uploadBills}.
   */
  OutcomeReport fetchOutcomes(List<PaymentId> paymentIds) throws IssuerException;

  /**
   * The issuer's clock when it sent the last answer this client received (the HTTP {@code Date}
   * header), empty if none said. The wallet corrects its clock with it after enrolment and every
   * bundle refresh.
   */
  default Optional<Instant> lastIssuerTime() {
    return Optional.empty();
  }
}
