package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Flight;
import io.aloft.protocol.Samples;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.PaymentRules;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.SeenPayment;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The messages settlement adds: the issuer's report, the wallet's upload and outcome query. */
class SettlementMessagesTest {
  private static final Samples SAMPLES = new Samples();
  private static final PaymentId PAYMENT = new PaymentId(Flight.SERIAL, Samples.COUNTER);

  static SettlementReport report() {
    List<SettlementReport.Entry> entries = List.of(
        new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 1234, Optional.of(PAYMENT), 0,
            SettlementOutcome.SETTLED, Optional.empty(), Optional.of(Money.of(16_800, Flight.CNY))),
        new SettlementReport.Entry(SettlementReport.EntryKind.REFUND, 1235, Optional.of(PAYMENT), 1,
            SettlementOutcome.REJECTED, Optional.of(Reason.OVER_REFUNDABLE), Optional.empty()),
        new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 1236, Optional.empty(), 0,
            SettlementOutcome.REJECTED, Optional.of(Reason.MALFORMED), Optional.empty()));
    return new SettlementReport(1, SettlementReport.Subject.TERMINAL_BATCH, Flight.TERMINAL_ID, 17, Flight.NOW,
        entries, Bytes.empty()).signedBy(SAMPLES.flight.issuer);
  }

  @Test
  void sequences_keepTheirOrderAndTheirRepeats_asTheyTravel() throws DecodeException {
    PaymentId other = new PaymentId(Flight.SERIAL, Samples.COUNTER + 1);
    OutcomeQuery query = new OutcomeQuery(List.of(other, PAYMENT, other));
    assertThat(OutcomeQuery.decode(query.encode()).paymentIds()).containsExactly(other, PAYMENT, other);

    List<LineItem> lines = List.of(new LineItem("Tea", 1, 500), new LineItem("Coffee", 1, 700),
        new LineItem("Tea", 1, 500));
    PaymentRequest request = new PaymentRequest(Flight.TERMINAL_ID, Flight.MERCHANT_ID, Money.of(1_700, Flight.CNY),
        PaymentRequest.digestOf(lines), Flight.NONCE, Flight.T0, 3, lines, Bytes.empty()).signedBy(SAMPLES.flight.terminalKey);
    assertThat(PaymentRequest.decode(request.encode()).items()).containsExactlyElementsOf(lines);
    // The display order is part of what the digest binds.
    List<LineItem> reordered = List.of(lines.get(1), lines.get(0), lines.get(2));
    assertThat(PaymentRequest.digestOf(reordered)).isNotEqualTo(PaymentRequest.digestOf(lines));
  }

  @Test
  void report_roundTrips_andVerifiesOnlyUnderTheIssuerKey() throws DecodeException {
    SettlementReport report = report();
    SettlementReport decoded = SettlementReport.decode(report.encode());
    assertThat(decoded).isEqualTo(report);
    assertThat(Signatures.verify(SAMPLES.flight.issuer.publicKey(), decoded.signingInput(), decoded.signature())).isTrue();
    assertThat(Signatures.verify(SAMPLES.flight.terminalKey.publicKey(), decoded.signingInput(), decoded.signature()))
        .isFalse();
  }

  @Test
  void report_withAnyByteFlipped_failsToDecodeOrToVerify() {
    byte[] encoded = report().encode();
    for (int i = 0; i < encoded.length; i++) {
      byte[] tampered = encoded.clone();
      tampered[i] ^= 0x01;
      try {
        SettlementReport decoded = SettlementReport.decode(tampered);
        assertThat(Signatures.verify(SAMPLES.flight.issuer.publicKey(), decoded.signingInput(), decoded.signature()))
            .as("byte %d flipped", i).isFalse();
      } catch (DecodeException expected) {
        // a typed failure is a rejection too
      }
    }
  }

  @Test
  void reportEntry_reasonComesWithRejectedOnly() {
    assertThatThrownBy(() -> new SettlementReport.Entry(SettlementReport.EntryKind.PAYMENT, 1, Optional.of(PAYMENT), 0,
        SettlementOutcome.SETTLED, Optional.of(Reason.MALFORMED), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void walletUpload_andOutcomeQuery_roundTrip() throws DecodeException {
    WalletUpload upload = new WalletUpload(List.of(
        new WalletUpload.Bill(Bytes.of(SAMPLES.handshake.encode()), Bytes.of(SAMPLES.request.encode()),
            Bytes.of(SAMPLES.receipt.encode()), List.of(Bytes.of(SAMPLES.refund.encode()))),
        new WalletUpload.Bill(Bytes.of(SAMPLES.cap.encode()), Bytes.empty(), Bytes.empty(), List.of())));
    assertThat(WalletUpload.decode(upload.encode())).isEqualTo(upload);
    OutcomeQuery query = new OutcomeQuery(List.of(PAYMENT, new PaymentId(Flight.SERIAL, 1)));
    assertThat(OutcomeQuery.decode(query.encode())).isEqualTo(query);
  }

  @Property(tries = 2000)
  void arbitraryBytes_decodeOrFailTyped(@ForAll @Size(max = 300) byte[] bytes) {
    for (int type : new int[] {0x0A, 0x0B, 0x0C}) {
      byte[] input = new byte[bytes.length + 2];
      input[0] = 1;
      input[1] = (byte) type;
      System.arraycopy(bytes, 0, input, 2, bytes.length);
      decodeOrFailTyped(input);
    }
  }

  private static void decodeOrFailTyped(byte[] input) {
    try {
      SettlementReport.decode(input);
    } catch (DecodeException expected) {
      // typed
    }
    try {
      WalletUpload.decode(input);
    } catch (DecodeException expected) {
      // typed
    }
    try {
      OutcomeQuery.decode(input);
    } catch (DecodeException expected) {
      // typed
    }
  }

  @Test
  void checkHistory_refusesAReplayedCounterAndACumulativeGap() {
    CredentialHistory history = CredentialHistory.of(List.of(new SeenPayment(1, 1_000, 1_000),
        new SeenPayment(3, 3_000, 1_000)));
    assertThat(PaymentRules.checkHistory(new SeenPayment(2, 2_000, 1_000), history).isAccepted()).isTrue();
    assertThat(PaymentRules.checkHistory(new SeenPayment(3, 3_000, 1_000), history).reason())
        .isEqualTo(Reason.REPLAYED_COUNTER);
    assertThat(PaymentRules.checkHistory(new SeenPayment(2, 1_500, 1_000), history).reason())
        .isEqualTo(Reason.INCONSISTENT_CUMULATIVE);
    assertThat(PaymentRules.checkHistory(new SeenPayment(2, 2_500, 1_000), history).reason())
        .isEqualTo(Reason.INCONSISTENT_CUMULATIVE);
  }
}
