package io.aloft.wallet.pay;

import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Quote;
import java.util.List;

/**
 * A checked payment request, for the passenger to confirm: who is asking (from the terminal's
 * issuer-signed certificate, not from the request), how much, for what, and what it leaves.
 * Nothing is signed or stored until it is confirmed.
 */
public record HandshakeOffer(PaymentRequest request, Quote quote, Money remainingAfter) {
  public HandshakeOffer {
    if (request == null || quote == null || !quote.terminal().isPresent() || remainingAfter == null) {
      throw new IllegalArgumentException("an offer has a request, a quote naming its terminal, and what remains");
    }
  }

  public TerminalCertificate terminal() {
    return quote.terminal().get();
  }

  /** The merchant's name as the issuer certified it. */
  public String merchantName() {
    return terminal().displayName();
  }

  /** In the request's currency. */
  public Money amount() {
    return request.amount();
  }

  /** The amount in the credential's currency (differs from {@link #amount()} when converted). */
  public Money signedCharge() {
    return quote.signedCharge();
  }

  /** Empty when the terminal chose not to send them (its digest still binds them). */
  public List<LineItem> lineItems() {
    return request.items();
  }
}
