package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static io.aloft.terminal.TestFlight.cny;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.Reason;
import io.aloft.terminal.refund.RefundCode;
import io.aloft.terminal.sale.Sale;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefundTest extends TerminalTestCase {
  Sale sale;

  RefundTest() {
    super(1);
  }

  @BeforeEach
  void sell() {
    terminal = flight.openWithBundle(directory, clock);
    sale = terminal.accept(flight.oneScan(flight.payers.get(0), 1, 5_000, 5_000).toQrText()).value();
  }

  @Test
  void partialRefunds_addUpToThePayment_andNoFurther_evenAfterRestart() throws Exception {
    RefundCode first = terminal.refund(sale.paymentId(), cny(2_000)).value();
    assertThat(RefundNote.decode(QrText.decode(first.qrText())).refundSequence()).isEqualTo(1);
    assertThat(first.journalSequence()).isEqualTo(2);

    restart();

    assertThat(terminal.refund(sale.paymentId(), cny(3_001)).reason()).isEqualTo(Reason.OVER_REFUNDABLE);
    RefundCode rest = terminal.voidPayment(sale.paymentId()).value();
    assertThat(rest.note().amount()).isEqualTo(cny(3_000));
    assertThat(rest.note().refundSequence()).isEqualTo(2);
    assertThat(terminal.voidPayment(sale.paymentId()).reason()).isEqualTo(Reason.OVER_REFUNDABLE);
    assertThat(terminal.verifyJournal().intact()).isTrue();
  }

  @Test
  void refundOfAPaymentNotJournaledHere_orInAnotherCurrency_isWrongPayment() {
    PaymentId unknown = new PaymentId(sale.paymentId().serial(), 99);
    assertThat(terminal.refund(unknown, cny(1)).reason()).isEqualTo(Reason.WRONG_PAYMENT);
    assertThat(terminal.refund(sale.paymentId(), Money.of(1, TestFlight.EUR)).reason())
        .isEqualTo(Reason.WRONG_PAYMENT);
  }
}
