package io.aloft.protocol.rules;

/**
 * Why a payment, request, bundle or note was refused. One enum for the terminal, the wallet and
 * the server, so a refusal means the same thing everywhere. Each carries a short sentence the
 * crew can read aloud or the passenger can understand. Stable: documented in docs/protocol.md.
 */
public enum Reason {
  MALFORMED("This code could not be read. Ask for it to be shown again."),
  WRONG_KIND("This is not a payment code. Scan the passenger's payment code."),
  BAD_SIGNATURE("The code's signature is not valid. Do not accept it."),
  UNKNOWN_ISSUER_KEY("The code was issued under a key this device does not trust."),
  UNKNOWN_CREDENTIAL("This passenger is not on this flight's offline payment list."),
  CREDENTIAL_NOT_YET_VALID("This passenger's offline payment is not valid yet."),
  CREDENTIAL_EXPIRED("This passenger's offline payment has expired."),
  CREDENTIAL_REVOKED("This passenger's offline payment has been withdrawn."),
  WRONG_FLIGHT("This code is for another flight."),
  OVER_PAYMENT_LIMIT("The amount is above this passenger's limit for one payment."),
  OVER_TOTAL_LIMIT("This passenger has reached their offline spending limit."),
  REPLAYED_COUNTER("This code has already been used."),
  INCONSISTENT_CUMULATIVE("This code does not match the passenger's earlier payments."),
  CHARGE_ABOVE_SIGNED("The charge is above what the passenger signed for."),
  REQUEST_MISMATCH("This code answers a different payment request."),
  CURRENCY_NOT_COVERED("This currency cannot be used with this passenger's offline payment."),
  CLOCK_OUT_OF_WINDOW("The code's time is too far from this device's clock."),
  UNKNOWN_TERMINAL("This terminal is not known for this flight."),
  TERMINAL_REVOKED("This terminal has been withdrawn."),
  TERMINAL_CERTIFICATE_INVALID("This terminal's certificate is not valid now."),
  WRONG_TERMINAL("This code is for another terminal."),
  WRONG_MERCHANT("This code is for another merchant."),
  BUNDLE_EXPIRED("The terminal's payment list has expired. Reconnect to refresh it."),
  BUNDLE_STALE("This payment list is older than the one already installed."),
  WRONG_PAYMENT("This refers to a different payment."),
  OVER_REFUNDABLE("The refund is more than what is left of the payment."),
  /**
   * Settlement only: the terminal accepted the payment under a trust bundle older than the one
   * current at the flight's departure, which would have refused it. Not guaranteed: the
   * merchant's risk, avoided by syncing at the gate.
   */
  STALE_BUNDLE("The terminal accepted this under a payment list older than the flight's at departure."
      + " Sync terminals before departure."),
  ONE_SCAN_CODE_STALE("This code is too old. Ask the passenger to show a fresh one."),
  ONE_SCAN_OVER_MAX("This amount is too large for a one-scan code. Show a payment request instead."),
  /**
   * Settlement only: the settlement window of the payment's credential closed with no merchant
   * record of it settled (no terminal uploaded it, or none whose upload the rules accepted). The
   * payer is not charged, and no later upload settles it: a terminal's record that arrives after
   * the window closed on the payment is refused with this reason too.
   */
  NO_MERCHANT_RECORD("No terminal sent this payment to the provider within the settlement window. It is not"
      + " charged."),
  // The wallet's own refusals: about the passenger's device and bills, not about a scanned code's
  // rules. The wallet SDK words each for the passenger (RefusalReason in aloft-wallet).
  /** Wallet only: no credential is stored, so there is nothing to pay with. */
  NOT_ENROLLED("This device holds no offline payment for a flight. Enrol while online."),
  /** Wallet only: the device key store would not create, open or sign with the device key. */
  KEY_UNAVAILABLE("The device's payment key is locked or unavailable."),
  /** Wallet only: the credential names a device key other than the one this device holds. */
  WRONG_DEVICE_KEY("This offline payment was issued for another device's key."),
  /** Wallet only: the request was already answered, or the payment already has a receipt. */
  ALREADY_PAID("This payment request has already been paid."),
  /** Wallet only: a receipt, refund or refresh names a payment the wallet has no bill for. */
  UNKNOWN_PAYMENT("This refers to a payment this device has no record of."),
  /** Wallet only: a one-scan payment's refund is checked against its receipt, not yet scanned. */
  RECEIPT_NEEDED("The payment's receipt is needed first."),
  /** Wallet only: a receipt or refund differs from the one already kept for the payment. */
  CONFLICTING_NOTE("This differs from the note already kept for this payment."),
  /** Wallet only: refreshing a one-scan code would now sign a different charge (new FX rate). */
  FX_RATE_CHANGED("The exchange rate changed since this code was made. Make a new code.");

  private final String message;

  Reason(String message) {
    this.message = message;
  }

  /** A short sentence for the crew or the passenger. */
  public String message() {
    return message;
  }
}
