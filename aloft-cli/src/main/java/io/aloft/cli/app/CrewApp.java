package io.aloft.cli.app;

import io.aloft.cli.terminal.CountingUploader;
import io.aloft.cli.terminal.TerminalProfile;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.cabin.CabinStatus;
import io.aloft.terminal.refund.RefundCode;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import io.aloft.terminal.status.OfflineStatus;
import io.aloft.terminal.upload.SyncReport;
import io.aloft.terminal.upload.Uploader;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The crew handheld's screens over the terminal SDK in one device folder: sell from the
 * catalogue, get paid by handshake or one-scan, refund, see the status, upload after landing.
 * Scanned codes arrive as the text of a form field, filled by the camera scanner, the file
 * picker, or typed; the terminal's rules decide, and a refusal is shown in the crew's words.
 */
public final class CrewApp {
  /** Sales this app remembers for the Refund screen; older ones are refunded by payment id. */
  static final int MAX_RECENT_SALES = 50;
  static final Duration CONTACT_WINDOW = Duration.ofSeconds(60);

  private final Terminal terminal;
  private final TerminalProfile profile;
  private final CurrencyUnit currency;
  private final Supplier<Uploader> uploader;
  private final Clock clock;
  private final Cart cart;
  private final Deque<CrewModels.SaleRow> sales = new ArrayDeque<>();
  private Optional<RequestCode> request = Optional.empty();
  private Optional<CrewModels.Outcome> outcome = Optional.empty();
  private Optional<CrewModels.Refunded> refunded = Optional.empty();
  private final UploadJob upload = new UploadJob();
  private AppServer server;

  /**
   * @param uploader the server as this terminal, made when an upload starts (after landing)
   */
  public CrewApp(Terminal terminal, TerminalProfile profile, CurrencyUnit currency, Supplier<Uploader> uploader,
      Clock clock) {
    this.terminal = terminal;
    this.profile = profile;
    this.currency = currency;
    this.uploader = uploader;
    this.clock = clock;
    this.cart = new Cart(currency);
  }

  /** Adds the crew screens to {@code app}. */
  public void register(AppServer app) {
    this.server = app;
    app.get("", (ctx, frame) -> app.redirect(ctx, "sell"));
    app.get("sell", this::sell);
    app.post("cart/add", this::addItem);
    app.post("cart/amount", this::addAmount);
    app.post("cart/less", this::less);
    app.post("cart/clear", (ctx, frame) -> {
      synchronized (this) {
        cart.clear();
      }
      app.redirect(ctx, "sell");
    });
    app.post("pay/handshake", this::startHandshake);
    app.get("pay/request", this::showRequest);
    app.post("pay/accept", this::acceptAuthorization);
    app.get("pay/one-scan", this::oneScan);
    app.post("pay/one-scan", this::acceptOneScan);
    app.get("pay/outcome", this::showOutcome);
    app.get("refund", this::refundScreen);
    app.post("refund", this::refund);
    app.get("status", this::status);
    app.get("upload", this::uploadScreen);
    app.post("upload", this::startUpload);
  }

  private AppPage page(AppPage.Frame frame, String titleKey, String section) {
    return frame.page("crew", titleKey, section);
  }

  // Sell.

  private synchronized void sell(Context ctx, AppPage.Frame frame) {
    renderSell(ctx, frame, Optional.empty());
  }

  private void renderSell(Context ctx, AppPage.Frame frame, Optional<String> error) {
    Catalogue catalogue = terminal.catalogue();
    List<String> categories = catalogue.categories();
    String chosen = Optional.ofNullable(ctx.queryParam("category")).filter(categories::contains)
        .orElse(categories.isEmpty() ? "" : categories.get(0));
    List<CrewModels.Category> tabs = categories.stream().map(c -> new CrewModels.Category(c, c.equals(chosen))).toList();
    List<CrewModels.ShelfRow> rows = catalogue.items(chosen).stream()
        .map(item -> new CrewModels.ShelfRow(item.sku(), item.name(frame.language().tag()), item.unitPrice())).toList();
    server.render(ctx, "app/crew/sell.jte", page(frame, "sell.title", "sell"),
        new CrewModels.Sell(tabs, rows, cartView(frame), error, currency.code()));
  }

