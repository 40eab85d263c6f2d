package io.aloft.cli.wallet;

import io.aloft.cli.Amounts;
import io.aloft.cli.CliException;
import io.aloft.cli.Durations;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.qr.QrInput;
import io.aloft.cli.qr.QrOutput;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.MessageType;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.wallet.Wallet;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.pay.IssuedCode;
import java.io.Console;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Paying offline: answer a request (handshake), show a one-scan code, keep the terminal's notes. */
final class WalletPay {
  private WalletPay() {}

  @Command(name = "pay", mixinStandardHelpOptions = true,
      description = {"Pay a scanned payment request (handshake, offline).",
            "The last line of output is the authorization for the crew to scan. Asks before paying unless "
                + "--yes is given (scripts must pass --yes)."})
  static final class Pay implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Mixin PassphraseSource passphrase;
    @Mixin QrOutput qr;

    @Parameters(paramLabel = "REQUEST", description = "The request: AL1… text, a PNG image file, or - for standard input.")
    String request;

    @Option(names = {"-y", "--yes"}, description = "Pay without asking.") boolean yes;

    @Option(names = "--self-contained", description = "Carry the whole credential in the code (any terminal of the flight can check it).")
    boolean selfContained;

    @Override
    public Integer call() throws Exception {
      String scanned = QrInput.read(request);
      try (WalletCommand.Opened opened = parent.open(parent.profile(), passphrase, Optional.empty())) {
        Wallet wallet = opened.wallet();
        HandshakeOffer offer = WalletCommand.accepted(wallet.readRequest(scanned));
        describe(offer);
        if (!yes && !confirmed()) {
          System.out.println("not paid");
          return ExitCodes.REFUSED;
        }
        IssuedCode code = WalletCommand.accepted(
            wallet.confirm(offer, selfContained ? CodeForm.SELF_CONTAINED : CodeForm.AUTO));
        System.out.println("AUTHORIZED payment " + code.paymentId() + ": show this code to the crew");
        qr.emit("authorization", code.qrText(), System.out);
      }
      return ExitCodes.OK;
    }

    private static void describe(HandshakeOffer offer) {
      CurrencyUnit currency = offer.amount().currency();
      System.out.println("Pay " + offer.amount() + " to " + offer.merchantName()
          + (offer.signedCharge().equals(offer.amount()) ? "" : " (" + offer.signedCharge() + " from your account)") + "?");
      for (LineItem item : offer.lineItems()) {
        System.out.println("  " + item.quantity() + " x " + item.name() + " @ "
            + Money.of(item.unitPriceMinor(), currency).toPlainString());
      }
      System.out.println("  leaves " + offer.remainingAfter() + " of your offline allowance");
    }

