package io.aloft.cli.terminal;

import io.aloft.cli.Amounts;
import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.qr.QrInput;
import io.aloft.cli.qr.QrOutput;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.refund.RefundCode;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Selling offline: show a request, accept a scanned code, refund. No network is used. */
final class TerminalSale {
  private TerminalSale() {}

  /** Prints a refusal for the crew and a script: one line on stdout, the detail on stderr; exit 1. */
  static int refused(Verdict.Rejected<?> refusal) {
    System.out.println("REFUSED " + refusal.reason() + ": " + refusal.reason().message());
    System.err.println("aloft: " + refusal.detail());
    return ExitCodes.REFUSED;
  }

  static String describe(List<LineItem> items, CurrencyUnit currency) {
    return items.stream().map(i -> i.quantity() + " x " + i.name() + " @ " + Money.of(i.unitPriceMinor(), currency).toPlainString())
        .collect(Collectors.joining(", "));
  }

  @Command(name = "request", mixinStandardHelpOptions = true,
      description = {"Show a signed payment request for the passenger to scan (offline).",
            "Give an AMOUNT, or line items whose total is the amount, or both (they must agree). The last "
                + "line of output is the request's text; --png writes it as a QR image."})
  static final class Request implements Callable<Integer> {
    @ParentCommand TerminalCommand parent;
    @Mixin QrOutput qr;

    @Parameters(arity = "0..1", paramLabel = "AMOUNT", description = "In major units, e.g. 45.00.") String amount;

    @Option(names = {"-i", "--item"}, paramLabel = "NAME:QTY:PRICE",
        description = "A line item, e.g. 'Jasmine tea:3:15.00' (repeatable, at most 16).")
    List<String> items = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      TerminalProfile profile = parent.profile();
      CurrencyUnit currency = Amounts.currency(profile.currency());
      List<LineItem> lines = Amounts.items(items, currency);
      if (amount == null && lines.isEmpty()) {
        throw new CliException(ExitCodes.USAGE, "give an AMOUNT or at least one --item");
      }
      Money total = amount != null ? Amounts.money(amount, currency) : Amounts.totalOf(lines, currency);
      if (!lines.isEmpty() && !Amounts.totalOf(lines, currency).equals(total)) {
        throw new CliException(ExitCodes.USAGE, "the items add up to " + Amounts.totalOf(lines, currency)
            + ", not " + total);
      }
      try (Terminal terminal = parent.open(profile)) {
        Verdict<RequestCode> made = terminal.createRequest(total, lines);
        if (made instanceof Verdict.Rejected<RequestCode> refusal) {
          return refused(refusal);
        }
        System.out.println("request for " + total + " from terminal " + profile.terminalId()
            + (lines.isEmpty() ? "" : ": " + describe(lines, currency)));
        qr.emit("request", made.value().qrText(), System.out);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "accept", mixinStandardHelpOptions = true,
      description = {"Accept or refuse a scanned payment code (offline).",
            "Exit 0 and print PAID and the receipt (last line), or exit 1 and print REFUSED with the reason "
                + "code."})
  static final class Accept implements Callable<Integer> {
    @ParentCommand TerminalCommand parent;
    @Mixin QrOutput qr;

    @Parameters(paramLabel = "CODE", description = "The code: AL1… text, a PNG image file, or - for standard input.")
    String code;

    @Option(names = "--charge", paramLabel = "AMOUNT",
        description = "For a one-scan code with a cap: what to charge (at most the cap).")
    String charge;

    @Override
    public Integer call() throws Exception {
      TerminalProfile profile = parent.profile();
      String scanned = QrInput.read(code);
      try (Terminal terminal = parent.open(profile)) {
        Verdict<Sale> verdict = charge == null ? terminal.accept(scanned)
            : terminal.accept(scanned, Amounts.money(charge, Amounts.currency(profile.currency())));
        if (verdict instanceof Verdict.Rejected<Sale> refusal) {
          return refused(refusal);
        }
        Sale sale = verdict.value();
        System.out.println("PAID " + sale.charged() + " payment " + sale.paymentId() + " journal #" + sale.journalSequence());
        qr.emit("receipt", sale.receiptQrText(), System.out);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "refund", mixinStandardHelpOptions = true,
      description = {"Refund part or all of a payment with a signed refund note (offline).",
            "Without AMOUNT, refunds everything not yet refunded. The last line is the note's text."})
  static final class Refund implements Callable<Integer> {
    @ParentCommand TerminalCommand parent;
    @Mixin QrOutput qr;

    @Parameters(index = "0", paramLabel = "PAYMENT_ID", description = "As printed by 'accept' (SERIAL-COUNTER).")
    String paymentId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "AMOUNT") String amount;

    @Override
    public Integer call() throws Exception {
      TerminalProfile profile = parent.profile();
      PaymentId id;
      try {
        id = PaymentId.parse(paymentId);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "bad payment id '" + paymentId + "': " + e.getMessage());
      }
      try (Terminal terminal = parent.open(profile)) {
        Verdict<RefundCode> verdict = amount == null ? terminal.voidPayment(id)
            : terminal.refund(id, Amounts.money(amount, Amounts.currency(profile.currency())));
        if (verdict instanceof Verdict.Rejected<RefundCode> refusal) {
          return refused(refusal);
        }
        RefundCode note = verdict.value();
        System.out.println("REFUNDED " + note.note().amount() + " of payment " + id + " journal #" + note.journalSequence());
        qr.emit("refund note", note.qrText(), System.out);
      }
      return ExitCodes.OK;
    }
  }
}