  /** The cart as shown: catalogue items named in the crew's language (the request carries the English name). */
  private CrewModels.CartView cartView(AppPage.Frame frame) {
    Catalogue catalogue = terminal.catalogue();
    List<CrewModels.CartLine> lines = cart.lines().stream().map(line -> new CrewModels.CartLine(line.key(),
        catalogue.item(line.key()).map(item -> item.name(frame.language().tag())).orElse(line.name()),
        line.quantity(), line.unitPrice(), line.total())).toList();
    return new CrewModels.CartView(lines, cart.total());
  }

  private synchronized void addItem(Context ctx, AppPage.Frame frame) {
    String sku = Forms.field(ctx, "sku", 64);
    // An item priced in another currency than the terminal sells in cannot join its cart.
    Optional<CatalogueItem> item = terminal.catalogue().item(sku);
    if (item.isEmpty() || !item.get().currency().equals(currency)) {
      ctx.status(400);
      renderSell(ctx, frame, Optional.of("cart.error.unknown"));
      return;
    }
    try {
      cart.add(item.get().sku(), item.get().nameEn(), item.get().unitPrice());
    } catch (Cart.Refused refused) {
      ctx.status(400);
      renderSell(ctx, frame, Optional.of(refused.getMessage()));
      return;
    }
    server.redirect(ctx, "sell?category=" + item.get().category() + "#cart");
  }

  private synchronized void addAmount(Context ctx, AppPage.Frame frame) {
    String label = Forms.field(ctx, "label", 64);
    Money amount;
    try {
      amount = Money.parse(Forms.field(ctx, "amount", 32).strip(), currency);
      cart.addAmount(label.isBlank() ? frame.text("cart.typed") : label, amount);
    } catch (IllegalArgumentException badAmount) {
      ctx.status(400);
      renderSell(ctx, frame, Optional.of("cart.error.amount"));
      return;
    } catch (Cart.Refused refused) {
      ctx.status(400);
      renderSell(ctx, frame, Optional.of(refused.getMessage()));
      return;
    }
    server.redirect(ctx, "sell#cart");
  }

  private synchronized void less(Context ctx, AppPage.Frame frame) {
    cart.less(Forms.field(ctx, "key", 64));
    server.redirect(ctx, "sell#cart");
  }

  // Get paid.

  private synchronized void startHandshake(Context ctx, AppPage.Frame frame) {
    if (cart.isEmpty()) {
      ctx.status(400);
      renderSell(ctx, frame, Optional.of("cart.error.empty"));
      return;
    }
    Verdict<RequestCode> made = terminal.createRequest(cart.total(), cart.items());
    if (made instanceof Verdict.Rejected<RequestCode> refusal) {
      outcome = Optional.of(refused(refusal, "sell"));
      server.redirect(ctx, "pay/outcome");
      return;
    }
    request = Optional.of(made.value());
    server.redirect(ctx, "pay/request");
  }

  private synchronized void showRequest(Context ctx, AppPage.Frame frame) {
    if (request.isEmpty()) {
      server.redirect(ctx, "sell");
      return;
    }
    server.render(ctx, "app/crew/request.jte", page(frame, "request.title", "sell"),
        new CrewModels.Request(request.get().qrText(), cartView(frame), Optional.empty()));
  }

  private synchronized void acceptAuthorization(Context ctx, AppPage.Frame frame) {
    Optional<String> code = Forms.code(ctx);
    if (code.isEmpty() || request.isEmpty()) {
      ctx.status(400);
      server.render(ctx, "app/crew/request.jte", page(frame, "request.title", "sell"),
          new CrewModels.Request(request.map(RequestCode::qrText).orElse(""), cartView(frame),
              Optional.of("scan.error.empty")));
      return;
    }
    settle(terminal.accept(code.get()), "pay/request", frame);
    server.redirect(ctx, "pay/outcome");
  }

