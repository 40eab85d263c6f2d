package io.aloft.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.flight.SeedCatalogue;
import io.aloft.protocol.message.TrustBundle;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo airline's catalogue, and what it adds to a flight's signed trust bundle. */
class SeedCatalogueTest {
  /** docs/protocol.md states this bound and the measured figure; the test prints the figure. */
  static final int MAX_ADDED_BYTES = 2_048;

  @Test
  void theSeed_hasTenItemsInEachCategory_namedInEnglishAndChinese() {
    Catalogue seed = SeedCatalogue.CATALOGUE;
    assertThat(seed.items()).hasSize(40);
    assertThat(seed.categories()).containsExactlyElementsOf(Catalogue.CATEGORIES);
    for (String category : Catalogue.CATEGORIES) {
      assertThat(seed.items(category)).as(category).hasSize(10);
    }
    assertThat(seed.items()).allSatisfy(item -> assertThat(item.nameZh()).containsPattern("\\p{IsHan}"));
    assertThat(seed.item(SeedCatalogue.MODEL_PLANE)).isPresent();
    assertThat(seed.item(SeedCatalogue.PERFUME)).isPresent();
    assertThat(seed.item(SeedCatalogue.CHEAPEST_SNACK).orElseThrow().unitPriceMinor())
        .isEqualTo(seed.items("meals").stream().mapToLong(CatalogueItem::unitPriceMinor).min().orElseThrow());
  }

  /**
   * The same bundle without and with the seed catalogue, both signed: the difference is what the
   * catalogue costs every terminal and wallet download.
   */
  @Test
  void theSeedCatalogue_addsLessThanTwoKibibytesToTheBundle() {
    SoftwareSigner issuer = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Bytes.fromHex("01".repeat(32)));
    Instant issued = Instant.parse("2026-12-01T06:00:00Z");
    int without = bundle(issuer, issued, Catalogue.EMPTY).encode().length;
    int with = bundle(issuer, issued, SeedCatalogue.CATALOGUE).encode().length;
    int added = with - without;
    int nameBytes = SeedCatalogue.CATALOGUE.items().stream().mapToInt(i -> utf8(i.sku()) + utf8(i.nameEn())
        + utf8(i.nameZh())).sum();
    System.out.printf("seed catalogue: %d items add %d bytes to the trust bundle (%d without, %d with);"
        + " %d of them are sku and name text%n", SeedCatalogue.CATALOGUE.items().size(), added, without, with,
        nameBytes);

    assertThat(added).isPositive().isLessThan(MAX_ADDED_BYTES);
    // Per item: three length prefixes, a category byte, a currency and a price of at most 3 bytes.
    assertThat(added).isBetween(nameBytes + 40 * 7, nameBytes + 40 * 9);
  }

  private static int utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static TrustBundle bundle(SoftwareSigner issuer, Instant issued, Catalogue catalogue) {
    return new TrustBundle(1, 7, 8881, "AD8881", issued, issued.plusSeconds(30 * 3600),
        List.of(new IssuerKey(1, issuer.publicKey())), List.of(), List.of(), List.of(), List.of(), List.of(),
        OneScanPolicy.DEFAULT, catalogue, Bytes.empty()).signedBy(issuer);
  }
}
