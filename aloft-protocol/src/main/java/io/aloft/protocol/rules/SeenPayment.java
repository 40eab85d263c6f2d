package io.aloft.protocol.rules;

/**
 * What a verifier remembers of one payment of a credential: its counter, the cumulative spend it
 * signed, and its signed charge, both in the credential's currency (minor units).
 */
public record SeenPayment(long counter, long cumulativeMinor, long signedChargeMinor) {
  public SeenPayment {
    if (counter < 1 || signedChargeMinor < 1 || cumulativeMinor < signedChargeMinor) {
      throw new IllegalArgumentException(
          "seen payment needs counter ≥ 1 and cumulative ≥ charge ≥ 1: " + counter + ", "
              + cumulativeMinor + ", " + signedChargeMinor);
    }
  }

  /** The cumulative spend before this payment, as the payer signed it. */
  public long cumulativeBeforeMinor() {
    return cumulativeMinor - signedChargeMinor;
  }
}
