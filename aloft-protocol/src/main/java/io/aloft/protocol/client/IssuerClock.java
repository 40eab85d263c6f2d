package io.aloft.protocol.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * A device's clock corrected against the issuer's. One-scan codes are good for a couple of
 * minutes, so the wallet that dates them and the terminal that checks them must agree to within
 * seconds, whatever their own clocks say. Each records its offset from the issuer's clock
 * whenever it talks to the issuer (enrolment, terminal set-up, every sync) and reads the time
 * through this clock in between. Offline the offset stays as last measured; what the device's
 * own clock drifts in a flight is left, a few seconds at most.
 *
 * <p>The issuer's time comes from the HTTP {@code Date} header of its answers (whole seconds,
 * RFC 9110), which the server sets from its own clock on every answer. The measurement is
 * taken when the answer arrives, so it is late by at most the answer's transit, and the
 * header's resolution adds under a second.
 */
public final class IssuerClock extends Clock {
  /** An offset beyond this is not a clock to correct but a broken answer; it is ignored. */
  public static final Duration MAX_OFFSET = Duration.ofDays(365L * 100);

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  private final Clock local;
  private volatile Duration offset;

  /** @param offset the issuer's clock minus {@code local}, e.g. as the device stored it at its last sync */
  public IssuerClock(Clock local, Duration offset) {
    if (local == null || offset == null || offset.abs().compareTo(MAX_OFFSET) > 0) {
      throw new IllegalArgumentException("a local clock and an offset within ±" + MAX_OFFSET.toDays()
          + " days are needed: " + local + ", " + offset);
    }
    this.local = local;
    this.offset = offset;
  }

  /** How far the issuer's clock is ahead of the local one (negative: behind). */
  public Duration offset() {
    return offset;
  }

  /**
   * Records that the issuer's clock read {@code issuerTime} when the local clock reads now, and
   * returns the new offset. An offset beyond {@link #MAX_OFFSET} leaves the old one in place.
   */
  public Duration recordIssuerTime(Instant issuerTime) {
    Duration measured = towardZeroMillis(Duration.between(local.instant(), issuerTime));
    if (measured.abs().compareTo(MAX_OFFSET) <= 0) {
      offset = measured;
    }
    return offset;
  }

  /** {@code duration.truncatedTo(ChronoUnit.MILLIS)}, which Android API 26 lacks: towards zero. */
  static Duration towardZeroMillis(Duration duration) {
    int nanos = duration.getNano();
    Duration floor = Duration.ofSeconds(duration.getSeconds(), nanos - nanos % 1_000_000);
    return duration.isNegative() && !floor.equals(duration) ? floor.plusMillis(1) : floor;
  }

  @Override
  public Instant instant() {
    return local.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the issuer clock is UTC only");
  }

  /** An HTTP {@code Date} header value (IMF-fixdate, RFC 9110 §5.6.7), or empty if it is not one. */
  public static Optional<Instant> parseHttpDate(String value) {
    if (value == null || value.length() > 64) {
      return Optional.empty();
    }
    try {
      return Optional.of(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim(), Instant::from));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The IMF-fixdate form of {@code time}, for a {@code Date} header. */
  public static String httpDate(Instant time) {
    return IMF_FIXDATE.format(time.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC));
  }
}
