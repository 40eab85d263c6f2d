package io.aloft.terminal.cabin;

import java.util.Set;

/**
 * How a terminal reaches the other terminals of its flight on the cabin network. The reference
 * implementation is {@link TcpCabinTransport}; a simulation or an Android app can plug in its own.
 * An implementation authenticates each peer as a terminal certified for the flight before it
 * hands anything the peer sends to {@link CabinEndpoint#receiveCabinDigest}.
 */
public interface CabinTransport extends AutoCloseable {
  /** Starts listening and connecting to the configured peers; returns at once. */
  void start();

  /**
   * Queues {@code encodedDigest} for every peer connected and authenticated now, without
   * waiting for the network; returns how many peers it was queued for.
   */
  int broadcast(byte[] encodedDigest);

  /** The terminal ids of the peers connected and authenticated now. */
  Set<Long> connectedPeers();

  /** Stops listening, closes every connection and stops reconnecting. */
  @Override
  void close();
}
