package io.aloft.terminal.upload;

import java.io.IOException;
import java.util.Optional;

/**
 * What one {@link Uploads#sync} did.
 *
 * @param batchesAnswered batches sent and answered in this run
 * @param entriesAnswered entries whose outcome was recorded in this run
 * @param failure why the run stopped early, if it did; the open batch is resent next time
 */
public record SyncReport(int batchesAnswered, int entriesAnswered, Optional<IOException> failure) {}
