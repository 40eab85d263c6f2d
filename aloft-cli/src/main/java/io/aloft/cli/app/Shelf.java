package io.aloft.cli.app;

import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import java.util.List;
import java.util.Optional;

/**
 * What the crew can pick from: the airline's catalogue as the flight's signed trust bundle carries
 * it, by category. Empty when the bundle carries none; the Sell screen then offers an amount typed
 * by hand.
 */
record Shelf(List<Item> items) {
  /** One catalogue item, with its name in both languages. */
  record Item(String sku, String category, String nameEn, String nameZh, Money price) {
    String name(io.aloft.server.console.Language language) {
      return language == io.aloft.server.console.Language.CHINESE ? nameZh : nameEn;
    }
  }

  Shelf {
    items = List.copyOf(items);
  }

  static Shelf of(Optional<TrustBundle> bundle) {
    return new Shelf(List.of());
  }

  List<String> categories() {
    return items.stream().map(Item::category).distinct().toList();
  }

  List<Item> in(String category) {
    return items.stream().filter(item -> item.category().equals(category)).toList();
  }

  Optional<Item> item(String sku) {
    return items.stream().filter(item -> item.sku().equals(sku)).findFirst();
  }
}
