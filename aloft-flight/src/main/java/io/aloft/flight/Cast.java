package io.aloft.flight;

import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.LineItem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Who flies and what is sold: drawn from the seed, so the same seed gives the same flight. */
public final class Cast {
  public static final String CURRENCY = "CNY";
  /** Opening balance of an ordinary passenger, in minor units. */
  public static final long BALANCE_MINOR = 80_000;
  /** The passenger who will end in arrears starts with less than the flight will cost them. */
  public static final long SHORT_BALANCE_MINOR = 3_000;

  private static final String[] NAMES = {"Ada", "Bo", "Chen", "Dara", "Emil", "Fang", "Gita", "Hugo", "Ines", "Jun",
      "Kofi", "Lena", "Mei", "Nils", "Omar", "Priya", "Quan", "Rosa", "Sami", "Tao", "Uma", "Viktor", "Wen", "Xia",
      "Yara", "Zhou"};
  private static final String[] TERMINAL_NAMES = {"Forward galley", "Aft galley", "Duty-free cart", "Mid galley"};

  /** The identity level the demo's passengers have verified. */
  public static final int IDENTITY_LEVEL = 2;

  /**
   * A passenger as drawn; {@code shortOfFunds} marks the one the story expects to end in arrears.
   */
  public record PassengerSpec(String label, String name, int identityLevel, int score, long balanceMinor,
      boolean shortOfFunds) {}

  public record TerminalSpec(String label, String name) {}

  private Cast() {}

  /**
   * About a quarter of the passengers score below 550 (the second always does); the last
   * eligible one is short of funds.
   */
  public static List<PassengerSpec> passengers(int count, SplittableRandom random) {
    List<int[]> drawn = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean refused = i == 1 || (i > 2 && random.nextInt(4) == 0);
      drawn.add(new int[] {refused ? 420 + random.nextInt(130) : 560 + random.nextInt(261)});
    }
    int shortIndex = -1;
    for (int i = count - 1; i >= 0 && shortIndex < 0; i--) {
      if (drawn.get(i)[0] >= 550 && i != 0) {
        shortIndex = i;
      }
    }
    List<PassengerSpec> passengers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean isShort = i == shortIndex;
      passengers.add(new PassengerSpec(label(i), name(i), IDENTITY_LEVEL, drawn.get(i)[0],
          isShort ? SHORT_BALANCE_MINOR : BALANCE_MINOR, isShort));
    }
    return passengers;
  }

  /** The label of the passenger at {@code index} (from 0), which names their phone's folder. */
  public static String label(int index) {
    return String.format("P%02d", index + 1);
  }

  /** The first name of the passenger at {@code index}: from the list, numbered once it runs out. */
  public static String name(int index) {
    return NAMES[index % NAMES.length] + (index >= NAMES.length ? " " + (index / NAMES.length + 1) : "");
  }

  public static List<TerminalSpec> terminals(int count) {
    List<TerminalSpec> terminals = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = TERMINAL_NAMES[i % TERMINAL_NAMES.length] + (i >= TERMINAL_NAMES.length ? " " + (i + 1) : "");
      terminals.add(new TerminalSpec("T" + (i + 1), name));
    }
    return terminals;
  }

  /**
   * One to three lines from the trolley (the meals and drinks of the terminal's catalogue), one or
   * two of each, kept within {@code limitMinor}.
   */
  public static List<LineItem> basket(SplittableRandom random, long limitMinor, Catalogue catalogue) {
    List<LineItem> basket = new ArrayList<>();
    List<CatalogueItem> shelf = new ArrayList<>(catalogue.items("meals"));
    shelf.addAll(catalogue.items("drinks"));
    int lines = 1 + random.nextInt(3);
    long total = 0;
    for (int i = 0; i < lines && !shelf.isEmpty(); i++) {
      CatalogueItem pick = shelf.remove(random.nextInt(shelf.size()));
      int quantity = 1 + random.nextInt(2);
      long line = pick.unitPriceMinor() * quantity;
      if (total + line <= limitMinor) {
        basket.add(pick.lineItem(quantity));
        total += line;
      }
    }
    if (basket.isEmpty()) {
      basket.add(item(catalogue, SeedCatalogue.CHEAPEST_SNACK).lineItem(1));
    }
    return basket;
  }

  /** One item of the terminal's catalogue; the flight's airline set it, so a missing one is a bug. */
  public static CatalogueItem item(Catalogue catalogue, String sku) {
    return catalogue.item(sku).orElseThrow(() -> new IllegalStateException("the catalogue has no " + sku));
  }
}
