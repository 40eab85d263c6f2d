package io.aloft.server.enrolment;

import java.util.Locale;

/** Why an enrolment was refused. The code is stable for apps; the message is for the passenger. */
enum RefusalReason {
  SCORE_TOO_LOW,
  IN_ARREARS,
  /** Arrears an operator wrote off are still owed (no arrears left, but a debt). */
  WRITTEN_OFF_DEBT,
  SUSPENDED,
  FLIGHT_UNKNOWN,
  FLIGHT_DEPARTED,
  FLIGHT_FULL,
  DEVICE_KEY_IN_USE,
  /** The payer's other credentials reserve their whole offline allowance until their payments settle. */
  ALLOWANCE_IN_USE,
  /** The request carries no proof of possession (challenge and signature). */
  PROOF_MISSING,
  /** The proof is not the enrolled device key's signature over the challenge and flight. */
  PROOF_INVALID,
  /** The challenge was never issued to this account for this flight, or was swept after expiring. */
  CHALLENGE_UNKNOWN,
  /** The challenge was already used by an earlier enrolment request. */
  CHALLENGE_USED,
  CHALLENGE_EXPIRED;

  /** Whether this refusal is about proving possession of the device key rather than eligibility. */
  public boolean isProofRefusal() {
    return switch (this) {
      case PROOF_MISSING, PROOF_INVALID, CHALLENGE_UNKNOWN, CHALLENGE_USED, CHALLENGE_EXPIRED -> true;
      default -> false;
    };
  }

  /** The code as it appears in JSON, e.g. {@code score_too_low}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
