package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.rules.AcceptedPayment;
import io.aloft.protocol.rules.Reason;
import java.util.Optional;

/**
 * A submission after the checks that need no settled state: decoding, signatures, the bundle
 * the terminal held, limits and validity at payment time. Produced in parallel, outside any
 * database transaction; what depends on other payments is judged afterwards, under the
 * credential's lock.
 */
public sealed interface Checked {
  Submission submission();

  /** Refused whatever else has settled: unreadable, forged, or against the rules with the terminal's bundle. */
  record Refused(Submission submission, Optional<PaymentId> paymentId, Reason reason, String detail)
      implements Checked {}

  /** A wallet's bill without the terminal's receipt: genuine (the device signature verifies) but unconfirmed. */
  record Unconfirmed(Submission.Payment submission, PaymentAuthorization authorization, Bytes contentDigest,
      StoredCredential credential) implements Checked {}

  /** A payment a terminal accepted by the rules with the bundle it held, proven by its receipt. */
  record Verified(Submission.Payment submission, AcceptedPayment accepted, Receipt receipt,
      Optional<PaymentRequest> request, Bytes contentDigest, long bundleVersion, StoredCredential credential)
      implements Checked {
    public PaymentId paymentId() {
      return accepted.paymentId();
    }
  }

  /** A refund note that decoded; its signature is checked against the bundle of the payment it refunds. */
  record RefundClaim(Submission.Refund submission, RefundNote note, Bytes noteDigest) implements Checked {}
}
