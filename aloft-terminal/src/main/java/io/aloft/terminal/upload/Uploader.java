package io.aloft.terminal.upload;

import io.aloft.protocol.message.TerminalBatch;
import java.io.IOException;
import java.util.List;

/**
 * Sends one signed batch to the server and returns the server's outcome for every entry in it.
 * The HTTP implementation lives with the settlement service's client.
 *
 * <p>Contract: the server answers a batch id it has seen before with the same outcomes, so an
 * upload that failed halfway (timeout, lost response) is simply sent again. An uploader throws
 * {@link IOException} for anything that leaves the outcome unknown; the terminal then keeps the
 * batch open and resends the identical bytes next time.
 */
public interface Uploader {
  /**
   * @param idempotencyKey the random key kept with the open batch: the same on every resend of
   *     it, never guessable by anyone else
   */
  List<EntryOutcome> upload(TerminalBatch batch, String idempotencyKey) throws IOException;
}
