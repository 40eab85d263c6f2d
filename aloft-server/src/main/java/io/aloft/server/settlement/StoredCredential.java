package io.aloft.server.settlement;

import io.aloft.protocol.message.OfflineCredential;
import java.time.Instant;
import java.util.Optional;

/**
 * A credential as the issuer stored it: whose it is, for which flight of which airline, when it
 * was revoked (if it was), and when its flight was scheduled to depart (what "fresh enough" is
 * measured from).
 */
public record StoredCredential(OfflineCredential credential, long accountId, long flightId, long airlineId,
    Optional<Instant> revokedAt, Instant departure) {}
