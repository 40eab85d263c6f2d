package io.aloft.flight;

/**
 * What a wallet did when asked: done with a value, or refused with the wallet's reason code and
 * its sentence for the passenger. The engine's one view of the wallet SDK's refusals, made in
 * {@link WalletDevice}.
 */
public sealed interface Outcome<T> {
  record Done<T>(T value) implements Outcome<T> {}

  record Refused<T>(String reason, String message) implements Outcome<T> {}

  default boolean isDone() {
    return this instanceof Done;
  }

  /** The value; IllegalStateException on a refusal (a caller bug). */
  default T value() {
    if (this instanceof Done<T> done) {
      return done.value();
    }
    throw new IllegalStateException("refused: " + this);
  }
}
