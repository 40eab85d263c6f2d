package io.aloft.server.http;

import io.aloft.protocol.crypto.VerificationKey;
import java.util.Optional;

/** The certified keys of terminals that are not revoked, by id: what a signed request is checked against. */
@FunctionalInterface
public interface TerminalKeys {
  /** An active terminal's airline and key. */
  record Active(long terminalId, long airlineId, VerificationKey key) {}

  /** Empty when no terminal has this id or it is revoked. */
  Optional<Active> active(long terminalId);
}
