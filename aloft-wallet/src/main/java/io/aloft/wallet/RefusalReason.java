package io.aloft.wallet;

import io.aloft.protocol.rules.Reason;

/**
 * A refusal in the passenger's words. The wallet refuses as the terminal does, with a rejected
 * {@link io.aloft.protocol.rules.Verdict} carrying a protocol {@link Reason}; that reason is
 * written for whoever checks a code (often the crew), and {@link #of(Reason)} maps it to the
 * passenger's view. Stable: apps may switch on these to offer an action (reconnect, rescan,
 * unlock).
 */
public enum RefusalReason {
  NOT_ENROLLED("You are not signed up for offline payment on this flight. Sign up while you are online."),
  UNREADABLE("This code could not be read. Ask the crew to show it again."),
  NOT_A_PAYMENT_REQUEST("This is not a payment request. Scan the code on the crew's device."),
  NOT_GENUINE("This code is not genuine. Do not pay it, and tell the crew."),
  UNKNOWN_TERMINAL("This payment terminal is not known for your flight. Do not pay it."),
  TERMINAL_WITHDRAWN("This payment terminal has been withdrawn. Do not pay it."),
  OTHER_FLIGHT("This is for another flight than the one you signed up for."),
  CURRENCY_NOT_COVERED("Your offline payment cannot pay in this currency."),
  OVER_PAYMENT_LIMIT("This is more than you can pay in one offline payment."),
  BEYOND_ALLOWANCE("This is more than what is left of your offline allowance."),
  CREDENTIAL_EXPIRED("Your offline payment has expired. Reconnect to renew it."),
  CREDENTIAL_NOT_YET_VALID("Your offline payment is not valid yet."),
  CREDENTIAL_WITHDRAWN("Your offline payment has been withdrawn. Reconnect to find out why."),
  CLOCK_WRONG("The time on your phone or on the terminal is wrong. Check your phone's clock."),
  TERMINAL_LIST_EXPIRED("Your list of the airline's terminals has expired. Reconnect to refresh it."),
  TERMINAL_LIST_OLDER("This list of terminals is older than the one you have."),
  UNTRUSTED_ISSUER("This was not issued by your payment provider."),
  ALREADY_PAID("You have already paid this request."),
  KEY_UNAVAILABLE("Your payment key is locked. Unlock it and try again."),
  WRONG_DEVICE_KEY("This offline payment was issued for another device."),
  UNKNOWN_PAYMENT("This is for a payment that is not in your bills."),
  NOT_FOR_THIS_PAYMENT("This is for a different payment."),
  OVER_REFUNDABLE("This refund is more than what is left of the payment."),
  RECEIPT_NEEDED("Scan the receipt for this payment first."),
  CONFLICTING_NOTE("This differs from what you already scanned for this payment. Keep both and tell the crew."),
  OTHER("This cannot be used here."),
  CODE_TOO_OLD("This code is too old to pay with. Show a fresh one."),
  ONE_SCAN_TOO_LARGE("This is more than a one-scan code can pay on this flight. Ask the crew for a payment request to scan.");

  private final String message;

  RefusalReason(String message) {
    this.message = message;
  }

  public String message() {
    return message;
  }

  /** The passenger's view of a rejected verdict; IllegalStateException on an accepted one. */
  public static RefusalReason of(io.aloft.protocol.rules.Verdict<?> rejected) {
    return of(rejected.reason());
  }

  /** The passenger's view of a protocol refusal. */
  public static RefusalReason of(Reason reason) {
    return switch (reason) {
      case MALFORMED -> UNREADABLE;
      case WRONG_KIND -> NOT_A_PAYMENT_REQUEST;
      case BAD_SIGNATURE, WRONG_MERCHANT, WRONG_TERMINAL, REQUEST_MISMATCH -> NOT_GENUINE;
      case UNKNOWN_ISSUER_KEY -> UNTRUSTED_ISSUER;
      case UNKNOWN_CREDENTIAL, REPLAYED_COUNTER, INCONSISTENT_CUMULATIVE, CHARGE_ABOVE_SIGNED -> OTHER;
      case CREDENTIAL_NOT_YET_VALID -> CREDENTIAL_NOT_YET_VALID;
      case CREDENTIAL_EXPIRED -> CREDENTIAL_EXPIRED;
      case CREDENTIAL_REVOKED -> CREDENTIAL_WITHDRAWN;
      case WRONG_FLIGHT -> OTHER_FLIGHT;
      case OVER_PAYMENT_LIMIT -> OVER_PAYMENT_LIMIT;
      case OVER_TOTAL_LIMIT -> BEYOND_ALLOWANCE;
      case CURRENCY_NOT_COVERED -> CURRENCY_NOT_COVERED;
      case CLOCK_OUT_OF_WINDOW -> CLOCK_WRONG;
      case UNKNOWN_TERMINAL -> UNKNOWN_TERMINAL;
      case TERMINAL_REVOKED, TERMINAL_CERTIFICATE_INVALID -> TERMINAL_WITHDRAWN;
      case BUNDLE_EXPIRED -> TERMINAL_LIST_EXPIRED;
      case BUNDLE_STALE -> TERMINAL_LIST_OLDER;
      case WRONG_PAYMENT -> NOT_FOR_THIS_PAYMENT;
      case OVER_REFUNDABLE -> OVER_REFUNDABLE;
      case STALE_BUNDLE, NO_MERCHANT_RECORD -> OTHER;
      case ONE_SCAN_CODE_STALE -> CODE_TOO_OLD;
      case ONE_SCAN_OVER_MAX -> ONE_SCAN_TOO_LARGE;
      case NOT_ENROLLED -> NOT_ENROLLED;
      case KEY_UNAVAILABLE -> KEY_UNAVAILABLE;
      case WRONG_DEVICE_KEY -> WRONG_DEVICE_KEY;
      case ALREADY_PAID -> ALREADY_PAID;
      case UNKNOWN_PAYMENT -> UNKNOWN_PAYMENT;
      case RECEIPT_NEEDED -> RECEIPT_NEEDED;
      case CONFLICTING_NOTE -> CONFLICTING_NOTE;
      case FX_RATE_CHANGED -> OTHER;
    };
  }
}
