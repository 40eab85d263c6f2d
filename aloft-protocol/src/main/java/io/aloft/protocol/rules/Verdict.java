package io.aloft.protocol.rules;

import java.util.function.Function;

/**
 * The outcome of a rule or an SDK call: accepted with a value, or rejected with a {@link Reason}
 * and a detail. Expected outcomes (a bad code, a spent allowance, a locked key) are values, not
 * exceptions; callers switch on them. The terminal SDK, the wallet SDK and the server's rules all
 * return this one type; failures of the network or of storage stay exceptions.
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

  /** The detail of a rejection; IllegalStateException on acceptance. */
  default String detail() {
    if (this instanceof Rejected<T> rejected) {
      return rejected.detail();
    }
    throw new IllegalStateException("accepted, no detail");
  }

  /** This rejection as a verdict of another type; IllegalStateException on acceptance (a caller bug). */
  @SuppressWarnings("unchecked")
  default <U> Verdict<U> rejection() {
    if (this instanceof Rejected<T>) {
      return (Verdict<U>) this;
    }
    throw new IllegalStateException("accepted, not a rejection: " + this);
  }

  /** {@code next} applied to an accepted value; a rejection passes through. */
  @SuppressWarnings("unchecked")
  default <U> Verdict<U> flatMap(Function<T, Verdict<U>> next) {
    return this instanceof Accepted<T> accepted ? next.apply(accepted.value()) : (Verdict<U>) this;
  }

  @SuppressWarnings("unchecked")
  default <U> Verdict<U> map(Function<T, U> mapper) {
    return this instanceof Accepted<T> accepted
        ? new Accepted<>(mapper.apply(accepted.value()))
        : (Verdict<U>) this;
  }
}
