package io.aloft.wallet.bills;

import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One payment as the passenger keeps it: the authorization exactly as it left the wallet, what it
 * answered, who was paid, and what happened to it since. Its constructor checks every invariant,
 * so a bill is checked right before it is written and right after it is read back.
 *
 * @param authorization signed, compact or self-contained as shown
 * @param request the payment request answered, for handshakes only
 * @param merchantName from the terminal's certificate, for handshakes only
 * @param amount in the payment currency; the cap for cap codes
 * @param signedCharge {@code amount} in the credential's currency, as counted in cumulative spend
 * @param issuedAt when the wallet signed it
 * @param receipt the terminal's receipt, once scanned
 * @param refunds refund notes scanned, in the order scanned
 * @param settledCharge what the issuer charged, once it says so
 * @param outcomeDetail the issuer's last word on it, for the passenger's detail view
 */
public record Bill(
    PaymentAuthorization authorization,
    Optional<PaymentRequest> request,
    Optional<String> merchantName,
    Money amount,
    Money signedCharge,
    Instant issuedAt,
    BillState state,
    Optional<Receipt> receipt,
    List<RefundNote> refunds,
    Optional<Money> settledCharge,
    Optional<String> outcomeDetail) {

  public Bill {
    if (authorization == null || request == null || merchantName == null || amount == null || signedCharge == null
        || issuedAt == null || state == null || receipt == null || refunds == null || settledCharge == null
        || outcomeDetail == null) {
      throw new IllegalArgumentException("bill fields must not be null (use Optional.empty())");
    }
    refunds = List.copyOf(refunds);
    checkAuthorization(authorization, request, amount, signedCharge);
    checkNotes(authorization.paymentId(), receipt, refunds);
  }

  /** A bill for an authorization that is about to leave the wallet. */
  public static Bill issued(PaymentAuthorization authorization, Optional<PaymentRequest> request,
      Optional<String> merchantName, Money amount, Money signedCharge, Instant issuedAt) {
    return new Bill(authorization, request, merchantName, amount, signedCharge, issuedAt, BillState.PENDING,
        Optional.empty(), List.of(), Optional.empty(), Optional.empty());
  }

  private static void checkAuthorization(PaymentAuthorization authorization, Optional<PaymentRequest> request,
      Money amount, Money signedCharge) {
    if (authorization.signature().isEmpty()) {
      throw new IllegalArgumentException("a bill keeps a signed authorization");
    }
    boolean handshake = authorization.kind() == AuthorizationKind.HANDSHAKE;
    if (handshake != request.isPresent()) {
      throw new IllegalArgumentException("a handshake bill, and only one, keeps its request");
    }
    if (request.isPresent() && (!request.get().nonce().equals(authorization.requestNonce())
        || !request.get().amount().equals(amount))) {
      throw new IllegalArgumentException("the request kept is not the one the authorization answers");
    }
    if (amount.amountMinor() != authorization.amountMinor()) {
      throw new IllegalArgumentException(
          "bill amount " + amount + " differs from the signed " + authorization.amountMinor());
    }
    if (signedCharge.amountMinor() < 1 || signedCharge.amountMinor() > authorization.cumulativeMinor()) {
      throw new IllegalArgumentException(
          "signed charge " + signedCharge + " outside 1.." + authorization.cumulativeMinor());
    }
  }

  private static void checkNotes(PaymentId id, Optional<Receipt> receipt, List<RefundNote> refunds) {
    if (receipt.isPresent() && !receipt.get().paymentId().equals(id)) {
      throw new IllegalArgumentException("receipt " + receipt.get().paymentId() + " is not for bill " + id);
    }
    Set<Long> sequences = new HashSet<>();
    for (RefundNote note : refunds) {
      if (!note.paymentId().equals(id) || !sequences.add(note.refundSequence())) {
        throw new IllegalArgumentException("refund " + note.paymentId() + "#" + note.refundSequence()
            + " is for another bill or repeats a sequence");
      }
    }
  }

  public PaymentId paymentId() {
    return authorization.paymentId();
  }

  public AuthorizationKind kind() {
    return authorization.kind();
  }

  /**
   * What the payment costs in the payment currency, as far as the wallet knows: the issuer's
   * figure once settled, else the receipt's, else the signed amount. Empty for a cap code with
   * neither, since the terminal may charge less than the cap.
   */
  public Optional<Money> charged() {
    if (settledCharge.isPresent()) {
      return settledCharge;
    }
    if (receipt.isPresent()) {
      return Optional.of(receipt.get().charged());
    }
    return kind() == AuthorizationKind.ONE_SCAN_CAP ? Optional.empty() : Optional.of(amount);
  }

  /**
   * Why the issuer rejected this bill, for a {@link BillState#REJECTED} bill whose detail is a
   * protocol reason's message (the wallet keeps the issuer's sentence, and for a rejection that is
   * {@link Reason#message()}). Apps switch on it to explain in the passenger's language, e.g.
   * {@link Reason#NO_MERCHANT_RECORD}: no terminal sent the payment within the settlement window,
   * and it is not charged. Empty for a detail of another wording.
   */
  public Optional<Reason> rejection() {
    if (state != BillState.REJECTED || !outcomeDetail.isPresent()) {
      return Optional.empty();
    }
    for (Reason reason : Reason.values()) {
      if (reason.message().equals(outcomeDetail.get())) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  /** The sum of the refund notes, in the payment currency. */
  public Money refunded() {
    Money total = Money.zero(amount.currency());
    for (RefundNote note : refunds) {
      total = total.plus(note.amount());
    }
    return total;
  }

  public Bill withState(BillState newState, Optional<Money> newSettledCharge, Optional<String> detail) {
    return new Bill(authorization, request, merchantName, amount, signedCharge, issuedAt, newState, receipt,
        refunds, newSettledCharge, detail);
  }

  Bill withReceipt(Receipt newReceipt) {
    return new Bill(authorization, request, merchantName, amount, signedCharge, issuedAt, state,
        Optional.of(newReceipt), refunds, settledCharge, outcomeDetail);
  }

  Bill withRefund(RefundNote note, BillState newState) {
    List<RefundNote> more = new java.util.ArrayList<>(refunds);
    more.add(note);
    return new Bill(authorization, request, merchantName, amount, signedCharge, issuedAt, newState, receipt, more,
        settledCharge, outcomeDetail);
  }
}
