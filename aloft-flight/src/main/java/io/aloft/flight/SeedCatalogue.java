package io.aloft.flight;

import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.money.CurrencyUnit;
import java.util.List;

/**
 * The demo airline's catalogue: forty items, ten in each category, named in English and
 * Simplified Chinese, priced in yuan. The flight sets it through the API; the terminals sell from
 * the copy their signed trust bundle carries.
 */
public final class SeedCatalogue {
  public static final String MODEL_PLANE = "SV-PLANE";
  public static final String PERFUME = "DF-PERFUME-50";
  /** Sold when nothing else fits what a passenger can still spend. */
  public static final String CHEAPEST_SNACK = "ML-PEANUTS";

  private static final CurrencyUnit CNY = CurrencyUnit.of(Cast.CURRENCY);

  public static final Catalogue CATALOGUE = new Catalogue(List.of(
      item("DF-PERFUME-50", "duty_free", "Eau de parfum 50 ml", "淡香精 50 毫升", 38_000),
      item("DF-LIPSTICK", "duty_free", "Lipstick", "口红", 24_000),
      item("DF-FACE-CREAM", "duty_free", "Face cream 50 ml", "面霜 50 毫升", 42_000),
      item("DF-WHISKY-70", "duty_free", "Single malt whisky 70 cl", "单一麦芽威士忌 70cl", 52_000),
      item("DF-CHOC-BOX", "duty_free", "Chocolate gift box", "巧克力礼盒", 16_800),
      item("DF-SUNGLASSES", "duty_free", "Sunglasses", "太阳镜", 88_000),
      item("DF-WATCH", "duty_free", "Travel watch", "旅行手表", 128_000),
      item("DF-SILK-SCARF", "duty_free", "Silk scarf", "真丝围巾", 29_800),
      item("DF-EARBUDS", "duty_free", "Wireless earbuds", "无线耳机", 69_900),
      item("DF-TEA-TIN", "duty_free", "Longjing tea gift tin", "龙井茶礼盒", 19_800),
      item("ML-NOODLES", "meals", "Instant noodles", "方便面", 1_600),
      item("ML-SANDWICH", "meals", "Sandwich", "三明治", 2_800),
      item("ML-BEEF-NOODLES", "meals", "Braised beef noodles", "红烧牛肉面", 4_800),
      item("ML-CHICKEN-RICE", "meals", "Chicken rice", "鸡肉饭", 4_500),
      item("ML-DUMPLINGS", "meals", "Pork dumplings", "猪肉饺子", 3_800),
      item("ML-CONGEE", "meals", "Congee with pickles", "榨菜白粥", 2_200),
      item("ML-CROISSANT", "meals", "Croissant", "牛角面包", 1_800),
      item("ML-FRUIT-CUP", "meals", "Fresh fruit cup", "鲜果杯", 2_000),
      item("ML-PEANUTS", "meals", "Peanuts", "花生", 800),
      item("ML-CHOCOLATE", "meals", "Chocolate", "巧克力", 1_000),
      item("DR-TEA", "drinks", "Jasmine tea", "茉莉花茶", 1_500),
      item("DR-COFFEE", "drinks", "Coffee", "咖啡", 1_800),
      item("DR-JUICE", "drinks", "Orange juice", "橙汁", 1_200),
      item("DR-LATTE", "drinks", "Caffe latte", "拿铁咖啡", 2_500),
      item("DR-COLA", "drinks", "Cola", "可乐", 1_000),
      item("DR-WATER", "drinks", "Mineral water", "矿泉水", 500),
      item("DR-BEER", "drinks", "Tsingtao beer", "青岛啤酒", 2_500),
      item("DR-WINE", "drinks", "Red wine 187 ml", "红葡萄酒 187 毫升", 4_800),
      item("DR-MILK-TEA", "drinks", "Milk tea", "奶茶", 2_200),
      item("DR-HOT-CHOC", "drinks", "Hot chocolate", "热巧克力", 2_000),
      item("SV-PLANE", "souvenirs", "Model plane", "飞机模型", 4_500),
      item("SV-PANDA", "souvenirs", "Panda plush toy", "熊猫毛绒玩具", 6_800),
      item("SV-MUG", "souvenirs", "Airline mug", "航空马克杯", 3_800),
      item("SV-NECK-PILLOW", "souvenirs", "Travel neck pillow", "旅行颈枕", 8_800),
      item("SV-WINGS-PIN", "souvenirs", "Wings pin badge", "机翼徽章", 1_500),
      item("SV-POSTCARDS", "souvenirs", "Postcard set", "明信片套装", 2_000),
      item("SV-KEYRING", "souvenirs", "Keyring", "钥匙扣", 1_800),
      item("SV-CREW-CAP", "souvenirs", "Crew cap", "机组帽", 6_800),
      item("SV-UMBRELLA", "souvenirs", "Folding umbrella", "折叠伞", 5_800),
      item("SV-CARDS", "souvenirs", "Playing cards", "扑克牌", 1_200)));

  private SeedCatalogue() {}

  private static CatalogueItem item(String sku, String category, String nameEn, String nameZh, long priceMinor) {
    return new CatalogueItem(sku, category, nameEn, nameZh, priceMinor, CNY);
  }
}
