package io.aloft.protocol.rules;

import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.money.Money;
import java.util.Optional;

/**
 * A payment as a terminal sees it: the authorization scanned, the request it answers (handshake
 * only), and for a cap code the amount the terminal wants to charge (otherwise the signed amount).
 */
public record Presentation(
    PaymentAuthorization authorization, Optional<PaymentRequest> request, Optional<Money> charge) {
  public Presentation {
    if (authorization == null || request == null || charge == null) {
      throw new IllegalArgumentException("presentation fields must not be null (use Optional.empty())");
    }
  }

  public static Presentation handshake(PaymentAuthorization authorization, PaymentRequest request) {
    return new Presentation(authorization, Optional.of(request), Optional.empty());
  }

  public static Presentation oneScan(PaymentAuthorization authorization) {
    return new Presentation(authorization, Optional.empty(), Optional.empty());
  }

  public static Presentation cap(PaymentAuthorization authorization, Money charge) {
    return new Presentation(authorization, Optional.empty(), Optional.of(charge));
  }
}
