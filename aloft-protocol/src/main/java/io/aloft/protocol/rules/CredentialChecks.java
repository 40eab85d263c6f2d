package io.aloft.protocol.rules;

import static io.aloft.protocol.rules.Refusal.refuseIf;

import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.protocol.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Leaf checks shared by the payment, request and note rules. Pure; each throws a Refusal. */
final class CredentialChecks {
  private CredentialChecks() {}

  /** The credential an authorization pays under: embedded (issuer-verified) or from the manifest. */
  static OfflineCredential resolve(PaymentAuthorization authorization, TrustBundle bundle) throws Refusal {
    if (authorization.embeddedCredential().isPresent()) {
      OfflineCredential credential = authorization.embeddedCredential().get();
      checkIssuerSignature(credential, bundle);
      return credential;
    }
    return bundle.manifestEntry(authorization.serial()).orElseThrow(() -> new Refusal(
        Reason.UNKNOWN_CREDENTIAL, "serial " + authorization.serial() + " is not in the manifest"));
  }

  static void checkIssuerSignature(OfflineCredential credential, TrustBundle bundle) throws Refusal {
    IssuerKey key = bundle.issuerKey(credential.issuerKeyId()).orElseThrow(() -> new Refusal(
        Reason.UNKNOWN_ISSUER_KEY, "issuer key " + credential.issuerKeyId() + " is not in the bundle"));
    refuseIf(!Signatures.verify(key.key(), credential.signingInput(), credential.signature()),
        Reason.BAD_SIGNATURE, () -> "credential " + credential.serial() + " has a bad issuer signature");
  }

  static void checkStanding(OfflineCredential credential, TrustBundle bundle, Instant at) throws Refusal {
    CredentialSerial serial = credential.serial();
    refuseIf(bundle.isRevoked(serial), Reason.CREDENTIAL_REVOKED, () -> "credential " + serial + " is revoked");
    refuseIf(credential.flightId() != bundle.flightId(), Reason.WRONG_FLIGHT,
        () -> "credential is for flight " + credential.flightId() + ", bundle for " + bundle.flightId());
    checkValidity(credential, at);
  }

  /** Inside [validFrom, validUntil): one reason for too early, another for too late. */
  static void checkValidity(OfflineCredential credential, Instant at) throws Refusal {
    refuseIf(at.isBefore(credential.validFrom()), Reason.CREDENTIAL_NOT_YET_VALID,
        () -> "credential valid from " + credential.validFrom() + ", time is " + at);
    refuseIf(!at.isBefore(credential.validUntil()), Reason.CREDENTIAL_EXPIRED,
        () -> "credential expired at " + credential.validUntil() + ", time is " + at);
  }

  static TerminalCertificate terminal(TrustBundle bundle, long terminalId, Instant now) throws Refusal {
    TerminalCertificate certificate = bundle.terminal(terminalId).orElseThrow(
        () -> new Refusal(Reason.UNKNOWN_TERMINAL, "terminal " + terminalId + " is not in the bundle"));
    refuseIf(bundle.isTerminalRevoked(terminalId), Reason.TERMINAL_REVOKED,
        () -> "terminal " + terminalId + " is revoked");
    refuseIf(!certificate.isValidAt(now), Reason.TERMINAL_CERTIFICATE_INVALID,
        () -> "terminal " + terminalId + " certificate not valid at " + now);
    return certificate;
  }

  static void checkBundleFresh(TrustBundle bundle, Instant now, AcceptancePolicy policy) throws Refusal {
    Instant hardStop = bundle.expiresAt().plus(policy.bundleExpiryGrace());
    refuseIf(!now.isBefore(hardStop), Reason.BUNDLE_EXPIRED,
        () -> "bundle " + bundle.bundleVersion() + " expired at " + bundle.expiresAt()
            + " (grace " + policy.bundleExpiryGrace() + "), now " + now);
  }

  /**
   * A one-scan code is good for the bundle's window after it was made, so a screenshot of it
   * soon becomes worthless. It may be dated ahead of {@code now} by the clock skew, but never by
   * more than the window: a code cannot be made to live longer by dating it in the future.
   */
  static void checkOneScanAge(Instant codeTime, Instant now, OneScanPolicy oneScan, Duration maxSkew)
      throws Refusal {
    Duration age = Duration.between(codeTime, now);
    refuseIf(age.compareTo(oneScan.window()) > 0, Reason.ONE_SCAN_CODE_STALE,
        () -> "code made at " + codeTime + " is " + age.getSeconds() + " s old at " + now
            + " (window " + oneScan.window().getSeconds() + " s)");
    Duration ahead = maxSkew.compareTo(oneScan.window()) < 0 ? maxSkew : oneScan.window();
    refuseIf(age.negated().compareTo(ahead) > 0, Reason.CLOCK_OUT_OF_WINDOW,
        () -> "code time " + codeTime + " is " + age.negated().getSeconds() + " s ahead of " + now
            + " (allowed " + ahead.getSeconds() + " s)");
  }

  /** The bundle's largest one-scan amount for the credential's currency, if it sets one. */
  static void checkOneScanMax(OfflineCredential credential, Money signedCharge, TrustBundle bundle) throws Refusal {
    Optional<Money> max = bundle.oneScanPolicy().maxAmount(credential.currency());
    refuseIf(max.isPresent() && signedCharge.isGreaterThan(max.get()), Reason.ONE_SCAN_OVER_MAX,
        () -> "one-scan amount " + signedCharge + " is above the flight's " + max.get());
  }

  static void checkClock(Instant codeTime, Instant now, Duration maxSkew) throws Refusal {
    Duration skew = Duration.between(codeTime, now).abs();
    refuseIf(skew.compareTo(maxSkew) > 0, Reason.CLOCK_OUT_OF_WINDOW,
        () -> "code time " + codeTime + " is " + skew + " from " + now + " (allowed " + maxSkew + ")");
  }

  /**
   * {@code amount} in the credential's currency, converted at the bundle's snapshot if needed:
   * rounded up and at least one minor unit ({@link FxRate#chargeFor}), against the payer.
   */
  static Money inCredentialCurrency(Money amount, OfflineCredential credential, TrustBundle bundle) throws Refusal {
    CurrencyUnit target = credential.currency();
    if (amount.currency().equals(target)) {
      return amount;
    }
    FxRate rate = bundle.fxRate(amount.currency(), target).orElseThrow(() -> new Refusal(
        Reason.CURRENCY_NOT_COVERED, "no FX rate from " + amount.currency() + " to " + target));
    try {
      return rate.chargeFor(amount);
    } catch (ArithmeticException e) {
      throw new Refusal(Reason.OVER_PAYMENT_LIMIT, "converted amount overflows");
    }
  }

  static void checkLimits(OfflineCredential credential, Money signedCharge, long cumulativeMinor) throws Refusal {
    refuseIf(signedCharge.amountMinor() > credential.perPaymentLimitMinor(), Reason.OVER_PAYMENT_LIMIT,
        () -> signedCharge + " is above the per-payment limit " + credential.perPaymentLimit());
    refuseIf(cumulativeMinor > credential.totalLimitMinor(), Reason.OVER_TOTAL_LIMIT,
        () -> "cumulative " + cumulativeMinor + " is above the total limit " + credential.totalLimit());
    refuseIf(cumulativeMinor < signedCharge.amountMinor(), Reason.INCONSISTENT_CUMULATIVE,
        () -> "cumulative " + cumulativeMinor + " is below this payment's " + signedCharge);
  }
}