  private synchronized void oneScan(Context ctx, AppPage.Frame frame) {
    server.render(ctx, "app/crew/onescan.jte", page(frame, "onescan.title", "sell"),
        new CrewModels.OneScan(cartView(frame), Optional.empty()));
  }

  private synchronized void acceptOneScan(Context ctx, AppPage.Frame frame) {
    Optional<String> code = Forms.code(ctx);
    if (code.isEmpty()) {
      ctx.status(400);
      server.render(ctx, "app/crew/onescan.jte", page(frame, "onescan.title", "sell"),
          new CrewModels.OneScan(cartView(frame), Optional.of("scan.error.empty")));
      return;
    }
    // The cart's total is the charge: a cap code pays it if it fits the cap, an exact code only if it is its amount.
    settle(cart.isEmpty() ? terminal.accept(code.get()) : terminal.accept(code.get(), cart.total()), "pay/one-scan",
        frame);
    server.redirect(ctx, "pay/outcome");
  }

  /** Records what a scan came to; a sale empties the cart and closes the request it answered. */
  private void settle(Verdict<Sale> verdict, String retry, AppPage.Frame frame) {
    List<CrewModels.CartLine> lines = cartView(frame).lines();
    if (verdict instanceof Verdict.Rejected<Sale> refusal) {
      outcome = Optional.of(refused(refusal, retry));
      return;
    }
    Sale sale = verdict.value();
    outcome = Optional.of(new CrewModels.Outcome(true, Optional.of(sale.charged()), sale.paymentId().toString(),
        sale.receiptQrText(), "", "", lines, "sell"));
    sales.addFirst(new CrewModels.SaleRow(sale.paymentId().toString(), sale.charged(), clock.instant()));
    while (sales.size() > MAX_RECENT_SALES) {
      sales.removeLast();
    }
    cart.clear();
    request = Optional.empty();
  }

  private static CrewModels.Outcome refused(Verdict.Rejected<?> refusal, String retry) {
    return new CrewModels.Outcome(false, Optional.empty(), "", "", refusal.reason().name(), refusal.detail(),
        List.of(), retry);
  }

  private synchronized void showOutcome(Context ctx, AppPage.Frame frame) {
    if (outcome.isEmpty()) {
      server.redirect(ctx, "sell");
      return;
    }
    server.render(ctx, "app/crew/outcome.jte", page(frame, outcome.get().paid() ? "outcome.paid.title"
        : "outcome.refused.title", "sell"), outcome.get());
  }

  // Refund.

  private synchronized void refundScreen(Context ctx, AppPage.Frame frame) {
    renderRefund(ctx, frame, Optional.empty());
  }

  private void renderRefund(Context ctx, AppPage.Frame frame, Optional<String> error) {
    server.render(ctx, "app/crew/refund.jte", page(frame, "refund.title", "refund"),
        new CrewModels.Refund(List.copyOf(sales), error, refunded));
  }

  /** A refund moves money: the first post restates it for the crew to confirm, the second makes the note. */
  private synchronized void refund(Context ctx, AppPage.Frame frame) {
    PaymentId id;
    Optional<Money> amount;
    try {
      id = PaymentId.parse(Forms.field(ctx, "payment", 64).strip());
      String typed = Forms.field(ctx, "amount", 32).strip();
      amount = typed.isEmpty() ? Optional.empty() : Optional.of(Money.parse(typed, currency));
      if (amount.isPresent() && amount.get().amountMinor() < 1) {
        throw new IllegalArgumentException("not positive");
      }
    } catch (IllegalArgumentException bad) {
      ctx.status(400);
      renderRefund(ctx, frame, Optional.of("refund.error.input"));
      return;
    }
    if (!"yes".equals(ctx.formParam("confirmed"))) {
      server.render(ctx, "app/crew/refundconfirm.jte", page(frame, "refund.confirmTitle", "refund"),
          new CrewModels.RefundConfirm(id.toString(), amount.map(Money::toPlainString).orElse(""), amount));
      return;
    }
    Verdict<RefundCode> verdict = amount.isEmpty() ? terminal.voidPayment(id) : terminal.refund(id, amount.get());
    if (verdict instanceof Verdict.Rejected<RefundCode> refusal) {
      ctx.status(400);
      renderRefund(ctx, frame, Optional.of("crew.reason." + refusal.reason().name()));
      return;
    }
    RefundCode note = verdict.value();
    refunded = Optional.of(new CrewModels.Refunded(id.toString(), note.note().amount(), note.qrText()));
    server.redirect(ctx, "refund#refunded");
  }


