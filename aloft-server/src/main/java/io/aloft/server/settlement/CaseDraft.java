package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import java.io.ByteArrayOutputStream;

/**
 * A case to open, with its evidence: the upload that raised it, byte for byte, and the content
 * digest of what had settled. Opening the same case twice (a resend, or the other side's upload
 * of the same double spend) opens it once.
 */
record CaseDraft(CaseKind kind, PaymentId paymentId, long refundSequence, long flightId, long accountId,
    long airlineId, long terminalId, String detail, Bytes authorization, Bytes request, Bytes receipt, Bytes note,
    Bytes settledDigest) {

  static CaseDraft forPayment(CaseKind kind, Submission.Payment submission, PaymentId id, StoredCredential credential,
      long airlineId, long terminalId, String detail, Bytes settledDigest) {
    return new CaseDraft(kind, id, 0, credential.flightId(), credential.accountId(), airlineId, terminalId, detail,
        submission.authorization(), submission.request(), submission.receipt(), Bytes.empty(), settledDigest);
  }

  static CaseDraft forRefund(Submission.Refund submission, PaymentId id, long refundSequence,
      StoredCredential credential, long terminalId, Bytes settledDigest) {
    return new CaseDraft(CaseKind.REFUND_CONFLICT, id, refundSequence, credential.flightId(), credential.accountId(),
        credential.airlineId(), terminalId, "two different refund notes with sequence " + refundSequence,
        Bytes.empty(), Bytes.empty(), Bytes.empty(), submission.note(), settledDigest);
  }

  /**
   * Identifies the case, so that raising it again adds nothing: for a double spend, the content of
   * the payment that lost (its terminal's batch and the clone's own bill are one double spend, not
   * two cases); otherwise the evidence byte for byte (a replay at each further terminal is a case
   * of its own, as is each different receipt or note).
   */
  Bytes evidenceDigest() {
    if (kind == CaseKind.DOUBLE_SPEND) {
      try {
        return Bytes.of(Digests.sha256(PaymentAuthorization.decode(authorization.toByteArray()).contentDigest()
            .toByteArray()));
      } catch (DecodeException e) {
        throw new IllegalStateException("a double spend's authorization was decoded before; it must decode", e);
      }
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Bytes part : new Bytes[] {authorization, request, receipt, note}) {
      byte[] bytes = part.toByteArray();
      all.write(bytes.length >>> 8);
      all.write(bytes.length);
      all.writeBytes(bytes);
    }
    return Bytes.of(Digests.sha256(all.toByteArray()));
  }
}
