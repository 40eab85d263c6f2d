package io.aloft.server.airline;

import io.aloft.protocol.Bytes;
import java.time.Instant;
import java.util.Optional;

/** A crew handheld registered to an airline, with the certificate the issuer signed for it. */
public record Terminal(long id, Instant createdAt, long airlineId, Bytes publicKey, String displayName,
    Bytes certificate, Optional<Instant> revokedAt) {}
