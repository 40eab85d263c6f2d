package io.aloft.protocol.message;

import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a flight takes one-scan codes, set by the issuer in the trust bundle: how long a code
 * stays good after it was made, and the largest amount one code may carry. A screenshot of a
 * code is worth nothing after the window, and anything larger goes through the handshake, where
 * the terminal's request binds the payment to one sale.
 *
 * <pre>
 *   windowSeconds     u16       10..3600: a one-scan code is accepted while
 *                               now − window ≤ code time (clocks corrected against the issuer's)
 *   maxAmounts        count ≤ 64, each currency u16 + amount varint ≥ 1; ascending numeric code.
 *                               The largest one-scan payment for credentials in that currency,
 *                               compared with the signed amount converted to it; a currency
 *                               without an entry has no cap beyond the credential's limits.
 * </pre>
 *
 * @param window how old a one-scan code may be when a terminal accepts it
 * @param maxAmounts at most one per currency
 */
public record OneScanPolicy(Duration window, List<Money> maxAmounts) {
  public static final Duration MIN_WINDOW = Duration.ofSeconds(10);
  public static final Duration MAX_WINDOW = Duration.ofHours(1);
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(120);
  public static final int MAX_AMOUNTS = 64;
  /** 120 s, no cap beyond the credential's limits. */
  public static final OneScanPolicy DEFAULT = new OneScanPolicy(DEFAULT_WINDOW, List.of());

  public OneScanPolicy {
    if (window == null || window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0
        || window.getNano() != 0) {
      throw new IllegalArgumentException("one-scan window must be whole seconds within "
          + MIN_WINDOW.getSeconds() + ".." + MAX_WINDOW.getSeconds() + " s: " + window);
    }
    if (maxAmounts == null || maxAmounts.size() > MAX_AMOUNTS) {
      throw new IllegalArgumentException("maxAmounts must have at most " + MAX_AMOUNTS + " entries");
    }
    List<Money> sorted = new ArrayList<>(maxAmounts);
    sorted.sort(Comparator.comparingInt(m -> m.currency().numericCode()));
    for (int i = 0; i < sorted.size(); i++) {
      Wire.checkAmount("maxAmounts", sorted.get(i).amountMinor(), 1);
      if (i > 0 && sorted.get(i - 1).currency().equals(sorted.get(i).currency())) {
        throw new IllegalArgumentException("maxAmounts has two entries for " + sorted.get(i).currency());
      }
    }
    maxAmounts = List.copyOf(sorted);
  }

  public static OneScanPolicy of(Duration window, Money... maxAmounts) {
    return new OneScanPolicy(window, List.of(maxAmounts));
  }

  /** The largest one-scan payment for a credential in {@code currency}, if the bundle caps it. */
  public Optional<Money> maxAmount(CurrencyUnit currency) {
    return maxAmounts.stream().filter(m -> m.currency().equals(currency)).findFirst();
  }

  void write(ByteWriter out) {
    out.u16((int) window.getSeconds());
    out.varint(maxAmounts.size());
    maxAmounts.forEach(m -> {
      Wire.writeCurrency(out, m.currency());
      out.varint(m.amountMinor());
    });
  }

  static OneScanPolicy read(ByteReader in) throws DecodeException {
    Duration window = Duration.ofSeconds(in.u16((int) MIN_WINDOW.getSeconds(), (int) MAX_WINDOW.getSeconds()));
    List<Money> amounts = new ArrayList<>();
    for (int i = in.count(MAX_AMOUNTS); i > 0; i--) {
      CurrencyUnit currency = Wire.readCurrency(in);
      long amount = Wire.readAmount(in, 1);
      amounts.add(Wire.construct(() -> Money.of(amount, currency)));
    }
    return Wire.construct(() -> new OneScanPolicy(window, amounts));
  }
}
