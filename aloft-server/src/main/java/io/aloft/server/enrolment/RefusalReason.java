package io.aloft.server.enrolment;

import java.util.Locale;

/** Why an enrolment was refused. The code is stable for apps; the message is for the passenger. */
public enum RefusalReason {
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
  ALLOWANCE_IN_USE;

  /** The code as it appears in JSON, e.g. {@code score_too_low}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
