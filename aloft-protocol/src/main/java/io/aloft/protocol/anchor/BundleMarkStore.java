package io.aloft.protocol.anchor;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a device keeps its {@link BundleMark}, apart from its database: a file next to it on the
 * JVM ({@link BundleMarkFile}), the platform's protected preferences in an app. A device writes
 * the mark after its database holds the bundle, so a crash between the two leaves the database
 * newer than the mark, which open accepts and records.
 */
public interface BundleMarkStore {
  /** The recorded mark, or empty before the first bundle. */
  Optional<BundleMark> read();

  /** Records {@code mark} durably before returning. */
  void write(BundleMark mark);

  /**
   * A store that lives as long as the object: it checks for rollback within one run only, so it
   * suits tests and simulations, not a device that restarts.
   */
  static BundleMarkStore inMemory() {
    AtomicReference<BundleMark> held = new AtomicReference<>();
    return new BundleMarkStore() {
      @Override
      public Optional<BundleMark> read() {
        return Optional.ofNullable(held.get());
      }

      @Override
      public void write(BundleMark mark) {
        held.set(mark);
      }
    };
  }
}
