package io.aloft.cli.app;

import com.google.zxing.client.j2se.MatrixToImageWriter;
import io.aloft.cli.qr.QrImages;
import io.aloft.cli.qr.QrInput;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.MessageType;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.score.EligibilityPolicy;
import io.aloft.server.score.Tier;
import io.aloft.wallet.Wallet;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.enrolment.Enrolment;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.pay.IssuedCode;
import io.aloft.wallet.status.OfflineStatus;
import io.aloft.wallet.sync.SyncReport;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The passenger's screens over the wallet SDK in one device folder: enrol before boarding, pay by
 * handshake or with a one-scan code, keep receipts, see the bills, sync after landing. Every
 * payment and enrolment is confirmed with the passphrase that unlocks the device key, for that
 * one action ({@link UnlockingKeys}).
 */
public final class PassengerApp {
  /** A passphrase is typed by a person; anything longer is not one. */
  static final int MAX_PASSPHRASE_CHARS = 1024;
  static final int MAX_BILLS_SHOWN = 100;
  /** How often the one-scan screen asks for its code again; a fresh one appears once the old one runs out. */
  static final int CODE_REFRESH_MS = 5_000;

  private final Wallet wallet;
  private final UnlockingKeys keys;
  private Optional<HandshakeOffer> offer = Optional.empty();
  private Optional<IssuedCode> authorization = Optional.empty();
  private Optional<PassengerModels.SyncResult> synced = Optional.empty();
  private AppServer server;

  public PassengerApp(Wallet wallet, UnlockingKeys keys) {
    this.wallet = wallet;
    this.keys = keys;
  }

  public void register(AppServer app) {
    this.server = app;
    app.get("", (ctx, frame) -> app.redirect(ctx, "home"));
    app.get("home", this::home);
    app.get("enrol", (ctx, frame) -> renderEnrol(ctx, frame, Optional.empty(), Optional.empty(), false));
    app.post("enrol", this::enrol);
    app.get("pay", (ctx, frame) -> renderScan(ctx, frame, Optional.empty(), Optional.empty()));
    app.post("pay", this::readRequest);
    app.get("pay/confirm", this::showOffer);
    app.post("pay/confirm", this::confirm);
    app.get("pay/authorization", this::showAuthorization);
    app.get("code", (ctx, frame) -> renderCodeForm(ctx, frame, Optional.empty(), Optional.empty()));
    app.post("code", this::makeCode);
    app.get("code/{payment}", this::showCode);
    app.get("code/{payment}/qr.png", this::codeImage);
    app.get("note", (ctx, frame) -> renderNote(ctx, frame, Optional.empty(), Optional.empty()));
    app.post("note", this::keepNote);
    app.get("bills", this::bills);
    app.get("bills/{payment}", this::bill);
    app.get("sync", (ctx, frame) -> renderSync(ctx, frame, Optional.empty()));
    app.post("sync", this::sync);
  }

  private AppPage page(AppPage.Frame frame, String titleKey, String section) {
    return frame.page("wallet", titleKey, section);
  }

  // Home and enrolment.

  private synchronized void home(Context ctx, AppPage.Frame frame) {
    OfflineStatus status = wallet.offlineStatus();
    server.render(ctx, "app/wallet/home.jte", page(frame, "home.title", "home"),
        new PassengerModels.Home(allowance(), status.pendingCount(), status.pendingTotals()));
  }

  private Optional<PassengerModels.Allowance> allowance() {
    Optional<Enrolment> enrolment = wallet.enrolment();
    return wallet.offlineStatus().allowance().flatMap(a -> enrolment.map(e -> new PassengerModels.Allowance(
        e.bundle().flightCode(), a.perPaymentLimit(), a.totalLimit(), a.spent(), a.remaining(), a.validUntil(),
        e.credential().scoreTier())));
  }

  private void renderEnrol(Context ctx, AppPage.Frame frame, Optional<String> error,
      Optional<PassengerModels.Refusal> refusal, boolean justEnrolled) {
    Optional<PassengerModels.Allowance> allowance;
    synchronized (this) {
      allowance = allowance();
    }
    CurrencyUnit currency = wallet.enrolment().map(e -> e.credential().currency()).orElse(CurrencyUnit.of("CNY"));
    int tier = allowance.map(PassengerModels.Allowance::tier).orElse(0);
    List<PassengerModels.TierRow> tiers = new ArrayList<>();
    for (Tier row : EligibilityPolicy.defaults().defaultTiers()) {
      tiers.add(new PassengerModels.TierRow(row.number(), row.minScore(),
          Money.of(row.perPaymentLimitMinor(), currency), Money.of(row.totalLimitMinor(), currency),
          row.number() == tier));
    }
    server.render(ctx, "app/wallet/enrol.jte", page(frame, "enrol.title", "home"),
        new PassengerModels.Enrol(allowance, tiers, error, refusal, justEnrolled));
  }

