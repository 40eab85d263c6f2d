package io.aloft.server.settlement;

import io.aloft.protocol.message.OfflineCredential;

/** A credential as the issuer stored it: whose it is, for which flight of which airline. */
public record StoredCredential(OfflineCredential credential, long accountId, long flightId, long airlineId,
    boolean revoked) {}
