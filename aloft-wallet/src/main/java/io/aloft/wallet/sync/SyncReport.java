package io.aloft.wallet.sync;

import io.aloft.protocol.message.OfflineCredential;
import java.util.Optional;

/**
 * What one sync did.
 *
 * @param uploaded pending bills sent to the issuer
 * @param updated bills whose state or detail changed
 * @param ignored outcomes that would have moved a bill backward (kept as they were)
 * @param complete false when the sync stopped at its batch bound with bills still unsent
 * @param renewedCredential a fresh credential the issuer sent, not yet installed
 */
public record SyncReport(int uploaded, int updated, int ignored, boolean complete,
    Optional<OfflineCredential> renewedCredential) {}
