package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.AcceptedPayment;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.NoteRules;
import io.aloft.protocol.rules.PaymentRules;
import io.aloft.protocol.rules.Presentation;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first half of settlement: everything about one submission that does not depend on other
 * payments. It runs the protocol's {@link PaymentRules} exactly as the terminal did — same bundle
 * version, the receipt's time as "now" — with an empty history; the history part is judged later
 * under the credential's lock ({@link SettlementRules#decide}). Thread-safe and side-effect free.
 *
 * <p>Fresh enough: a payment is guaranteed only if the bundle its terminal held was at least as
 * new as the one current at the flight's scheduled departure (or at the sale, if that came
 * first). Versions differ in what they list; what makes one refuse a payment another accepts is a
 * revocation. So a payment whose credential or terminal the issuer had revoked by then is
 * {@link Reason#STALE_BUNDLE}, whatever bundle the terminal held. A one-scan receipt names no
 * version: it is judged under the one current at acceptance, and if that one lists a revocation
 * made after the fresh-enough point, under the one current at that point. The verifier never
 * tries an older version than that.
 */
public final class Verifier {
  /** Refusals a newer bundle than the one the terminal held would give: what the issuer revoked since. */
  private static final Set<Reason> REVOCATIONS = EnumSet.of(Reason.CREDENTIAL_REVOKED, Reason.TERMINAL_REVOKED);
  /** Refusals that a newer timeline (a bundle issued since it was cached) could lift. */
  private static final Set<Reason> TIMELINE_DEPENDENT = EnumSet.of(Reason.UNKNOWN_CREDENTIAL,
      Reason.UNKNOWN_TERMINAL, Reason.UNKNOWN_ISSUER_KEY);

  private final BundleSource bundles;
  private final SettlementPolicy policy;

  public Verifier(BundleSource bundles, SettlementPolicy policy) {
    this.bundles = bundles;
    this.policy = policy;
  }

  /**
   * A submission with its authorization decoded once: the serial chooses which credential to read
   * before verification, and the checks reuse the decoded message.
   */
  public record Decoded(Submission submission, Optional<PaymentAuthorization> authorization) {
    /** The serial a payment submission names, when its authorization decodes. */
    public Optional<CredentialSerial> serial() {
      return authorization.map(PaymentAuthorization::serial);
    }
  }

  public static Decoded decode(Submission submission) {
    return new Decoded(submission, submission instanceof Submission.Payment payment
        ? decodeAuthorization(payment) : Optional.empty());
  }

  public Checked check(Submission submission, Uploader uploader, Map<CredentialSerial, StoredCredential> credentials) {
    return check(decode(submission), uploader, credentials);
  }

  public Checked check(Decoded decoded, Uploader uploader, Map<CredentialSerial, StoredCredential> credentials) {
    Submission submission = decoded.submission();
    if (submission instanceof Submission.Refund refund) {
      return checkRefund(refund);
    }
    Submission.Payment payment = (Submission.Payment) submission;
    Optional<PaymentAuthorization> authorization = decoded.authorization();
    if (authorization.isEmpty()) {
      return new Checked.Refused(submission, Optional.empty(), Reason.MALFORMED, "authorization does not decode");
    }
    PaymentId id = authorization.get().paymentId();
    StoredCredential credential = credentials.get(id.serial());
    if (credential == null || uploader instanceof Uploader.Wallet wallet && wallet.accountId() != credential.accountId()) {
      return new Checked.Refused(submission, Optional.of(id), Reason.UNKNOWN_CREDENTIAL,
          "the issuer holds no credential " + id.serial() + (credential == null ? "" : " of this account"));
    }
    try {
      Optional<PaymentRequest> request = payment.request().isEmpty() ? Optional.empty()
          : Optional.of(PaymentRequest.decode(payment.request().toByteArray()));
      if (payment.receipt().isEmpty()) {
        return unconfirmed(payment, authorization.get(), request, credential);
      }
      Receipt receipt = Receipt.decode(payment.receipt().toByteArray());
      return verify(payment, authorization.get(), request, receipt, credential, uploader);
    } catch (DecodeException e) {
      return new Checked.Refused(submission, Optional.of(id), Reason.MALFORMED, e.getMessage());
    }
  }

  private static Optional<PaymentAuthorization> decodeAuthorization(Submission.Payment payment) {
    try {
      return Optional.of(PaymentAuthorization.decode(payment.authorization().toByteArray()));
    } catch (DecodeException e) {
      return Optional.empty();
    }
  }

  private static Checked unconfirmed(Submission.Payment payment, PaymentAuthorization authorization,
      Optional<PaymentRequest> request, StoredCredential credential) {
    PaymentId id = authorization.paymentId();
    if (authorization.kind().isOneScan() != request.isEmpty()) {
      return new Checked.Refused(payment, Optional.of(id), Reason.WRONG_KIND, "a handshake travels with its request");
    }
    boolean genuine = Signatures.verify(credential.credential().deviceKey(), authorization.signingInput(request),
        authorization.signature());
    if (!genuine) {
      return new Checked.Refused(payment, Optional.of(id), Reason.BAD_SIGNATURE, "device signature does not verify");
    }
    return new Checked.Unconfirmed(payment, authorization, authorization.contentDigest(), credential);
  }

  private Checked verify(Submission.Payment payment, PaymentAuthorization authorization,
      Optional<PaymentRequest> request, Receipt receipt, StoredCredential credential, Uploader uploader) {
    PaymentId id = authorization.paymentId();
    if (uploader instanceof Uploader.Terminal terminal && terminal.terminalId() != receipt.terminalId()) {
      return new Checked.Refused(payment, Optional.of(id), Reason.WRONG_TERMINAL,
          "receipt of terminal " + receipt.terminalId() + " in a batch of terminal " + terminal.terminalId());
    }
    Bytes contentDigest = authorization.contentDigest();
    Optional<Reason> binding = receiptBinding(receipt, authorization, contentDigest);
    if (binding.isPresent()) {
      return new Checked.Refused(payment, Optional.of(id), binding.get(), "receipt does not bind this authorization");
    }
    long flightId = credential.flightId();
    long airlineId = credential.airlineId();
    long held;
    Checked checked;
    if (request.isPresent()) {
      held = request.get().bundleVersion();
      checked = underVersion(payment, authorization, contentDigest, request, receipt, credential, uploader, held);
    } else {
      // A one-scan receipt names no version: the newest the terminal could have held at acceptance.
      Instant latest = receipt.acceptedAt().plus(policy.acceptance().maxClockSkew());
      held = bundles.versionAt(flightId, airlineId, latest);
      checked = underVersion(payment, authorization, contentDigest, request, receipt, credential, uploader, held);
      if (checked instanceof Checked.Refused refused && TIMELINE_DEPENDENT.contains(refused.reason())
          && bundles.refresh(flightId)) {
        long newer = bundles.versionAt(flightId, airlineId, latest);
        if (newer != held) {
          held = newer;
          checked = underVersion(payment, authorization, contentDigest, request, receipt, credential, uploader, held);
        }
      }
    }
    // Fresh enough: a bundle at least as new as the one current at departure (or at acceptance, if
    // that came first) would have listed a revocation made by then.
    Instant freshAt = credential.departure().isBefore(receipt.acceptedAt()) ? credential.departure()
        : receipt.acceptedAt();
    Optional<Instant> revokedAt = credential.revokedAt().filter(at -> !at.isAfter(freshAt))
        .or(() -> bundles.terminalRevokedAt(flightId, airlineId, receipt.terminalId(), freshAt));
    boolean verified = checked instanceof Checked.Verified;
    boolean refusedRevoked = checked instanceof Checked.Refused refused && REVOCATIONS.contains(refused.reason());
    // A handshake names the version its terminal held: refused under it, the terminal broke the rules.
    if (revokedAt.isPresent() && (verified || refusedRevoked && request.isEmpty())) {
      return new Checked.Refused(payment, Optional.of(id), Reason.STALE_BUNDLE, "the credential or terminal was"
          + " revoked at " + revokedAt.get() + ", before " + freshAt + " (the flight's departure, or the sale if"
          + " earlier): a fresh enough trust bundle refuses this payment");
    }
    if (refusedRevoked && request.isEmpty()) {
      // Revoked after the fresh-enough point: a one-scan receipt names no version, and the terminal
      // may have held the one current then. Judged under that one, never an older one.
      long fresh = bundles.versionAt(flightId, airlineId, freshAt);
      if (fresh > 0 && fresh < held) {
        return underVersion(payment, authorization, contentDigest, request, receipt, credential, uploader, fresh);
      }
    }
    return checked;
  }

  /** The checks under one stored version; a version the issuer never signed is BUNDLE_STALE. */
  private Checked underVersion(Submission.Payment payment, PaymentAuthorization authorization, Bytes contentDigest,
      Optional<PaymentRequest> request, Receipt receipt, StoredCredential credential, Uploader uploader,
      long version) {
    Optional<TrustBundle> bundle = version < 1 ? Optional.empty() : bundles.version(credential.flightId(), version);
    if (bundle.isEmpty()) {
      return new Checked.Refused(payment, Optional.of(authorization.paymentId()), Reason.BUNDLE_STALE,
          "no trust bundle the terminal could have held at " + receipt.acceptedAt());
    }
    return underBundle(payment, authorization, contentDigest, request, receipt, credential, bundle.get(), uploader);
  }

  /** The checks of {@link NoteRules#checkReceipt} that need no signature: a batch's signature covers its receipts. */
  private static Optional<Reason> receiptBinding(Receipt receipt, PaymentAuthorization authorization,
      Bytes contentDigest) {
    if (!receipt.paymentId().equals(authorization.paymentId())
        || !receipt.authorizationDigest().equals(Receipt.digestOfContent(contentDigest))) {
      return Optional.of(Reason.WRONG_PAYMENT);
    }
    return receipt.charged().amountMinor() > authorization.amountMinor()
        ? Optional.of(Reason.CHARGE_ABOVE_SIGNED) : Optional.empty();
  }

  private Checked underBundle(Submission.Payment payment, PaymentAuthorization authorization, Bytes contentDigest,
      Optional<PaymentRequest> request, Receipt receipt, StoredCredential credential, TrustBundle bundle,
      Uploader uploader) {
    PaymentId id = authorization.paymentId();
    if (uploader instanceof Uploader.Wallet) {
      // A wallet's copy of the receipt is not covered by a batch signature: check the terminal's.
      Verdict<?> receiptVerdict = NoteRules.checkReceipt(receipt, authorization, contentDigest, bundle);
      if (receiptVerdict instanceof Verdict.Rejected<?> rejected) {
        return new Checked.Refused(payment, Optional.of(id), rejected.reason(), "receipt: " + rejected.detail());
      }
    }
    Presentation presentation = new Presentation(authorization, request,
        authorization.kind().isOneScan() ? Optional.of(receipt.charged()) : Optional.empty());
    if (uploader instanceof Uploader.Terminal terminal) {
      // The batch's signature, verified under this terminal's registered key before anything
      // else, covers the request's bytes as it covers the receipt's; a request naming another
      // terminal is still verified under its own key.
      presentation = presentation.withRequestAuthenticatedBy(terminal.terminalId());
    }
    Verdict<AcceptedPayment> verdict = PaymentRules.check(presentation, bundle, receipt.terminalId(),
        CredentialHistory.empty(), receipt.acceptedAt(), policy.acceptance());
    if (verdict instanceof Verdict.Rejected<AcceptedPayment> rejected) {
      return new Checked.Refused(payment, Optional.of(id), rejected.reason(), rejected.detail());
    }
    AcceptedPayment accepted = verdict.value();
    if (!accepted.charged().equals(receipt.charged())) {
      return new Checked.Refused(payment, Optional.of(id), Reason.CHARGE_ABOVE_SIGNED,
          "receipt charges " + receipt.charged() + ", the payment was for " + accepted.charged());
    }
    if (accepted.terminal().merchantId() != credential.airlineId()) {
      return new Checked.Refused(payment, Optional.of(id), Reason.WRONG_MERCHANT,
          "terminal of merchant " + accepted.terminal().merchantId() + " on a flight of airline " + credential.airlineId());
    }
    return new Checked.Verified(payment, accepted, receipt, request, contentDigest,
        bundle.bundleVersion(), credential);
  }

  private static Checked checkRefund(Submission.Refund refund) {
    try {
      RefundNote note = RefundNote.decode(refund.note().toByteArray());
      return new Checked.RefundClaim(refund, note, Bytes.of(Digests.sha256(note.body())));
    } catch (DecodeException e) {
      return new Checked.Refused(refund, Optional.empty(), Reason.MALFORMED, "refund note: " + e.getMessage());
    }
  }
}
