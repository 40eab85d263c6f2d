package io.aloft.server.settlement;

import java.util.List;

/**
 * One case as people read it: what it is about, its evidence decoded from the protocol's bytes
 * (every acceptance side by side, with how it settled), the resolutions that fit it with what
 * each would move, and, once closed, how it was resolved. Plain data for the console and the JSON
 * API; absent values are null. Amounts are minor units next to their ISO 4217 code.
 *
 * @param paymentId the credential serial alone for a double spend (one case per credential), else the payment id
 * @param accountId the payer's account; null when shown to an airline
 * @param acceptances the upload that raised the case and every acceptance added to it, in the order they arrived
 * @param refundNotes the refund notes of a refund conflict
 */
public record CaseFile(long id, String kind, String status, String paymentId, String credentialSerial, long counter,
    long refundSequence, long flightId, Long airlineId, Long accountId, Long terminalId, String createdAt,
    String payerCurrency, List<Acceptance> acceptances, List<Note> refundNotes, List<Offer> resolutions,
    Closed resolution) {

  /**
   * How a case names its payment: the credential serial alone for a case about the whole
   * credential (a double spend, one per credential), otherwise the payment id.
   */
  static String paymentIdOf(CaseKind kind, io.aloft.protocol.message.CredentialSerial serial, long counter) {
    return kind.revokesCredential() && counter == 0 ? serial.value().hex()
        : new io.aloft.protocol.message.PaymentId(serial, counter).toString();
  }

  public boolean open() {
    return status.equals("open");
  }

  /** What an airline sees of its case: the evidence and how it was resolved, not the payer's account nor what the operator may do. */
  public CaseFile forAirline() {
    return new CaseFile(id, kind, status, paymentId, credentialSerial, counter, refundSequence, flightId, airlineId,
        null, terminalId, createdAt, payerCurrency, acceptances, refundNotes, List.of(), resolution);
  }

  /**
   * One acceptance: the payer's signed authorization (kind, counter, cumulative, amount, time),
   * the terminal's request (merchant, terminal, items) when it was a handshake, the terminal's
   * receipt (charge, time, journal place), and the payment row it settled as, if it did.
   *
   * @param source {@code upload} for the evidence the case was opened with, {@code evidence} for acceptances added to it
   * @param contentDigest the authorization's content digest in hex: two acceptances with one digest are one authorization
   */
  public record Acceptance(String source, String addedAt, long counter, Long terminalId, String authorizationKind,
      String contentDigest, long cumulativeMinor, long signedAmountMinor, String signedCurrency, String signedAt,
      Long merchantId, Long requestTerminalId, List<Item> items, Long receiptChargedMinor, String receiptCurrency,
      String acceptedAt, Long journalSequence, Settled settled) {}

  public record Item(String name, int quantity, long unitPriceMinor, long lineTotalMinor) {}

  /** How an acceptance settled: who funds its merchant ({@code payer} or {@code guarantee}) and the amounts. */
  public record Settled(String fundedBy, long chargedMinor, String currency, long feeMinor, long payerChargedMinor,
      String payerCurrency, long shortfallMinor, long refundedMinor, String settledAt) {}

  public record Note(long refundSequence, long terminalId, long amountMinor, String currency, String time,
      String source) {}

  /** A resolution that fits: what the payer is charged, credited or has written off, and the guarantee's change. */
  public record Offer(String resolution, long payerMinor, String payerCurrency, long guaranteeMinor,
      String guaranteeCurrency) {}

  /** How the case was closed, by whom and when, with the request that did it. */
  public record Closed(String resolution, String note, String resolvedBy, String resolvedAt, String requestId,
      long payerMinor, String payerCurrency, long guaranteeMinor, String guaranteeCurrency, Long ledgerEntryId) {}
}
