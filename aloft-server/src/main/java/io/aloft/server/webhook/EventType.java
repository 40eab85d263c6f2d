package io.aloft.server.webhook;

import java.util.Arrays;
import java.util.Optional;

/**
 * The events an endpoint can ask for, by their wire names. An airline's endpoint receives its own
 * airline's events of the kinds marked {@link #airlinesReceive()}; the operator's endpoints receive
 * every event.
 */
public enum EventType {
  PAYMENT_SETTLED("payment.settled", true),
  UPLOAD_PROCESSED("upload.processed", true),
  CASE_OPENED("case.opened", true),
  CASE_RESOLVED("case.resolved", true),
  /** A passenger's account: the operator's business, not an airline's (airlines never see accounts). */
  ACCOUNT_IN_ARREARS("account.in_arrears", false),
  PAYOUT_CREATED("payout.created", true);

  private final String wireName;
  private final boolean airlinesReceive;

  EventType(String wireName, boolean airlinesReceive) {
    this.wireName = wireName;
    this.airlinesReceive = airlinesReceive;
  }

  public String wireName() {
    return wireName;
  }

  public boolean airlinesReceive() {
    return airlinesReceive;
  }

  public static Optional<EventType> byWireName(String name) {
    return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
  }
}