  private void enrol(Context ctx, AppPage.Frame frame) {
    long flightId;
    try {
      flightId = Long.parseLong(Forms.field(ctx, "flight", 19).strip());
      if (flightId < 1) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      ctx.status(400);
      renderEnrol(ctx, frame, Optional.of(frame.text("enrol.error.flight")), Optional.empty(), false);
      return;
    }
    Verdict<Enrolment> enrolled;
    try {
      synchronized (this) {
        try (UnlockingKeys.Unlocked unlocked = keys.unlock(passphrase(ctx))) {
          enrolled = wallet.enrol(flightId);
        }
      }
    } catch (IssuerException e) {
      ctx.status(e.kind() == IssuerException.Kind.REFUSED ? 400 : 502);
      renderEnrol(ctx, frame, Optional.of(issuerProblem(frame, e)), Optional.empty(), false);
      return;
    }
    if (!enrolled.isAccepted()) {
      ctx.status(400);
      renderEnrol(ctx, frame, Optional.empty(), Optional.of(refusal(enrolled)), false);
      return;
    }
    renderEnrol(ctx, frame, Optional.empty(), Optional.empty(), true);
  }

  // Pay by handshake.

  private void renderScan(Context ctx, AppPage.Frame frame, Optional<String> error,
      Optional<PassengerModels.Refusal> refusal) {
    server.render(ctx, "app/wallet/pay.jte", page(frame, "pay.title", "pay"), new PassengerModels.Scan(error, refusal));
  }

  private synchronized void readRequest(Context ctx, AppPage.Frame frame) {
    Optional<String> code = Forms.code(ctx);
    if (code.isEmpty()) {
      ctx.status(400);
      renderScan(ctx, frame, Optional.of("scan.error.empty"), Optional.empty());
      return;
    }
    Verdict<HandshakeOffer> read = wallet.readRequest(code.get());
    if (!read.isAccepted()) {
      ctx.status(400);
      renderScan(ctx, frame, Optional.empty(), Optional.of(refusal(read)));
      return;
    }
    offer = Optional.of(read.value());
    server.redirect(ctx, "pay/confirm");
  }

  private synchronized void showOffer(Context ctx, AppPage.Frame frame) {
    if (offer.isEmpty()) {
      server.redirect(ctx, "pay");
      return;
    }
    renderOffer(ctx, frame, offer.get(), Optional.empty());
  }

  private void renderOffer(Context ctx, AppPage.Frame frame, HandshakeOffer shown,
      Optional<PassengerModels.Refusal> refusal) {
    server.render(ctx, "app/wallet/confirm.jte", page(frame, "confirm.title", "pay"),
        new PassengerModels.Offer(shown.merchantName(), shown.amount(), shown.signedCharge(),
            items(shown.lineItems(), shown.amount().currency(), frame), shown.remainingAfter(), refusal));
  }

  private synchronized void confirm(Context ctx, AppPage.Frame frame) {
    if (offer.isEmpty()) {
      server.redirect(ctx, "pay");
      return;
    }
    HandshakeOffer confirmed = offer.get();
    Verdict<IssuedCode> issued;
    try (UnlockingKeys.Unlocked unlocked = keys.unlock(passphrase(ctx))) {
      issued = wallet.confirm(confirmed, CodeForm.AUTO);
    }
    if (!issued.isAccepted()) {
      ctx.status(400);
      renderOffer(ctx, frame, confirmed, Optional.of(refusal(issued)));
      return;
    }
    authorization = Optional.of(issued.value());
    offer = Optional.empty();
    server.redirect(ctx, "pay/authorization");
  }

  private synchronized void showAuthorization(Context ctx, AppPage.Frame frame) {
    if (authorization.isEmpty()) {
      server.redirect(ctx, "pay");
      return;
    }
    IssuedCode code = authorization.get();
    server.render(ctx, "app/wallet/showing.jte", page(frame, "authorization.title", "pay"),
        showing(code.bill(), code.qrText()));
  }

