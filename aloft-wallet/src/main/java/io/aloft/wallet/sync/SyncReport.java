package io.aloft.wallet.sync;

/**
 * What one sync did.
 *
 * @param uploaded pending bills sent to the issuer
 * @param updated bills whose state or detail changed
 * @param ignored outcomes that would have moved a bill backward (kept as they were)
 * @param complete false when the sync stopped at its batch bound with bills still unsent
 */
public record SyncReport(int uploaded, int updated, int ignored, boolean complete) {}
