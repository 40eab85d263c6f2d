package io.aloft.wallet.issuer;

import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import java.util.List;
import java.util.Optional;

/**
 * One pending bill as the wallet uploads it: the authorization exactly as it left the wallet,
 * the request it answered (handshakes), and the terminal's notes the passenger scanned. The
 * issuer settles by payment id, so uploading the same bill again is harmless.
 */
public record BillUpload(PaymentAuthorization authorization, Optional<PaymentRequest> request,
    Optional<Receipt> receipt, List<RefundNote> refunds) {
  public BillUpload {
    if (authorization == null || request == null || receipt == null || refunds == null) {
      throw new IllegalArgumentException("upload fields must not be null");
    }
    refunds = List.copyOf(refunds);
  }
}