  private PassengerModels.Showing showing(Bill bill, String qrText) {
    boolean oneScan = bill.kind() != AuthorizationKind.HANDSHAKE;
    long window = wallet.enrolment().map(e -> e.bundle().oneScanPolicy().window().toSeconds()).orElse(0L);
    return new PassengerModels.Showing(bill.paymentId().toString(), qrText, bill.amount(), bill.merchantName(),
        oneScan, bill.kind() == AuthorizationKind.ONE_SCAN_CAP, window, Optional.empty(), Optional.empty());
  }

  // One-scan code.

  private void renderCodeForm(Context ctx, AppPage.Frame frame, Optional<String> error,
      Optional<PassengerModels.Refusal> refusal) {
    String currency;
    synchronized (this) {
      currency = wallet.enrolment().map(e -> e.credential().currency().code()).orElse("");
    }
    server.render(ctx, "app/wallet/code.jte", page(frame, "code.title", "code"),
        new PassengerModels.CodeForm(error, refusal, currency, Optional.empty()));
  }

  private synchronized void makeCode(Context ctx, AppPage.Frame frame) {
    Optional<OfflineCredential> credential = wallet.enrolment().map(Enrolment::credential);
    if (credential.isEmpty()) {
      ctx.status(400);
      renderCodeForm(ctx, frame, Optional.empty(), Optional.of(new PassengerModels.Refusal("NOT_ENROLLED", false)));
      return;
    }
    Money amount;
    try {
      amount = Money.parse(Forms.field(ctx, "amount", 32).strip(), credential.get().currency());
      if (amount.amountMinor() < 1) {
        throw new IllegalArgumentException("not positive");
      }
    } catch (IllegalArgumentException bad) {
      ctx.status(400);
      renderCodeForm(ctx, frame, Optional.of("code.error.amount"), Optional.empty());
      return;
    }
    boolean cap = "cap".equals(ctx.formParam("kind"));
    Verdict<IssuedCode> code;
    try (UnlockingKeys.Unlocked unlocked = keys.unlock(passphrase(ctx))) {
      code = cap ? wallet.payUpTo(amount, CodeForm.AUTO) : wallet.payAmount(amount, CodeForm.AUTO);
    }
    if (!code.isAccepted()) {
      ctx.status(400);
      renderCodeForm(ctx, frame, Optional.empty(), Optional.of(refusal(code)));
      return;
    }
    server.redirect(ctx, "code/" + code.value().paymentId());
  }

  private synchronized void showCode(Context ctx, AppPage.Frame frame) {
    Bill bill = wallet.bill(paymentId(ctx)).orElseThrow(AppServer.NotFound::new);
    if (bill.kind() == AuthorizationKind.HANDSHAKE) {
      throw new AppServer.NotFound();
    }
    Verdict<IssuedCode> current = wallet.refreshCode(bill.paymentId());
    if (!current.isAccepted()) {
      // Paid, or of another credential: the bill says which, and no code is shown for it.
      server.redirect(ctx, "bills/" + bill.paymentId());
      return;
    }
    server.render(ctx, "app/wallet/showing.jte", page(frame, "code.showTitle", "code"),
        showing(bill, current.value().qrText()));
  }

