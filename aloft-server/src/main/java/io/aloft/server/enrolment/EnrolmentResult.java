package io.aloft.server.enrolment;

import io.aloft.protocol.message.OfflineCredential;

/** What an enrolment request comes to: a credential, or a refusal with a reason. */
sealed interface EnrolmentResult {
  /** {@code alreadyIssued} is true when this device already held a credential for the flight. */
  record Issued(OfflineCredential credential, boolean alreadyIssued) implements EnrolmentResult {}

  /** {@code message} is written for the passenger and says what they can do about it. */
  record Refused(RefusalReason reason, String message) implements EnrolmentResult {}
}
