/**
 * The flight engine: one simulated flight through the real terminal and wallet SDKs and a server.
 *
 * <p>{@link io.aloft.flight.FlightEngine} flies it from a {@link io.aloft.flight.FlightConfig}:
 * set-up and enrolment online, then a {@link io.aloft.flight.FlightStory} offline with the carts in
 * cabin sync ({@link io.aloft.flight.Cabin}), then landing and upload rounds. The demo flies
 * {@link io.aloft.flight.ScriptedStory}; the simulation flies its own seeded story with faults.
 * It reaches the server only through {@link io.aloft.flight.Ground}, and the SDKs only through
 * {@link io.aloft.flight.TerminalDevice} and {@link io.aloft.flight.WalletDevice}; every random
 * choice comes from the seed and every device reads the one {@link io.aloft.flight.FlightClock}.
 * What happens is told to a {@link io.aloft.flight.FlightListener} as {@link
 * io.aloft.flight.FlightEvent}s: the CLI's demo narrates them.
 *
 * <p>This module owns no storage of its own beyond the devices' folders under the configured work
 * folder, and depends on the protocol and the two SDKs only.
 */
package io.aloft.flight;
