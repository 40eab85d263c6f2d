package io.aloft.protocol.rules;

import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.money.Money;

/**
 * A payment that passed the rules, with everything derived along the way.
 *
 * @param charged what the merchant takes, in the payment currency (≤ the signed amount for caps)
 * @param signedCharge the signed amount converted to the credential's currency
 * @param chargedInCredentialCurrency {@code charged} converted to the credential's currency
 */
public record AcceptedPayment(
    PaymentAuthorization authorization,
    OfflineCredential credential,
    TerminalCertificate terminal,
    Money charged,
    Money signedCharge,
    Money chargedInCredentialCurrency,
    Money cumulative) {

  public PaymentId paymentId() {
    return authorization.paymentId();
  }

  /** What the verifier should remember of this payment. */
  public SeenPayment asSeen() {
    return new SeenPayment(authorization.counter(), cumulative.amountMinor(), signedCharge.amountMinor());
  }
}
