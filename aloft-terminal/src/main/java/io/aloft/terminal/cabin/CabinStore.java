package io.aloft.terminal.cabin;

import io.aloft.protocol.Bytes;
import java.time.Instant;
import java.util.List;

/**
 * Where a terminal keeps the cabin digests it received and when it last heard each peer. Writes
 * return only once durably committed (as the journal's do); a digest read back is verified again
 * before it is merged.
 */
public interface CabinStore {
  /**
   * Keeps {@code encoded} (a verified digest of {@code originTerminalId}) and forgets the digests
   * {@code supersededIds}, in one durable write.
   */
  void saveDigest(long originTerminalId, Bytes encoded, Instant receivedAt, List<Long> supersededIds);

  /** Up to {@code limit} kept digests with an id above {@code afterId}, in the order received. */
  List<StoredDigest> digestsAfter(long afterId, int limit);

  /** Records that {@code peerTerminalId}, at {@code address}, was heard at {@code at}. */
  void notePeerHeard(long peerTerminalId, String address, Instant at);

  /** Every peer ever heard, by terminal id. */
  List<PeerHeard> peersHeard();

  record StoredDigest(long id, long originTerminalId, Bytes encoded, Instant receivedAt) {}

  record PeerHeard(long terminalId, String address, Instant lastHeard) {}
}