  // Status and upload.

  private void status(Context ctx, AppPage.Frame frame) {
    OfflineStatus status = terminal.offlineStatus();
    Instant now = clock.instant();
    Optional<CrewModels.Bundle> bundle = status.bundle().map(b -> new CrewModels.Bundle(b.bundleVersion(),
        b.flightCode(), b.state().name(), b.issuedAt(), b.expiresAt(), b.age().toMinutes()));
    Optional<String> stale = status.bundle().flatMap(b -> Optional.ofNullable(profile.departure())
        .flatMap(departure -> b.staleWarning(Instant.parse(departure), now)));
    CabinStatus cabin = terminal.cabinStatus(CONTACT_WINDOW);
    List<CrewModels.Peer> peers = cabin.peers().stream().map(p -> new CrewModels.Peer(p.terminalId(), p.name(),
        p.lastHeard(), p.inContact())).toList();
    server.render(ctx, "app/crew/status.jte", page(frame, "status.title", "status"),
        new CrewModels.Status(profile.terminalId(), profile.displayName(), status.pendingPayments(),
            List.copyOf(status.pendingByCurrency().values()), status.oldestPending(), status.journalSequence(),
            status.lastAcknowledgedSequence(), bundle, stale, peers));
  }

  private void uploadScreen(Context ctx, AppPage.Frame frame) {
    CrewModels.Upload model = upload.view(upload.running() ? -1 : terminal.offlineStatus().pendingPayments());
    server.render(ctx, "app/crew/upload.jte", page(frame, "upload.title", "upload"), model);
  }

  private void startUpload(Context ctx, AppPage.Frame frame) {
    if (!upload.running()) {
      OfflineStatus status = terminal.offlineStatus();
      upload.start(status.journalSequence() - status.lastAcknowledgedSequence());
    }
    server.redirect(ctx, "upload");
  }

  /**
   * The one upload that may run at a time, on a thread of its own so that the page can show its
   * progress; the terminal bounds it to {@link Terminal#MAX_BATCHES_PER_SYNC} batches.
   */
  private final class UploadJob {
    private String state = "idle";
    private long toSend;
    private CountingUploader counting;
    private SyncReport report;
    private Optional<String> failure = Optional.empty();

    synchronized boolean running() {
      return state.equals("running");
    }

    synchronized void start(long entries) {
      state = "running";
      toSend = entries;
      report = null;
      failure = Optional.empty();
      counting = new CountingUploader(uploader.get());
      CountingUploader mine = counting;
      Thread thread = new Thread(() -> {
        try {
          finish(terminal.sync(mine));
        } catch (RuntimeException e) {
          failed(e);
        }
      }, "aloft-app-upload");
      thread.setDaemon(true);
      thread.start();
    }

    private synchronized void finish(SyncReport finished) {
      report = finished;
      failure = finished.failure().map(Throwable::getMessage);
      state = "done";
    }

    private synchronized void failed(RuntimeException e) {
      failure = Optional.of(String.valueOf(e.getMessage()));
      state = "done";
    }

    synchronized CrewModels.Upload view(long pendingPayments) {
      Map<String, Integer> counts = counting == null ? Map.of() : counting.counts();
      long answered = counts.values().stream().mapToLong(Integer::longValue).sum();
      return new CrewModels.Upload(state, toSend, answered, report == null ? 0 : report.batchesAnswered(), counts,
          failure, pendingPayments);
    }
  }
}
