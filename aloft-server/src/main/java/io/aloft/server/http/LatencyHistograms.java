package io.aloft.server.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives every Aloft timer ({@code aloft.*}: HTTP requests, settlement) fixed Prometheus histogram
 * buckets, so that {@code /metrics} shows {@code _bucket{le="…"}} series that sum across servers
 * and answer "what share of requests took under 250 ms" exactly. The buckets are the service
 * levels a payment API is held to, from a cached read (5 ms) to a large batch upload on a slow
 * link (30 s); each timer has these 12 buckets and {@code +Inf}, per tag combination.
 */
public final class LatencyHistograms implements MeterFilter {
  /** The bucket bounds, in nanoseconds as Micrometer wants them for timers. */
  static final double[] BUCKETS_NANOS = nanos(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30));

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("aloft.")) {
      return config;
    }
    return DistributionStatisticConfig.builder()
        .percentilesHistogram(false)
        .serviceLevelObjectives(BUCKETS_NANOS)
        .build()
        .merge(config);
  }

  private static double[] nanos(Duration... bounds) {
    double[] nanos = new double[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      nanos[i] = TimeUnit.NANOSECONDS.convert(bounds[i]);
    }
    return nanos;
  }
}
