package io.aloft.wallet.pay;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.Quote;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.SpendRules;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import io.aloft.wallet.enrolment.Enrolment;
import io.aloft.wallet.keys.KeyProvider;
import io.aloft.wallet.keys.KeyUnavailableException;
import io.aloft.wallet.store.SpendState;
import io.aloft.wallet.store.WalletStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Making payment codes. Every code passes the protocol's {@link SpendRules} first, against the
 * spend state as committed; then it is signed; then its bill and the new counter and cumulative
 * spend are committed in one transaction; only then is its text returned. A crash before the
 * commit leaves nothing behind (the signed bytes never left); a crash after it leaves a pending
 * bill for a code that may or may not have been shown. No counter is ever signed twice.
 *
 * <p>Not thread-safe; the {@code Wallet} facade serializes calls.
 */
public final class Payments {
  private final WalletStore store;
  private final KeyProvider keys;
  private final Clock clock;
  private final AcceptancePolicy policy;
  private long newestTerminalBundleSeen;

  public Payments(WalletStore store, KeyProvider keys, Clock clock, AcceptancePolicy policy) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
    this.policy = policy;
  }

  /** Decodes and checks a scanned payment request; nothing is signed or stored. */
  public Verdict<HandshakeOffer> offer(String scannedText, Enrolment enrolment) {
    return decodeRequest(scannedText).flatMap(
        request -> offer(request, enrolment, now(), store.spendState(enrolment.credential().serial())));
  }

  /** Signs the offer's request, if it still passes the rules now, and commits it as a bill. */
  public Verdict<IssuedCode> confirm(HandshakeOffer offer, Enrolment enrolment, CodeForm form) {
    Instant now = now();
    SpendState before = store.spendState(enrolment.credential().serial());
    Verdict<HandshakeOffer> checked = offer(offer.request(), enrolment, now, before);
    if (!checked.isAccepted()) {
      return checked.rejection();
    }
    HandshakeOffer fresh = checked.value();
    PaymentRequest request = fresh.request();
    boolean terminalKnowsUs = request.bundleVersion() >= enrolment.bundle().bundleVersion();
    PaymentAuthorization unsigned = authorization(AuthorizationKind.HANDSHAKE, enrolment,
        selfContained(form, enrolment, terminalKnowsUs), fresh.quote(), now, request.nonce(), before);
    return issue(unsigned, Optional.of(request), Optional.of(fresh.merchantName()), fresh.quote(), enrolment, now,
        before);
  }

  /**
   * A one-scan code for {@code amount} (the passenger entered it), or for a cap the terminal may
   * charge up to when {@code cap} is true. The whole cap counts against the allowance.
   */
  public Verdict<IssuedCode> oneScan(Money amount, boolean cap, CodeForm form, Enrolment enrolment) {
    Instant now = now();
    OfflineCredential credential = enrolment.credential();
    SpendState before = store.spendState(credential.serial());
    Verdict<Quote> checked =
        SpendRules.checkSpend(credential, enrolment.bundle(), amount, before.cumulativeMinor(), now);
    if (!checked.isAccepted()) {
      return checked.rejection();
    }
    Quote quote = checked.value();
    boolean terminalKnowsUs = newestTerminalBundleSeen >= enrolment.bundle().bundleVersion();
    PaymentAuthorization unsigned = authorization(
        cap ? AuthorizationKind.ONE_SCAN_CAP : AuthorizationKind.ONE_SCAN_EXACT, enrolment,
        selfContained(form, enrolment, terminalKnowsUs), quote, now, Bytes.empty(), before);
    return issue(unsigned, Optional.empty(), Optional.empty(), quote, enrolment, now, before);
  }

  /**
   * The code to show now for a pending one-scan payment whose receipt was not scanned: the current
   * code while it is within the flight's one-scan window, else the same payment signed again at
   * the current time.
   *
   * <p>A refreshed code keeps the payment's counter, amount and cumulative spend, and changes only
   * its time: refreshing spends no counter and no allowance, however long the passenger waits at
   * the cart. It is signed only once the code it replaces is past the window, when no terminal
   * takes that one any more, so at any moment at most one code of the counter is good (up to the
   * second or two by which two corrected clocks may differ). The limit, stated plainly: a wallet
   * cannot know offline whether its code was scanned. If the older code was taken before it went
   * stale and the refreshed one is then shown and taken as well, the issuer holds two different
   * authorizations under one counter, which is a double spend. An app stops refreshing once the
   * payment's receipt is scanned or the crew says it is paid.
   */
  public Verdict<IssuedCode> refresh(PaymentId id, Enrolment enrolment) {
    Optional<Bill> stored = store.bill(id);
    if (!stored.isPresent()) {
      return Verdict.reject(Reason.UNKNOWN_PAYMENT, "no bill " + id);
    }
    Bill bill = stored.get();
    PaymentAuthorization current = bill.authorization();
    OfflineCredential credential = enrolment.credential();
    if (!current.kind().isOneScan() || !credential.serial().equals(id.serial())) {
      return Verdict.reject(Reason.WRONG_PAYMENT, id + " is not a one-scan payment of the active credential");
    }
    if (bill.state() != BillState.PENDING || bill.receipt().isPresent()) {
      return Verdict.reject(Reason.ALREADY_PAID, id + " is " + bill.state()
          + (bill.receipt().isPresent() ? " with a receipt" : ""));
    }
    Instant now = now();
    if (Duration.between(current.time(), now).compareTo(enrolment.bundle().oneScanPolicy().window()) <= 0) {
      return Verdict.accept(new IssuedCode(current.toQrText(), bill));
    }
    long before = current.cumulativeMinor() - bill.signedCharge().amountMinor();
    Verdict<Quote> quote = SpendRules.checkSpend(credential, enrolment.bundle(), bill.amount(), before, now);
    if (!quote.isAccepted()) {
      return quote.rejection();
    }
    if (!quote.value().signedCharge().equals(bill.signedCharge())) {
      return Verdict.reject(Reason.FX_RATE_CHANGED, "the bundle now converts " + bill.amount() + " to "
          + quote.value().signedCharge() + ", not the " + bill.signedCharge() + " signed: make a new code");
    }
    return sign(new PaymentAuthorization(current.kind(), current.serial(),
        current.embeddedCredential(), current.counter(), current.cumulativeMinor(), current.amountMinor(),
        current.explicitCurrency(), now, Bytes.empty(), Bytes.empty()), Optional.empty(), credential)
        .map(signed -> recordRefreshed(bill, signed, now));
  }

  private IssuedCode recordRefreshed(Bill bill, PaymentAuthorization signed, Instant now) {
    Bill refreshed = new Bill(signed, bill.request(), bill.merchantName(), bill.amount(), bill.signedCharge(), now,
        bill.state(), bill.receipt(), bill.refunds(), bill.settledCharge(), bill.outcomeDetail());
    store.recordRefreshed(refreshed);
    return new IssuedCode(signed.toQrText(), refreshed);
  }

  private Verdict<HandshakeOffer> offer(PaymentRequest request, Enrolment enrolment, Instant now, SpendState state) {
    OfflineCredential credential = enrolment.credential();
    Verdict<Quote> checked = SpendRules.checkRequest(
        request, enrolment.bundle(), credential, state.cumulativeMinor(), now, policy);
    if (!checked.isAccepted()) {
      return checked.rejection();
    }
    Quote quote = checked.value();
    newestTerminalBundleSeen = Math.max(newestTerminalBundleSeen, request.bundleVersion());
    if (store.billForRequest(Bytes.of(request.digest())).isPresent()) {
      return Verdict.reject(Reason.ALREADY_PAID, "request " + request.nonce() + " was already answered");
    }
    Money remaining = credential.totalLimit().minus(quote.cumulativeAfter());
    return Verdict.accept(new HandshakeOffer(request, quote, remaining));
  }

  private static Verdict<PaymentRequest> decodeRequest(String text) {
    try {
      return Verdict.accept(PaymentRequest.decode(QrText.decode(text)));
    } catch (DecodeException e) {
      Reason reason = e.failure() == DecodeFailure.UNKNOWN_TYPE ? Reason.WRONG_KIND : Reason.MALFORMED;
      return Verdict.reject(reason, e.getMessage());
    }
  }

  private static boolean selfContained(CodeForm form, Enrolment enrolment, boolean terminalKnowsUs) {
    return switch (form) {
      case COMPACT -> false;
      case SELF_CONTAINED -> true;
      case AUTO -> !(terminalKnowsUs && enrolment.listedInManifest());
    };
  }

  private PaymentAuthorization authorization(AuthorizationKind kind, Enrolment enrolment, boolean selfContained,
      Quote quote, Instant now, Bytes requestNonce, SpendState before) {
    OfflineCredential credential = enrolment.credential();
    CurrencyUnit currency = quote.amount().currency();
    return new PaymentAuthorization(kind, credential.serial(),
        selfContained ? Optional.of(credential) : Optional.empty(), before.nextCounter(),
        quote.cumulativeAfter().amountMinor(), quote.amount().amountMinor(),
        currency.equals(credential.currency()) ? Optional.empty() : Optional.of(currency), now, requestNonce,
        Bytes.empty());
  }

  private Verdict<IssuedCode> issue(PaymentAuthorization unsigned, Optional<PaymentRequest> request,
      Optional<String> merchantName, Quote quote, Enrolment enrolment, Instant now, SpendState before) {
    OfflineCredential credential = enrolment.credential();
    checkWithinLimits(unsigned, quote, credential, before);
    return sign(unsigned, request, credential).map(signed -> {
      Bill bill = Bill.issued(signed, request, merchantName, quote.amount(), quote.signedCharge(), now);
      store.recordIssued(bill, before);
      return new IssuedCode(signed.toQrText(), bill);
    });
  }

  /**
   * The rules already refused anything beyond the limits; this is the wallet's own invariant,
   * checked right before signing, so that no bug between the rules and the signer can sign past
   * them.
   */
  private static void checkWithinLimits(PaymentAuthorization unsigned, Quote quote, OfflineCredential credential,
      SpendState before) {
    long charge = quote.signedCharge().amountMinor();
    if (!quote.signedCharge().currency().equals(credential.currency()) || charge < 1
        || charge > credential.perPaymentLimitMinor()
        || unsigned.cumulativeMinor() > credential.totalLimitMinor()
        || unsigned.cumulativeMinor() != Math.addExact(before.cumulativeMinor(), charge)
        || unsigned.counter() != before.nextCounter()) {
      throw new IllegalStateException("about to sign " + unsigned + " for " + quote.signedCharge() + " after "
          + before + ", outside " + credential.perPaymentLimit() + " / " + credential.totalLimit());
    }
  }

  private Verdict<PaymentAuthorization> sign(PaymentAuthorization unsigned, Optional<PaymentRequest> request,
      OfflineCredential credential) {
    Signer signer;
    try {
      signer = keys.signer(credential.deviceKey());
    } catch (KeyUnavailableException e) {
      return Verdict.reject(Reason.KEY_UNAVAILABLE, e.getMessage());
    }
    if (!signer.publicKey().equals(credential.deviceKey())) {
      return Verdict.reject(Reason.WRONG_DEVICE_KEY,
          "credential names " + credential.deviceKey() + ", key provider holds " + signer.publicKey());
    }
    try {
      return Verdict.accept(unsigned.signedBy(signer, request));
    } catch (RuntimeException e) {
      // A hardware key store can fail at any moment (user cancelled, key invalidated): fail closed.
      return Verdict.reject(Reason.KEY_UNAVAILABLE, "signing failed: " + e);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
