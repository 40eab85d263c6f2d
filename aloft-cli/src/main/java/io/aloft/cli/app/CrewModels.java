package io.aloft.cli.app;

import io.aloft.protocol.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models of the crew app's templates. */
public final class CrewModels {
  private CrewModels() {}

  public record CartLine(String key, String name, int quantity, Money unitPrice, Money total) {}

  public record CartView(List<CartLine> lines, Money total) {
    public boolean empty() {
      return lines.isEmpty();
    }
  }

  public record ShelfRow(String sku, String name, Money price) {}

  public record Category(String code, boolean current) {}

  /** The Sell screen: the catalogue by category beside the cart. */
  public record Sell(List<Category> categories, List<ShelfRow> items, CartView cart, Optional<String> error,
      String currency) {
    public boolean catalogue() {
      return !categories.isEmpty();
    }

    public String category() {
      return categories.stream().filter(Category::current).map(Category::code).findFirst().orElse("");
    }
  }

  /** The handshake request shown for the passenger to scan, and the field the authorization comes back in. */
  public record Request(String qrText, CartView cart, Optional<String> error) {}

  /** One-scan: the cart total to charge, and the field the passenger's code comes in. */
  public record OneScan(CartView cart, Optional<String> error) {}

  /** What the last scan came to: PAID with the receipt to show, or REFUSED with the reason. */
  public record Outcome(boolean paid, Optional<Money> charged, String paymentId, String receiptQrText,
      String reason, String detail, List<CartLine> lines, String retry) {}

  public record SaleRow(String paymentId, Money charged, Instant at) {}

  /** Refunds: this session's sales, and the last refund note to show. */
  public record Refund(List<SaleRow> sales, Optional<String> error, Optional<Refunded> refunded) {}

  /** A refund restated before it is made: which payment, and how much (empty: all that is left). */
  public record RefundConfirm(String paymentId, String typedAmount, Optional<Money> amount) {}

  public record Refunded(String paymentId, Money amount, String noteQrText) {}

  public record Peer(long terminalId, String name, Optional<Instant> lastHeard, boolean inContact) {}

  public record Status(long terminalId, String displayName, long pendingPayments, List<Money> pendingTotals,
      Optional<Instant> oldestPending, long journalSequence, long acknowledgedSequence, Optional<Bundle> bundle,
      Optional<String> staleWarning, List<Peer> peers) {}

  public record Bundle(long version, String flightCode, String state, Instant issuedAt, Instant expiresAt,
      long ageMinutes) {}

  /** Upload after landing: the job's progress and the server's outcomes so far. */
  public record Upload(String state, long entriesToSend, long entriesAnswered, int batchesAnswered,
      Map<String, Integer> outcomes, Optional<String> failure, long pendingPayments) {
    public boolean running() {
      return state.equals("running");
    }

    public int percent() {
      return entriesToSend <= 0 ? (state.equals("done") ? 100 : 0)
          : (int) Math.min(100, entriesAnswered * 100 / entriesToSend);
    }
  }
}
