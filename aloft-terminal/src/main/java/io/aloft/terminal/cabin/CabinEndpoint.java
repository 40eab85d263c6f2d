package io.aloft.terminal.cabin;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.rules.Verdict;
import java.util.Optional;

/**
 * What a cabin transport needs of its terminal; {@link io.aloft.terminal.Terminal} is one. Every
 * call is safe from any thread.
 */
public interface CabinEndpoint {
  long terminalId();

  /** The flight of the installed bundle; empty without one (the terminal then takes no part). */
  Optional<Long> flightId();

  /** This terminal's signed answer to a peer's challenge; empty without a bundle. */
  Optional<CabinHello> answerCabinChallenge(long peerTerminalId, Bytes challenge);

  /** Whether a peer's answer to this terminal's {@code challenge} authenticates it. */
  Verdict<TerminalCertificate> checkCabinHello(CabinHello hello, Bytes challenge);

  /** Checks and merges a digest an authenticated peer sent. */
  Verdict<CabinDigest> receiveCabinDigest(byte[] encoded);

  /** This terminal's own digest to send; empty without a bundle. */
  Optional<CabinDigest> cabinDigest();

  /** The journal head's sequence: when it moves, there is a new sale to tell the cabin about. */
  long journalSequence();

  /** Records that an authenticated peer was heard now. */
  void notePeerHeard(long peerTerminalId, String address);
}
