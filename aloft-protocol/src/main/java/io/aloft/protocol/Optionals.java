package io.aloft.protocol;

import java.util.Optional;
import java.util.function.Supplier;

/** {@link Optional#or} for the Android API level the SDKs run on, which lacks it. */
public final class Optionals {
  private Optionals() {}

  /**
   * {@code first.or(next[0]).or(next[1])…}: {@code first} if present, else the first present
   * result of {@code next}, asked in order and only as far as needed.
   */
  @SafeVarargs
  public static <T> Optional<T> firstPresent(Optional<T> first, Supplier<Optional<T>>... next) {
    Optional<T> found = first;
    for (int i = 0; i < next.length && !found.isPresent(); i++) {
      found = next[i].get();
      if (found == null) {
        throw new NullPointerException("a supplier of firstPresent gave null");
      }
    }
    return found;
  }
}
