package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Flight;
import io.aloft.protocol.Samples;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The catalogue as the signed trust bundle carries it: canonical, bounded, kept in the wallet form. */
class CatalogueTest {
  private static final Samples SAMPLES = new Samples();
  private static final CurrencyUnit CNY = Flight.CNY;

  static CatalogueItem item(String sku, String category, String nameEn, String nameZh, long priceMinor) {
    return new CatalogueItem(sku, category, nameEn, nameZh, priceMinor, CNY);
  }

  @Test
  void bundle_carriesTheCatalogueSigned_andDecodesToTheSameItems() throws Exception {
    TrustBundle bundle = SAMPLES.bundle;
    TrustBundle decoded = TrustBundle.decode(bundle.encode());
    assertThat(decoded.catalogue()).isEqualTo(Samples.CATALOGUE);
    assertThat(decoded.catalogue().item("DR-TEA").orElseThrow().nameZh()).isEqualTo("茉莉花茶");
    assertThat(Signatures.verify(SAMPLES.flight.issuer.publicKey(), decoded.signingInput(), decoded.signature()))
        .isTrue();
  }

  @Test
  void walletForm_keepsTheCatalogue_andVerifies() throws Exception {
    TrustBundle wallet = TrustBundle.decode(SAMPLES.bundle.withoutManifest(SAMPLES.flight.issuer).encode());
    assertThat(wallet.manifest()).isEmpty();
    assertThat(wallet.catalogue()).isEqualTo(Samples.CATALOGUE);
    assertThat(Signatures.verify(SAMPLES.flight.issuer.publicKey(), wallet.signingInput(), wallet.signature()))
        .isTrue();
  }

  @Test
  void bundlesBuiltWithoutACatalogue_carryTheEmptyOne() {
    assertThat(SAMPLES.flight.bundle.catalogue()).isEqualTo(Catalogue.EMPTY);
    assertThat(Catalogue.EMPTY.categories()).isEmpty();
  }

  @Test
  void items_areSortedBySku_andLookedUpBySkuCategoryAndSaleLine() {
    Catalogue catalogue = new Catalogue(List.of(
        item("SV-PLANE", "souvenirs", "Model plane A330", "A330 飞机模型", 16_800),
        item("DR-COFFEE", "drinks", "Coffee", "咖啡", 2_800),
        item("DF-CHOC", "duty_free", "Chocolate box", "巧克力礼盒", 12_000)));
    assertThat(catalogue.items()).extracting(CatalogueItem::sku).containsExactly("DF-CHOC", "DR-COFFEE", "SV-PLANE");
    assertThat(catalogue.categories()).containsExactly("duty_free", "drinks", "souvenirs");
    assertThat(catalogue.items("drinks")).extracting(CatalogueItem::nameEn).containsExactly("Coffee");
    assertThat(catalogue.item("DR-COFFEE").orElseThrow().unitPrice()).isEqualTo(Money.of(2_800, CNY));
    assertThat(catalogue.item("NOPE")).isEmpty();
    LineItem line = catalogue.item("DR-COFFEE").orElseThrow().lineItem(2);
    assertThat(line).isEqualTo(new LineItem("Coffee", 2, 2_800));
    assertThat(catalogue.forLine(line).orElseThrow().nameZh()).isEqualTo("咖啡");
    assertThat(catalogue.forLine(new LineItem("Coffee", 1, 2_900))).isEmpty();
  }

  @Test
  void constructor_refusesEveryOutOfBoundsField() {
    assertRefused(() -> item("", "meals", "Noodles", "面条", 1));
    assertRefused(() -> item("-NOODLES", "meals", "Noodles", "面条", 1));
    assertRefused(() -> item("N".repeat(33), "meals", "Noodles", "面条", 1));
    assertRefused(() -> item("MEAL NOODLES", "meals", "Noodles", "面条", 1));
    assertRefused(() -> item("ML-NOODLES", "snacks", "Noodles", "面条", 1));
    assertRefused(() -> item("ML-NOODLES", "meals", " ", "面条", 1));
    assertRefused(() -> item("ML-NOODLES", "meals", "N".repeat(33), "面条", 1));
    assertRefused(() -> item("ML-NOODLES", "meals", "Noodles", "面".repeat(11), 1));
    assertRefused(() -> item("ML-NOODLES", "meals", "Noodles\u202e", "面条", 1));
    assertRefused(() -> item("ML-NOODLES", "meals", "Noodles", "面条", 0));
    assertRefused(() -> item("ML-NOODLES", "meals", "Noodles", "面条", CatalogueItem.MAX_UNIT_PRICE_MINOR + 1));
    assertRefused(() -> new CatalogueItem("ML-NOODLES", "meals", "Noodles", "面条", 1, null));
    assertRefused(() -> Catalogue.of(item("A", "meals", "Noodles", "面条", 1), item("A", "meals", "Rice", "米饭", 1)));
    CatalogueItem[] tooMany = new CatalogueItem[Catalogue.MAX_ITEMS + 1];
    for (int i = 0; i < tooMany.length; i++) {
      tooMany[i] = item("SKU-" + i, "meals", "Item " + i, "商品 " + i, 100);
    }
    assertRefused(() -> Catalogue.of(tooMany));
    assertThat(Catalogue.of(Arrays.copyOf(tooMany, Catalogue.MAX_ITEMS)).items()).hasSize(Catalogue.MAX_ITEMS);
    // The bounds themselves are allowed.
    assertThat(item("S".repeat(32), "meals", "N".repeat(32), "面".repeat(10) + "ab", CatalogueItem.MAX_UNIT_PRICE_MINOR)
        .unitPriceMinor()).isEqualTo(CatalogueItem.MAX_UNIT_PRICE_MINOR);
  }

