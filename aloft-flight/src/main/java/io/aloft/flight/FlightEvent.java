package io.aloft.flight;

import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.cabin.CabinStatus;
import io.aloft.terminal.journal.JournalVerification;
import io.aloft.terminal.refund.RefundCode;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.pay.HandshakeOffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened on a flight, as the engine tells its {@link FlightListener}: the phases, every
 * sale and refusal at a terminal, each scripted moment with what the devices answered, and the
 * uploads after landing. Facts only; how they read is the listener's business.
 */
public sealed interface FlightEvent {
  // Phases, in order.
  record SettingUp(int terminals, int passengers) implements FlightEvent {}

  record AccountOpened(WalletDevice passenger, int done, int total) implements FlightEvent {}

  record Enrolling() implements FlightEvent {}

  /** A passenger asked to enrol; refused with the server's (or wallet's) reason, or enrolled. */
  record EnrolmentAnswered(WalletDevice passenger, Outcome<io.aloft.wallet.enrolment.Enrolment> outcome, int done,
      int total)
      implements FlightEvent {}

  record FetchingBundles() implements FlightEvent {}

  record Selling() implements FlightEvent {}

  record Round(int number, int of) implements FlightEvent {}

  record Landed() implements FlightEvent {}

  // Sales at the terminals.
  /** A terminal accepted a code; {@code fromClone} when a cloned phone paid (not the passenger's own spending). */
  record SaleAccepted(TerminalDevice terminal, WalletDevice payer, Sale sale, boolean fromClone)
      implements FlightEvent {}

  /** Any code a terminal refused, narrated or not. */
  record CodeRefused(TerminalDevice terminal, Verdict<Sale> verdict) implements FlightEvent {}

  record RequestNotShown(TerminalDevice terminal, Verdict<RequestCode> rejected) implements FlightEvent {}

  record WalletRefusedRequest(WalletDevice passenger, TerminalDevice terminal, Outcome.Refused<?> refusal)
      implements FlightEvent {}

  record WalletMadeNoCode(WalletDevice passenger, Money amount, Outcome.Refused<?> refusal) implements FlightEvent {}

  /** A passenger's own code refused in an ordinary sale. */
  record SaleRefused(TerminalDevice terminal, WalletDevice passenger, Verdict<Sale> verdict) implements FlightEvent {}

  /** A wallet refused the receipt of its own payment (the bill stays as signed). */
  record ReceiptRefused(WalletDevice passenger, Sale sale, Outcome.Refused<?> refusal) implements FlightEvent {}

  /** The crew refunded one item of a sale; {@code bill} is the wallet's bill once it kept the note. */
  record Refund(TerminalDevice terminal, WalletDevice passenger, LineItem item, Money amount,
      Verdict<RefundCode> refund, Optional<Bill> bill) implements FlightEvent {}

  // The scripted moments.
  record NobodyEnrolled() implements FlightEvent {}

  record OverLimit(WalletDevice passenger, TerminalDevice terminal, CatalogueItem item, Outcome<HandshakeOffer> read)
      implements FlightEvent {}

  record PhotographedCode(WalletDevice passenger, TerminalDevice paidAt, TerminalDevice shownAt, Duration later,
      Verdict<Sale> verdict) implements FlightEvent {}

  record Crash(TerminalDevice terminal, WalletDevice passenger, JournalVerification journal, long entriesBefore,
      long entriesAfter) implements FlightEvent {}

  record PaidAfterCrash(WalletDevice passenger, Optional<Sale> sale) implements FlightEvent {}

  /** The original pays {@code originalPays} at {@code first}, its clone {@code clonePays} at {@code second}, one counter. */
  record CloneInContact(WalletDevice original, TerminalDevice first, Money originalPays, TerminalDevice second,
      Money clonePays, boolean merged, Verdict<Sale> cloneVerdict) implements FlightEvent {}

  record PartitionBegins(TerminalDevice cutOff, Duration unheardFor, CabinStatus status) implements FlightEvent {}

  record PaymentsInPartition(TerminalDevice first, Money originalPays, TerminalDevice cutOff, Money clonePays,
      boolean bothAccepted, Verdict<Sale> cloneVerdict) implements FlightEvent {}

  /** The clone tries once more at the cut-off terminal: its wallet refused, or the terminal's verdict. */
  record CloneAgain(TerminalDevice cutOff, Money clonePays, Outcome<Verdict<Sale>> attempt) implements FlightEvent {}

  record PartitionHeals(TerminalDevice back, CabinStatus status, boolean cartsAgree) implements FlightEvent {}

  /** A code for {@code amount} on the victim's credential, signed by someone else's key. */
  record Forged(WalletDevice victim, TerminalDevice terminal, Money amount, Verdict<Sale> verdict)
      implements FlightEvent {}

  // After landing.
  /** An upload round begins: the first has every device upload, later ones retry what is left. */
  record UploadRound(int number, int atMost) implements FlightEvent {}

  /** A terminal or wallet (by label) is about to upload, in the landing's order. */
  record Uploading(String label) implements FlightEvent {}

  record EntriesAnswered(TerminalDevice terminal, List<EntryOutcome> outcomes) implements FlightEvent {}

  /** A wallet synced; {@code afterTerminals} when no terminal held an unanswered payment then. */
  record WalletSynced(WalletDevice wallet, boolean afterTerminals) implements FlightEvent {}

  /** A terminal's upload or a wallet's sync did not complete; it is retried in the next round, if any. */
  record UploadFailed(String label, Exception failure) implements FlightEvent {}
}
