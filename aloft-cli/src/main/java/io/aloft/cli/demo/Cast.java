package io.aloft.cli.demo;

import io.aloft.protocol.message.LineItem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Who flies and what is sold: drawn from the seed, so the same seed gives the same flight. */
final class Cast {
  static final String CURRENCY = "CNY";
  /** Opening balance of an ordinary passenger, in minor units. */
  static final long BALANCE_MINOR = 80_000;
  /** The passenger who will end in arrears starts with less than the flight will cost them. */
  static final long SHORT_BALANCE_MINOR = 3_000;

  private static final String[] NAMES = {"Ada", "Bo", "Chen", "Dara", "Emil", "Fang", "Gita", "Hugo", "Ines", "Jun",
      "Kofi", "Lena", "Mei", "Nils", "Omar", "Priya", "Quan", "Rosa", "Sami", "Tao", "Uma", "Viktor", "Wen", "Xia",
      "Yara", "Zhou"};
  private static final String[] TERMINAL_NAMES = {"Forward galley", "Aft galley", "Duty-free cart", "Mid galley"};

  static final List<LineItem> CATALOGUE = List.of(
      new LineItem("Jasmine tea", 1, 1_500), new LineItem("Coffee", 1, 1_800), new LineItem("Orange juice", 1, 1_200),
      new LineItem("Instant noodles", 1, 1_600), new LineItem("Sandwich", 1, 2_800), new LineItem("Peanuts", 1, 800),
      new LineItem("Chocolate", 1, 1_000));
  static final LineItem MODEL_PLANE = new LineItem("Model plane", 1, 4_500);
  static final LineItem PERFUME = new LineItem("Duty-free perfume", 1, 38_000);

  /** A passenger as drawn; {@code shortOfFunds} marks the one who ends in arrears. */
  record PassengerSpec(String label, String name, int score, long balanceMinor, boolean shortOfFunds) {}

  record TerminalSpec(String label, String name) {}

  private Cast() {}

  /**
   * About a quarter of the passengers score below 550 (the second always does); the last
   * eligible one is short of funds.
   */
  static List<PassengerSpec> passengers(int count, SplittableRandom random) {
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
      String name = NAMES[i % NAMES.length] + (i >= NAMES.length ? " " + (i / NAMES.length + 1) : "");
      boolean isShort = i == shortIndex;
      passengers.add(new PassengerSpec(String.format("P%02d", i + 1), name, drawn.get(i)[0],
          isShort ? SHORT_BALANCE_MINOR : BALANCE_MINOR, isShort));
    }
    return passengers;
  }

  static List<TerminalSpec> terminals(int count) {
    List<TerminalSpec> terminals = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = TERMINAL_NAMES[i % TERMINAL_NAMES.length] + (i >= TERMINAL_NAMES.length ? " " + (i + 1) : "");
      terminals.add(new TerminalSpec("T" + (i + 1), name));
    }
    return terminals;
  }

  /** One to three catalogue lines, one or two of each, kept within {@code limitMinor}. */
  static List<LineItem> basket(SplittableRandom random, long limitMinor) {
    List<LineItem> basket = new ArrayList<>();
    List<LineItem> shelf = new ArrayList<>(CATALOGUE);
    int lines = 1 + random.nextInt(3);
    long total = 0;
    for (int i = 0; i < lines && !shelf.isEmpty(); i++) {
      LineItem pick = shelf.remove(random.nextInt(shelf.size()));
      int quantity = 1 + random.nextInt(2);
      long line = pick.unitPriceMinor() * quantity;
      if (total + line <= limitMinor) {
        basket.add(new LineItem(pick.name(), quantity, pick.unitPriceMinor()));
        total += line;
      }
    }
    if (basket.isEmpty()) {
      basket.add(new LineItem("Peanuts", 1, 800));
    }
    return basket;
  }
}