  /** The largest catalogue a bundle can carry: every item at every bound. docs/protocol.md states the figure. */
  @Test
  void theLargestCatalogue_adds27393Bytes_andRoundTrips() throws Exception {
    List<CatalogueItem> items = new java.util.ArrayList<>();
    for (int i = 0; i < Catalogue.MAX_ITEMS; i++) {
      String n = String.format("%03d", i);
      items.add(item("S".repeat(29) + n, "souvenirs", "N".repeat(29) + n, "名".repeat(10) + "ab",
          CatalogueItem.MAX_UNIT_PRICE_MINOR));
    }
    Catalogue largest = new Catalogue(items);
    TrustBundle with = SAMPLES.flight.bundle(1, Flight.T0.plusSeconds(12 * 3600), List.of(SAMPLES.flight.terminal),
        List.of(), List.of(), OneScanPolicy.DEFAULT, largest);

    // The empty catalogue it replaces is one byte, its count.
    int added = with.encode().length - SAMPLES.flight.bundle.encode().length;
    assertThat(added).isEqualTo(2 + Catalogue.MAX_ITEMS * (1 + 32 + 1 + 1 + 32 + 1 + 32 + 2 + 5) - 1);
    assertThat(TrustBundle.decode(with.encode()).catalogue()).isEqualTo(largest);
  }

  private static void assertRefused(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decode_refusesEachOutOfBoundsItemWithItsTypedFailure() {
    assertDecodeFails(DecodeFailure.OUT_OF_BOUNDS, out -> out.varint(Catalogue.MAX_ITEMS + 1));
    assertDecodeFails(DecodeFailure.OUT_OF_BOUNDS, out -> rawItem(out, "S".repeat(33), 1, "Tea", "茶", 100));
    assertDecodeFails(DecodeFailure.OUT_OF_BOUNDS, out -> rawItem(out, "DR-TEA", 2, "T".repeat(33), "茶", 100));
    assertDecodeFails(DecodeFailure.OUT_OF_BOUNDS, out -> rawItem(out, "DR-TEA", 2, "Tea", "茶".repeat(11), 100));
    assertDecodeFails(DecodeFailure.OUT_OF_BOUNDS,
        out -> rawItem(out, "DR-TEA", 2, "Tea", "茶", CatalogueItem.MAX_UNIT_PRICE_MINOR + 1));
    assertDecodeFails(DecodeFailure.BELOW_MINIMUM, out -> rawItem(out, "DR-TEA", 2, "Tea", "茶", 0));
    assertDecodeFails(DecodeFailure.BELOW_MINIMUM, out -> rawItem(out, "", 2, "Tea", "茶", 100));
    assertDecodeFails(DecodeFailure.BELOW_MINIMUM, out -> rawItem(out, "DR-TEA", 2, "Tea", "", 100));
    assertDecodeFails(DecodeFailure.BAD_VALUE, out -> rawItem(out, "DR-TEA", 4, "Tea", "茶", 100));
    assertDecodeFails(DecodeFailure.BAD_VALUE, out -> rawItem(out, "DR TEA", 2, "Tea", "茶", 100));
    assertDecodeFails(DecodeFailure.BAD_VALUE, out -> {
      out.varint(2);
      rawItemBody(out, "DR-TEA", 2, "Tea", "茶", 100);
      rawItemBody(out, "DR-TEA", 2, "Green tea", "绿茶", 100);
    });
    assertDecodeFails(DecodeFailure.NON_CANONICAL, out -> {
      out.varint(2);
      rawItemBody(out, "DR-TEA", 2, "Tea", "茶", 100);
      rawItemBody(out, "DR-COFFEE", 2, "Coffee", "咖啡", 100);
    });
    // Within the bound but with nothing behind it: fails on the first missing item.
    byte[] empty = SAMPLES.flight.bundle.body();
    byte[] counted = new ByteWriter().raw(Arrays.copyOf(empty, empty.length - 1)).varint(Catalogue.MAX_ITEMS)
        .toByteArray();
    assertThatThrownBy(() -> TrustBundle.decode(counted)).isInstanceOfSatisfying(DecodeException.class,
        e -> assertThat(e.failure()).isEqualTo(DecodeFailure.TRUNCATED));
  }

  /** A bundle whose catalogue is what {@code catalogue} writes, with a well-formed (unchecked) signature. */
  private static void assertDecodeFails(DecodeFailure failure, Consumer<ByteWriter> catalogue) {
    byte[] empty = SAMPLES.flight.bundle.body();
    ByteWriter out = new ByteWriter().raw(Arrays.copyOf(empty, empty.length - 1));
    catalogue.accept(out);
    byte[] encoded = out.raw(new byte[64]).toByteArray();
    assertThatThrownBy(() -> TrustBundle.decode(encoded)).isInstanceOfSatisfying(DecodeException.class,
        e -> assertThat(e.failure()).as(e.getMessage()).isEqualTo(failure));
  }

  private static void rawItem(ByteWriter out, String sku, int category, String nameEn, String nameZh, long price) {
    out.varint(1);
    rawItemBody(out, sku, category, nameEn, nameZh, price);
  }

  private static void rawItemBody(ByteWriter out, String sku, int category, String nameEn, String nameZh, long price) {
    out.utf8(sku, 64).u8(category).utf8(nameEn, 64).utf8(nameZh, 64).u16(CNY.numericCode()).varint(price);
  }
}
