package io.aloft.protocol.rules;

import java.util.function.Function;

/**
 * The outcome of a rule: accepted with a value, or rejected with a reason. Expected outcomes are
 * values, not exceptions; callers switch on them.
 */
public sealed interface Verdict<T> {
  record Accepted<T>(T value) implements Verdict<T> {
    public Accepted {
      if (value == null) {
        throw new IllegalArgumentException("an accepted verdict carries a value");
      }
    }
  }

  /** {@code detail} says what exactly was wrong, for logs and operators; the reason is for people. */
  record Rejected<T>(Reason reason, String detail) implements Verdict<T> {
    public Rejected {
      if (reason == null || detail == null) {
        throw new IllegalArgumentException("a rejection needs a reason and a detail");
      }
    }
  }

  static <T> Verdict<T> accept(T value) {
    return new Accepted<>(value);
  }

  static <T> Verdict<T> reject(Reason reason, String detail) {
    return new Rejected<>(reason, detail);
  }

  default boolean isAccepted() {
    return this instanceof Accepted;
  }

  /** The accepted value; IllegalStateException on a rejection (a caller bug). */
  default T value() {
    if (this instanceof Accepted<T> accepted) {
      return accepted.value();
    }
    throw new IllegalStateException("rejected: " + this);
  }

  /** The reason of a rejection; IllegalStateException on acceptance. */
  default Reason reason() {
    if (this instanceof Rejected<T> rejected) {
      return rejected.reason();
    }
    throw new IllegalStateException("accepted, no reason");
  }

  @SuppressWarnings("unchecked")
  default <U> Verdict<U> map(Function<T, U> mapper) {
    return this instanceof Accepted<T> accepted
        ? new Accepted<>(mapper.apply(accepted.value()))
        : (Verdict<U>) this;
  }
}
