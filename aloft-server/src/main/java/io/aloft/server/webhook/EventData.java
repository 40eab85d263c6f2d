package io.aloft.server.webhook;

import io.aloft.server.http.Views.MoneyView;
import java.util.Map;

/**
 * The {@code data} of each event type, as docs/webhooks.md lists them. Money is minor units and an
 * ISO 4217 code, as everywhere in the API; absent values are null.
 */
public final class EventData {
  private EventData() {}

  /** {@code payment.settled}: one acceptance of a payment settled; the airline is paid {@code charged} less {@code fee}. */
  public record PaymentSettled(String paymentId, long airlineId, long flightId, long terminalId, MoneyView charged,
      MoneyView fee) {}

  /**
   * {@code upload.processed}: a terminal batch or a wallet upload settled, with how many of its
   * items ended in each outcome ({@code settled}, {@code duplicate}, {@code rejected}, …).
   *
   * @param source {@code terminal_batch} (airlineId, terminalId, batchId set) or {@code wallet_upload} (accountId set)
   */
  public record UploadProcessed(String source, Long airlineId, Long terminalId, Long batchId, Long accountId,
      int items, Map<String, Integer> outcomes) {}

  /** {@code case.opened}: settlement opened a case for the operator to resolve. */
  public record CaseOpened(long caseId, String kind, String paymentId, long airlineId, long flightId,
      Long terminalId) {}

  /** {@code case.resolved}: the operator resolved a case; what it moved for the payer and the guarantee. */
  public record CaseResolved(long caseId, String kind, String paymentId, long airlineId, long flightId,
      String resolution, MoneyView payer, MoneyView guarantee, Long ledgerEntryId) {}

  /** {@code account.in_arrears}: a passenger's account started to owe money (operator only). */
  public record AccountInArrears(long accountId, MoneyView arrears) {}

  /** {@code payout.created}: the operator paid an airline out. */
  public record PayoutCreated(long payoutId, String reference, long airlineId, MoneyView amount,
      String bankReference, long ledgerEntryId) {}
}