    private static boolean confirmed() throws CliException {
      Console console = System.console();
      if (console == null) {
        throw new CliException(ExitCodes.USAGE, "not asking without a terminal: pass --yes to pay from a script");
      }
      String answer = console.readLine("Pay? [y/N] ");
      return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }
  }

  @Command(name = "code", mixinStandardHelpOptions = true,
      description = {"Show a one-scan payment code for the crew to scan (offline).",
            "For exactly AMOUNT, or with --cap for up to a cap the terminal may charge (the whole cap counts "
                + "as spent). The last line of output is the code.",
            "A code is good for the flight's one-scan window (120 s unless the flight says otherwise); with "
                + "--refresh-every the command keeps running and prints (and writes to --png) the same payment "
                + "signed afresh each time the code it shows runs out: no new payment, no allowance spent."})
  static final class Code implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Mixin PassphraseSource passphrase;
    @Mixin QrOutput qr;

    static final class Amount {
      @Parameters(paramLabel = "AMOUNT", description = "Exactly this, in major units.") String exact;
      @Option(names = "--cap", paramLabel = "AMOUNT", description = "Up to this.") String cap;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Amount amount;

    @Option(names = "--compact", description = "Name the credential by serial only (the terminal must hold a bundle listing it).")
    boolean compact;

    @Option(names = "--refresh-every", paramLabel = "DURATION", converter = Durations.class,
        description = "Check every DURATION (1s to 1h) whether the code shown ran out, and show a fresh one when it did.")
    Duration refreshEvery;

    @Option(names = "--refreshes", paramLabel = "N", defaultValue = "10",
        description = "With --refresh-every: stop after N fresh codes, 1 to " + MAX_REFRESHES + " (default: ${DEFAULT-VALUE}).")
    int refreshes;

    static final int MAX_REFRESHES = 100;

    @Override
    public Integer call() throws Exception {
      if (refreshEvery != null && (refreshEvery.compareTo(Duration.ofSeconds(1)) < 0
          || refreshEvery.compareTo(Duration.ofHours(1)) > 0 || refreshes < 1 || refreshes > MAX_REFRESHES)) {
        throw new CliException(ExitCodes.USAGE, "--refresh-every must be 1s to 1h and --refreshes 1 to " + MAX_REFRESHES);
      }
      try (WalletCommand.Opened opened = parent.open(parent.profile(), passphrase, Optional.empty())) {
        Wallet wallet = opened.wallet();
        CurrencyUnit currency = wallet.enrolment().map(e -> e.credential().currency())
            .orElseThrow(() -> new CliException(ExitCodes.USAGE, "not enrolled: run 'aloft wallet enrol --flight ID' first"));
        CodeForm form = compact ? CodeForm.COMPACT : CodeForm.SELF_CONTAINED;
        IssuedCode code = WalletCommand.accepted(amount.cap != null
            ? wallet.payUpTo(Amounts.money(amount.cap, currency), form)
            : wallet.payAmount(Amounts.money(amount.exact, currency), form));
        System.out.println("AUTHORIZED payment " + code.paymentId() + " of " + (amount.cap != null ? "up to " : "")
            + code.bill().amount() + ": show this code to the crew");
        qr.emit("payment code", code.qrText(), System.out);
        if (refreshEvery != null) {
          keepFresh(wallet, code, refreshEvery, refreshes, qr);
        }
      }
      return ExitCodes.OK;
    }
  }

  /**
   * Shows the payment's code afresh each time the one shown runs out, at most {@code refreshes}
   * times; checks are bounded too, to what those refreshes can take.
   */
  private static void keepFresh(Wallet wallet, IssuedCode first, Duration every, int refreshes, QrOutput qr)
      throws Exception {
    Duration window = wallet.enrolment().orElseThrow().bundle().oneScanPolicy().window();
    long maxChecks = (long) refreshes * (window.toMillis() / every.toMillis() + 2);
    String shown = first.qrText();
    int fresh = 0;
    for (long check = 0; check < maxChecks && fresh < refreshes; check++) {
      Thread.sleep(every.toMillis());
      IssuedCode current = WalletCommand.accepted(wallet.refreshCode(first.paymentId()));
      if (!current.qrText().equals(shown)) {
        shown = current.qrText();
        fresh++;
        System.out.println("FRESH code " + fresh + " of at most " + refreshes + " for payment " + first.paymentId()
            + " (the one before no longer pays)");
        qr.emit("payment code", shown, System.out);
        System.out.flush();
      }
    }
  }

  @Command(name = "keep", mixinStandardHelpOptions = true,
      description = "Scan and keep a terminal's receipt or refund note with its bill (offline).")
  static final class Keep implements Callable<Integer> {
    @ParentCommand WalletCommand parent;

    @Parameters(paramLabel = "NOTE", description = "The receipt or refund note: AL1… text, a PNG file, or -.")
    String note;

    @Override
    public Integer call() throws Exception {
      String scanned = QrInput.read(note);
      try (WalletCommand.Opened opened = parent.open(parent.profile(), new PassphraseSource(), Optional.empty())) {
        Bill bill = WalletCommand.accepted(kindOf(scanned) == MessageType.REFUND_NOTE
            ? opened.wallet().scanRefund(scanned) : opened.wallet().scanReceipt(scanned));
        System.out.println("kept with bill " + bill.paymentId() + ": " + bill.state()
            + (bill.refunds().isEmpty() ? "" : ", refunded " + bill.refunded()));
      }
      return ExitCodes.OK;
    }

    private static MessageType kindOf(String text) throws CliException {
      try {
        return QrInput.messageType(text).orElse(null);
      } catch (DecodeException e) {
        throw new CliException(ExitCodes.INPUT, "not an Aloft code: " + e.getMessage());
      }
    }
  }
}
