package io.aloft.protocol.rules;

import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.money.Money;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A payment as a terminal sees it: the authorization scanned, the request it answers (handshake
 * only), and for a cap code the amount the terminal wants to charge (otherwise the signed amount).
 *
 * @param requestAuthenticatedBy the terminal whose signature over an enclosing message already
 *     covers the request's bytes: the issuer settling a terminal batch it verified under that
 *     terminal's registered key. The rules then skip re-verifying the request's own signature, by
 *     the same terminal, but only when the request names exactly this terminal; any other request
 *     is verified as usual. Empty everywhere else (terminals, wallets, wallet uploads).
 */
public record Presentation(PaymentAuthorization authorization, Optional<PaymentRequest> request,
    Optional<Money> charge, OptionalLong requestAuthenticatedBy) {
  public Presentation {
    if (authorization == null || request == null || charge == null || requestAuthenticatedBy == null) {
      throw new IllegalArgumentException("presentation fields must not be null (use Optional.empty())");
    }
  }

  /** A presentation whose request, if any, must carry a valid signature of its own. */
  public Presentation(PaymentAuthorization authorization, Optional<PaymentRequest> request, Optional<Money> charge) {
    this(authorization, request, charge, OptionalLong.empty());
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

  /**
   * This presentation, arrived inside a message that {@code terminalId} signed and the caller
   * verified (a terminal batch). Only the issuer's settlement of such a batch may say so.
   */
  public Presentation withRequestAuthenticatedBy(long terminalId) {
    return new Presentation(authorization, request, charge, OptionalLong.of(terminalId));
  }

  /** True when the request names the terminal whose enclosing signature was verified. */
  boolean requestAlreadyAuthenticated(PaymentRequest request) {
    return requestAuthenticatedBy.isPresent() && requestAuthenticatedBy.getAsLong() == request.terminalId();
  }
}
