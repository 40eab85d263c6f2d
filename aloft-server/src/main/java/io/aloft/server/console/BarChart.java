package io.aloft.server.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart's geometry, computed here so that the template only draws: one bar per day, heights
 * in whole pixels from exact minor units, and a y-axis with a top label. No JavaScript.
 */
public record BarChart(String title, String currency, int width, int height, List<Bar> bars, long maxMinor) {
  static final int PLOT_HEIGHT = 160;
  static final int BAR_WIDTH = 28;
  static final int GAP = 8;
  static final int LEFT = 8;
  static final int BOTTOM = 36;

  /** One bar: where it stands, its label under the axis, and its value in words (also its tooltip). */
  public record Bar(int x, int y, int barHeight, String label, String value) {
    public int labelX() {
      return x + BAR_WIDTH / 2;
    }

    public int barWidth() {
      return BAR_WIDTH;
    }
  }

  /** A value and its label, in the order the bars are drawn. */
  record Point(String label, long amountMinor, String value) {}

  static BarChart of(String title, String currency, List<Point> points) {
    long max = points.stream().mapToLong(Point::amountMinor).max().orElse(0);
    List<Bar> bars = new ArrayList<>();
    int x = LEFT;
    for (Point point : points) {
      int h = max == 0 ? 0 : (int) Math.max(point.amountMinor() > 0 ? 1 : 0, point.amountMinor() * PLOT_HEIGHT / max);
      bars.add(new Bar(x, 8 + PLOT_HEIGHT - h, h, point.label(), point.value()));
      x += BAR_WIDTH + GAP;
    }
    return new BarChart(title, currency, Math.max(x, 200), PLOT_HEIGHT + 8 + BOTTOM, List.copyOf(bars), max);
  }

  public int axisY() {
    return 8 + PLOT_HEIGHT;
  }

  public int labelY() {
    return axisY() + 16;
  }
}