  /** The code to show now: the same while it is fresh, then the same payment signed again. */
  private synchronized void codeImage(Context ctx, AppPage.Frame frame) throws IOException {
    PaymentId id = paymentId(ctx);
    Verdict<IssuedCode> refreshed = wallet.refreshCode(id);
    if (!refreshed.isAccepted()) {
      throw new AppServer.NotFound();
    }
    IssuedCode current = refreshed.value();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      MatrixToImageWriter.writeToStream(QrImages.scaled(current.qrText()), "PNG", out);
      ctx.contentType("image/png").result(out.toByteArray());
    }
  }

  private static PaymentId paymentId(Context ctx) {
    try {
      return PaymentId.parse(ctx.pathParam("payment"));
    } catch (IllegalArgumentException e) {
      throw new AppServer.NotFound();
    }
  }

  // Receipts and refund notes.

  private void renderNote(Context ctx, AppPage.Frame frame, Optional<String> error,
      Optional<PassengerModels.Refusal> refusal) {
    server.render(ctx, "app/wallet/note.jte", page(frame, "note.title", "bills"),
        new PassengerModels.Scan(error, refusal));
  }

  private synchronized void keepNote(Context ctx, AppPage.Frame frame) {
    Optional<String> code = Forms.code(ctx);
    if (code.isEmpty()) {
      ctx.status(400);
      renderNote(ctx, frame, Optional.of("scan.error.empty"), Optional.empty());
      return;
    }
    Verdict<Bill> scanned;
    try {
      boolean refund = QrInput.messageType(code.get()).filter(MessageType.REFUND_NOTE::equals).isPresent();
      scanned = refund ? wallet.scanRefund(code.get()) : wallet.scanReceipt(code.get());
    } catch (DecodeException unreadable) {
      ctx.status(400);
      renderNote(ctx, frame, Optional.empty(), Optional.of(new PassengerModels.Refusal("UNREADABLE", false)));
      return;
    }
    if (!scanned.isAccepted()) {
      ctx.status(400);
      renderNote(ctx, frame, Optional.empty(), Optional.of(refusal(scanned)));
      return;
    }
    Bill kept = scanned.value();
    if (authorization.filter(a -> a.paymentId().equals(kept.paymentId())).isPresent()) {
      authorization = Optional.empty();
    }
    server.redirect(ctx, "bills/" + kept.paymentId() + "?kept=1");
  }

  // Bills and sync.

  private synchronized void bills(Context ctx, AppPage.Frame frame) {
    List<PassengerModels.Bill> bills = wallet.bills(MAX_BILLS_SHOWN).stream().map(bill -> view(bill, frame)).toList();
    server.render(ctx, "app/wallet/bills.jte", page(frame, "bills.title", "bills"), new PassengerModels.Bills(bills));
  }

  private synchronized void bill(Context ctx, AppPage.Frame frame) {
    Bill bill = wallet.bill(paymentId(ctx)).orElseThrow(AppServer.NotFound::new);
    server.render(ctx, "app/wallet/bill.jte", page(frame, "bill.title", "bills"), view(bill, frame));
  }

  private PassengerModels.Bill view(Bill bill, AppPage.Frame frame) {
    List<PassengerModels.Item> items = bill.request().map(r -> items(r.items(), bill.amount().currency(), frame))
        .orElse(List.of());
    return new PassengerModels.Bill(bill.paymentId().toString(), bill.kind().name(), bill.merchantName(),
        bill.amount(), bill.charged(), bill.refunded(), bill.state().name(), bill.issuedAt(), items,
        bill.receipt().isPresent(), bill.refunds().size(), bill.outcomeDetail(), bill.rejection().map(Enum::name));
  }

  private void renderSync(Context ctx, AppPage.Frame frame, Optional<String> error) {
    int pending;
    synchronized (this) {
      pending = wallet.offlineStatus().pendingCount();
    }
    server.render(ctx, "app/wallet/sync.jte", page(frame, "sync.title", "bills"),
        new PassengerModels.Sync(synced, error, pending));
  }

  private void sync(Context ctx, AppPage.Frame frame) {
    try {
      synchronized (this) {
        SyncReport report = wallet.sync();
        Map<String, Integer> states = new TreeMap<>();
        wallet.bills(1000).forEach(bill -> states.merge(bill.state().name(), 1, Integer::sum));
        synced = Optional.of(new PassengerModels.SyncResult(report.uploaded(), report.updated(), report.complete(),
            states.entrySet().stream().map(e -> new PassengerModels.StateCount(e.getKey(), e.getValue())).toList()));
      }
    } catch (IssuerException e) {
      ctx.status(502);
      renderSync(ctx, frame, Optional.of(issuerProblem(frame, e)));
      return;
    }
    server.redirect(ctx, "sync");
  }

  // Helpers.

  /** A request's lines, named in the passenger's language where the flight's catalogue has the item. */
  private List<PassengerModels.Item> items(List<LineItem> lines, CurrencyUnit currency, AppPage.Frame frame) {
    Catalogue catalogue = wallet.catalogue();
    return lines.stream().map(line -> new PassengerModels.Item(
        catalogue.forLine(line).map(item -> item.name(frame.language().tag())).orElse(line.name()), line.quantity(),
        Money.of(line.unitPriceMinor(), currency), Money.of(line.lineTotalMinor(), currency))).toList();
  }

  private static char[] passphrase(Context ctx) {
    String typed = ctx.formParam("passphrase");
    if (typed == null || typed.length() > MAX_PASSPHRASE_CHARS) {
      return new char[0];
    }
    return typed.toCharArray();
  }

  private static PassengerModels.Refusal refusal(Verdict<?> refused) {
    return new PassengerModels.Refusal(RefusalReason.of(refused).name(),
        refused.detail().contains("WRONG_PASSPHRASE"));
  }

  private static String issuerProblem(AppPage.Frame frame, IssuerException e) {
    return frame.text("issuer." + e.kind().name(), e.code(), e.getMessage());
  }
}
