package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A case to open, with its evidence: the upload that raised it, byte for byte, and the content
 * digest of what had settled. Opening the same case twice (a resend, or the other side's upload
 * of the same double spend) opens it once.
 */
record CaseDraft(CaseKind kind, CredentialSerial serial, long counter, long refundSequence, long flightId, long accountId,
    long airlineId, long terminalId, String detail, Bytes authorization, Bytes request, Bytes receipt, Bytes note,
    Bytes settledDigest) {

  static CaseDraft forPayment(CaseKind kind, Submission.Payment submission, PaymentId id, StoredCredential credential,
      long airlineId, long terminalId, String detail, Bytes settledDigest) {
    return new CaseDraft(kind, id.serial(), id.counter(), 0, credential.flightId(), credential.accountId(), airlineId,
        terminalId, detail,
        submission.authorization(), submission.request(), submission.receipt(), Bytes.empty(), settledDigest);
  }

  /**
   * A case that every upload showing it shares, whoever uploads first: a double spend (one per
   * credential, counter 0) or a replay (one per payment id). Its evidence is every
   * settled acceptance it covers, added as they settle (SettlementStore.addCaseEvidence).
   */
  static CaseDraft merged(CaseKind kind, CredentialSerial serial, long counter, StoredCredential credential,
      String detail) {
    return new CaseDraft(kind, serial, counter, 0, credential.flightId(), credential.accountId(), credential.airlineId(), 0,
        detail, Bytes.empty(), Bytes.empty(), Bytes.empty(), Bytes.empty(), Bytes.empty());
  }

  static CaseDraft forRefund(Submission.Refund submission, PaymentId id, long refundSequence,
      StoredCredential credential, long terminalId, Bytes settledDigest) {
    return new CaseDraft(CaseKind.REFUND_CONFLICT, id.serial(), id.counter(), refundSequence, credential.flightId(), credential.accountId(),
        credential.airlineId(), terminalId, "two different refund notes with sequence " + refundSequence,
        Bytes.empty(), Bytes.empty(), Bytes.empty(), submission.note(), settledDigest);
  }

  /**
   * Identifies the case, so that raising it again adds nothing: a double spend or replay case by
   * its kind and payment id alone (every upload showing it shares it); otherwise the evidence byte
   * for byte (each different receipt or note is a case of its own).
   */
  Bytes evidenceDigest() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    if (kind == CaseKind.DOUBLE_SPEND || kind == CaseKind.REPLAY) {
      all.writeBytes(kind.wireName().getBytes(StandardCharsets.UTF_8));
      all.writeBytes(serial.value().toByteArray());
      all.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
      return Bytes.of(Digests.sha256(all.toByteArray()));
    }
    for (Bytes part : new Bytes[] {authorization, request, receipt, note}) {
      byte[] bytes = part.toByteArray();
      all.write(bytes.length >>> 8);
      all.write(bytes.length);
      all.writeBytes(bytes);
    }
    return Bytes.of(Digests.sha256(all.toByteArray()));
  }
}
