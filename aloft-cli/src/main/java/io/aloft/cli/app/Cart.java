package io.aloft.cli.app;

import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crew's cart: catalogue items with quantities, and amounts typed by hand for what the
 * catalogue lacks. Bounded as a payment request is: at most {@link PaymentRequest#MAX_ITEMS}
 * lines, {@link LineItem#MAX_QUANTITY} of each, names cut to what a line item carries. One cart
 * per app; the app serializes access to it.
 */
final class Cart {
  /** A line as the cart shows it and the request carries it. */
  record Line(String key, String name, int quantity, Money unitPrice) {
    Money total() {
      return Money.of(Math.multiplyExact(unitPrice.amountMinor(), (long) quantity), unitPrice.currency());
    }

    LineItem item() {
      return new LineItem(name, quantity, unitPrice.amountMinor());
    }
  }

  /** Why a change to the cart was refused, as a message key. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String messageKey) {
      super(messageKey, null, false, false);
    }
  }

  private final CurrencyUnit currency;
  private final Map<String, Line> lines = new LinkedHashMap<>();
  private int typedAmounts;

  Cart(CurrencyUnit currency) {
    this.currency = currency;
  }

  CurrencyUnit currency() {
    return currency;
  }

  /** One more of a catalogue item. */
  void add(String sku, String name, Money unitPrice) throws Refused {
    Line line = lines.get(sku);
    if (line == null) {
      requireRoom();
      put(new Line(sku, fit(name), 1, unitPrice));
    } else if (line.quantity() >= LineItem.MAX_QUANTITY) {
      throw new Refused("cart.error.quantity");
    } else {
      put(new Line(sku, line.name(), line.quantity() + 1, line.unitPrice()));
    }
  }

  /** An amount typed by hand, as a line of its own. */
  void addAmount(String label, Money amount) throws Refused {
    if (amount.amountMinor() < 1) {
      throw new Refused("cart.error.amount");
    }
    requireRoom();
    Line line = new Line("amount-" + (typedAmounts + 1), fit(label), 1, amount);
    try {
      line.item();
    } catch (IllegalArgumentException badName) {
      throw new Refused("cart.error.label");
    }
    put(line);
    typedAmounts++;
  }

  /** One fewer of a line; the last one removes it. */
  void less(String key) {
    Line line = lines.get(key);
    if (line != null) {
      if (line.quantity() <= 1) {
        lines.remove(key);
      } else {
        lines.put(key, new Line(key, line.name(), line.quantity() - 1, line.unitPrice()));
      }
    }
  }

  void clear() {
    lines.clear();
  }

  List<Line> lines() {
    return List.copyOf(lines.values());
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  Money total() {
    Money total = Money.zero(currency);
    for (Line line : lines.values()) {
      total = total.plus(line.total());
    }
    return total;
  }

  List<LineItem> items() {
    List<LineItem> items = new ArrayList<>();
    lines.values().forEach(line -> items.add(line.item()));
    return items;
  }

  Optional<Line> line(String key) {
    return Optional.ofNullable(lines.get(key));
  }

  private void requireRoom() throws Refused {
    if (lines.size() >= PaymentRequest.MAX_ITEMS) {
      throw new Refused("cart.error.full");
    }
  }

  /** Puts a line in, unless the total would then overflow what an amount can be. */
  private void put(Line line) throws Refused {
    Line before = lines.put(line.key(), line);
    try {
      total();
    } catch (ArithmeticException | IllegalArgumentException tooLarge) {
      if (before == null) {
        lines.remove(line.key());
      } else {
        lines.put(line.key(), before);
      }
      throw new Refused("cart.error.total");
    }
  }

  /** The name cut to the bytes a line item carries, never inside a character. */
  static String fit(String name) {
    String text = name == null || name.isBlank() ? "-" : name.strip();
    while (text.getBytes(StandardCharsets.UTF_8).length > LineItem.MAX_NAME_BYTES) {
      text = text.substring(0, text.offsetByCodePoints(text.length(), -1));
    }
    return text;
  }
}
