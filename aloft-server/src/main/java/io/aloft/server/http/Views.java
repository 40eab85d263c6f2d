package io.aloft.server.http;

import io.aloft.protocol.money.Money;

/** Small JSON shapes shared by several features. */
public final class Views {
  private Views() {}

  /** An amount as it appears in every response: minor units and the ISO 4217 code. */
  public record MoneyView(long amountMinor, String currency) {
    public static MoneyView of(Money money) {
      return new MoneyView(money.amountMinor(), money.currency().code());
    }
  }
}
