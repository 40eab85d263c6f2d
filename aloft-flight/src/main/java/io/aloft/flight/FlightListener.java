package io.aloft.flight;

import java.time.Duration;

/**
 * Hears everything a flight does, in order, on the flight's thread. The demo narrates it; the
 * simulation books it and judges it.
 */
@FunctionalInterface
public interface FlightListener {
  /**
   * @param sinceDeparture flight time since the scheduled departure (negative before it)
   */
  void on(Duration sinceDeparture, FlightEvent event);
}
