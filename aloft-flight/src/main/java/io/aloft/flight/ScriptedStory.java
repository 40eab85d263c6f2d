package io.aloft.flight;

import java.io.IOException;

/**
 * The demo's story: three rounds of purchases, each followed by its scripted moments (a refund, a
 * payment above the limit, a photographed code, a terminal crash, a cloned phone caught by cabin
 * sync and let through a partition, a forged code), then one upload pass in the seed's order and
 * a second sync for the wallets that uploaded before the terminals ({@link InFlight}).
 */
public final class ScriptedStory implements FlightStory {
  @Override
  public void fly(Aboard aboard) throws IOException {
    new InFlight(aboard).fly();
  }
}
