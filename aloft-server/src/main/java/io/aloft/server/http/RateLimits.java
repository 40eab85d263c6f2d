package io.aloft.server.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The rate limits and upload caps of {@link HttpLimits}, per caller (one token: a wallet, an
 * airline's merchant key) and per client address, as Bucket4j token buckets held in memory. An
 * exceeded limit is a {@code 429 rate-limited} problem with {@code Retry-After}.
 *
 * <p>Limits: the state is per server process (several servers behind a balancer each count their
 * own), and at most {@value #MAX_KEYS} callers and addresses are tracked per kind; past that the
 * kind forgets everyone and starts again, so a client spread over very many addresses is bounded by
 * the per-caller limits, the thread pool and the connection cap, not by these.
 */
public final class RateLimits {
  static final int MAX_KEYS = 100_000;
  /** Keys that recently authenticated, so that a flood of refused keys from an address does not lock its honest callers out. */
  private static final int MAX_PROVEN_KEYS = 10_000;

  private final HttpLimits limits;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, Integer> uploadsInFlight = new ConcurrentHashMap<>();
  private final Semaphore uploadSlots;
  private final Set<String> provenKeys = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > MAX_PROVEN_KEYS;
        }
      }));

  public RateLimits(HttpLimits limits) {
    this.limits = limits;
    this.uploadSlots = new Semaphore(limits.concurrentUploads());
  }

  /** Counts an enrolment by this wallet from this address; a 429 problem when either is over its limit. */
  public void enrolment(Context ctx, Principal caller) {
    take("enrol-caller:" + callerKey(caller), limits.enrolmentsPerCaller(), "enrolments for this wallet");
    take("enrol-address:" + ctx.ip(), limits.enrolmentsPerAddress(), "enrolments from this address");
  }

  /** An upload in progress: closing it frees its place among the concurrent uploads. */
  public interface Upload extends AutoCloseable {
    /**
     * A 408 problem when {@code bytesSoFar} arrived slower than the minimum upload rate allows
     * since the upload began (after one idle timeout's grace): a dribbling client is cut off
     * early instead of at its whole body's deadline.
     */
    void requireRate(long bytesSoFar);

    @Override
    void close();
  }

  /**
   * Starts an upload by this caller from this address: within the upload rates, the caller's
   * concurrent uploads and everyone's. A 429 problem otherwise; nothing is held then.
   */
  public Upload upload(Context ctx, Principal caller) {
    String key = callerKey(caller);
    take("upload-caller:" + key, limits.uploadsPerCaller(), "uploads with this key");
    take("upload-address:" + ctx.ip(), limits.uploadsPerAddress(), "uploads from this address");
    boolean[] admitted = {false};
    uploadsInFlight.compute(key, (k, count) -> {
      int now = count == null ? 0 : count;
      admitted[0] = now < limits.concurrentUploadsPerCaller();
      return admitted[0] ? now + 1 : count;
    });
    if (!admitted[0]) {
      throw tooMany("This key already has " + limits.concurrentUploadsPerCaller()
          + " uploads in progress; send the next when one has finished.", 1);
    }
    if (!uploadSlots.tryAcquire()) {
      release(key);
      throw tooMany("The server is busy with other uploads; try again shortly.", 1);
    }
    long started = System.nanoTime();
    return new Upload() {
      @Override
      public void requireRate(long bytesSoFar) {
        long elapsedNanos = System.nanoTime() - started - limits.idleTimeout().toNanos();
        if (elapsedNanos > 0 && bytesSoFar < limits.minUploadBytesPerSecond() * (elapsedNanos / 1_000_000) / 1_000) {
          throw ApiProblem.of(408, "request-timeout", "Request body too slow",
              "The upload arrived slower than " + limits.minUploadBytesPerSecond()
                  + " bytes a second; send it again over a better link.");
        }
      }

      @Override
      public void close() {
        uploadSlots.release();
        release(key);
      }
    };
  }

  private void release(String key) {
    uploadsInFlight.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
  }

  /**
   * Whether a request from {@code address} with a key hashing to {@code keyHash} may be checked:
   * always for a key that authenticated lately; for others only while the address has failures
   * left. A refused check costs the address nothing more.
   */
  boolean mayAuthenticate(String address, byte[] keyHash) {
    if (provenKeys.contains(java.util.HexFormat.of().formatHex(keyHash))) {
      return true;
    }
    Bucket bucket = bucket("auth-failures-address:" + address, limits.authenticationFailuresPerAddress());
    return bucket.getAvailableTokens() > 0;
  }

  /** Whether {@code address} has refused attempts left, for a sign-in that is not a key (no proven-key pass). */
  boolean mayAttempt(String address) {
    return bucket("auth-failures-address:" + address, limits.authenticationFailuresPerAddress())
        .getAvailableTokens() > 0;
  }

  /** A 429 problem for an address out of authentication failures. */
  ApiProblem authenticationBlocked(String address) {
    Bucket bucket = bucket("auth-failures-address:" + address, limits.authenticationFailuresPerAddress());
    return tooMany("Too many refused keys from this address.", retryAfterSeconds(bucket.estimateAbilityToConsume(1)
        .getNanosToWaitForRefill()));
  }

  void authenticated(byte[] keyHash) {
    provenKeys.add(java.util.HexFormat.of().formatHex(keyHash));
  }

  void authenticationFailed(String address) {
    bucket("auth-failures-address:" + address, limits.authenticationFailuresPerAddress()).tryConsume(1);
  }

  private void take(String key, HttpLimits.Rate rate, String what) {
    ConsumptionProbe probe = bucket(key, rate).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw tooMany("Too many " + what + ": at most " + rate.count() + " per " + describe(rate.period()) + ".",
          retryAfterSeconds(probe.getNanosToWaitForRefill()));
    }
  }

  private Bucket bucket(String key, HttpLimits.Rate rate) {
    if (buckets.size() >= MAX_KEYS) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(key, k -> Bucket.builder()
        .addLimit(limit -> limit.capacity(rate.count()).refillGreedy(rate.count(), rate.period()))
        .build());
  }

  private static ApiProblem tooMany(String detail, long retryAfterSeconds) {
    return ApiProblem.tooManyRequests(detail, retryAfterSeconds);
  }

  private static long retryAfterSeconds(long nanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + (nanos % 1_000_000_000L == 0 ? 0 : 1));
  }

  private static String describe(java.time.Duration period) {
    return period.equals(java.time.Duration.ofMinutes(1)) ? "minute" : period.toSeconds() + " seconds";
  }

  private static String callerKey(Principal caller) {
    if (caller instanceof Principal.Wallet wallet) {
      return "wallet-" + wallet.accountId();
    }
    if (caller instanceof Principal.Merchant merchant) {
      return "merchant-" + merchant.airlineId();
    }
    if (caller instanceof Principal.Terminal terminal) {
      return "terminal-" + terminal.terminalId();
    }
    if (caller instanceof Principal.Registration registration) {
      return "registration-" + registration.codeId();
    }
    return "admin";
  }
}
