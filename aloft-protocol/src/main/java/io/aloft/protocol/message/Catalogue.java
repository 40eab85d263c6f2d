package io.aloft.protocol.message;

import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.money.CurrencyUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an airline sells in the cabin, carried in the flight's {@link TrustBundle} so that it is
 * signed by the issuer and at hand offline: terminals show it, wallets name what a passenger is
 * asked to pay for.
 *
 * <pre>
 *   items  count ≤ 256, each:
 *     sku             varint length + ASCII, 1..32 bytes ([A-Za-z0-9][A-Za-z0-9._-]*)
 *     category        u8        index in CATEGORIES: 0 duty_free, 1 meals, 2 drinks, 3 souvenirs
 *     nameEn, nameZh  varint length + UTF-8, each 1..32 bytes
 *     currency        u16       ISO 4217 numeric
 *     unitPriceMinor  varint    1..10^9
 *   ascending sku (ASCII, so String order is byte order), no sku twice
 * </pre>
 *
 * @param items sorted by sku into canonical order; a duplicate sku is refused
 */
public record Catalogue(List<CatalogueItem> items) {
  public static final int MAX_ITEMS = 256;
  /** Every category, in the order screens list them and the wire numbers them. */
  public static final List<String> CATEGORIES = List.of("duty_free", "meals", "drinks", "souvenirs");
  public static final Catalogue EMPTY = new Catalogue(List.of());

  public Catalogue {
    if (items == null || items.size() > MAX_ITEMS) {
      throw new IllegalArgumentException("a catalogue has at most " + MAX_ITEMS + " items");
    }
    List<CatalogueItem> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(CatalogueItem::sku));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i - 1).sku().equals(sorted.get(i).sku())) {
        throw new IllegalArgumentException("the catalogue lists sku " + sorted.get(i).sku() + " twice");
      }
    }
    items = List.copyOf(sorted);
  }

  public static Catalogue of(CatalogueItem... items) {
    return new Catalogue(List.of(items));
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public Optional<CatalogueItem> item(String sku) {
    return items.stream().filter(i -> i.sku().equals(sku)).findFirst();
  }

  /** The items of one category, by sku. */
  public List<CatalogueItem> items(String category) {
    return items.stream().filter(i -> i.category().equals(category))
        .collect(Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }

  /** The categories that have items, in the order of {@link #CATEGORIES}. */
  public List<String> categories() {
    return CATEGORIES.stream().filter(c -> items.stream().anyMatch(i -> i.category().equals(c)))
        .collect(Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }

  /**
   * The item a sale's line was made from: the first by sku whose English or Chinese name and
   * unit price are the line's. Names are not unique keys, so two items with the same name and
   * price are told apart by nothing the passenger signed.
   */
  public Optional<CatalogueItem> forLine(LineItem line) {
    return items.stream()
        .filter(i -> i.unitPriceMinor() == line.unitPriceMinor()
            && (i.nameEn().equals(line.name()) || i.nameZh().equals(line.name())))
        .findFirst();
  }

  void write(ByteWriter out) {
    out.varint(items.size());
    for (CatalogueItem item : items) {
      out.utf8(item.sku(), CatalogueItem.MAX_SKU_BYTES);
      out.u8(CATEGORIES.indexOf(item.category()));
      out.utf8(item.nameEn(), CatalogueItem.MAX_NAME_BYTES);
      out.utf8(item.nameZh(), CatalogueItem.MAX_NAME_BYTES);
      Wire.writeCurrency(out, item.currency());
      out.varint(item.unitPriceMinor());
    }
  }

  static Catalogue read(ByteReader in) throws DecodeException {
    List<CatalogueItem> items = new ArrayList<>();
    for (int i = in.count(MAX_ITEMS); i > 0; i--) {
      String sku = Wire.readText(in, CatalogueItem.MAX_SKU_BYTES);
      int category = in.u8();
      if (category >= CATEGORIES.size()) {
        throw Wire.badValue("unknown catalogue category " + category);
      }
      String nameEn = Wire.readText(in, CatalogueItem.MAX_NAME_BYTES);
      String nameZh = Wire.readText(in, CatalogueItem.MAX_NAME_BYTES);
      CurrencyUnit currency = Wire.readCurrency(in);
      long price = in.varint(1, CatalogueItem.MAX_UNIT_PRICE_MINOR);
      items.add(Wire.construct(() -> new CatalogueItem(sku, CATEGORIES.get(category), nameEn, nameZh, price, currency)));
    }
    return Wire.construct(() -> new Catalogue(items));
  }
}
