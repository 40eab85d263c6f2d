package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static io.aloft.terminal.TestFlight.cny;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.TestFlight.Payer;
import io.aloft.terminal.sale.Sale;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** At the scanner: one-scan codes go stale, big amounts go through the handshake, clocks follow the issuer's. */
class FreshCodeTest extends TerminalTestCase {
  final Payer payer = flight.payers.get(0);

  FreshCodeTest() {
    super(1);
  }

  private String codeMadeAt(Instant time, long counter, long amountMinor) {
    return flight.code(payer, AuthorizationKind.ONE_SCAN_EXACT, counter, counter * amountMinor, amountMinor, false,
        Optional.empty(), time).toQrText();
  }

  private Reason rejection(Verdict<?> verdict) {
    assertThat(verdict.isAccepted()).as("%s", verdict).isFalse();
    return verdict.reason();
  }

  @Test
  void aCodeIsTakenUntilItIsTwoMinutesOld_andAScreenshotShownLaterIsRefusedStale() {
    terminal = flight.openWithBundle(directory, clock);
    Instant madeAt = clock.instant();
    String screenshot = codeMadeAt(madeAt, 1, 500);
    clock.set(madeAt.plusSeconds(121));
    Verdict<Sale> later = terminal.accept(screenshot);
    assertThat(rejection(later)).isEqualTo(Reason.ONE_SCAN_CODE_STALE);
    assertThat(later.reason().message()).isEqualTo("This code is too old. Ask the passenger to show a fresh one.");

    assertThat(terminal.accept(codeMadeAt(madeAt.plusSeconds(1), 1, 500)).isAccepted()).isTrue();
  }

  @Test
  void theWindowIsTheFlightsBundles() {
    terminal = flight.openTerminal(directory, clock);
    assertThat(terminal.installBundle(flight.bundle().oneScan(OneScanPolicy.of(Duration.ofSeconds(30))).encode())
        .isAccepted()).isTrue();
    Instant now = clock.instant();
    assertThat(rejection(terminal.accept(codeMadeAt(now.minusSeconds(31), 1, 500))))
        .isEqualTo(Reason.ONE_SCAN_CODE_STALE);
    assertThat(terminal.accept(codeMadeAt(now.minusSeconds(30), 1, 500)).isAccepted()).isTrue();
  }

  @Test
  void aOneScanCodeAboveTheFlightsLargest_isRefused_andTheSameAmountPaysByHandshake() throws Exception {
    terminal = flight.openTerminal(directory, clock);
    assertThat(terminal.installBundle(flight.bundle()
        .oneScan(OneScanPolicy.of(OneScanPolicy.DEFAULT_WINDOW, cny(5_000))).encode()).isAccepted()).isTrue();
    assertThat(rejection(terminal.accept(codeMadeAt(clock.instant(), 1, 5_001)))).isEqualTo(Reason.ONE_SCAN_OVER_MAX);

    String requestText = terminal.createRequest(cny(5_001), List.of()).value().qrText();
    PaymentRequest request = PaymentRequest.decode(QrText.decode(requestText));
    PaymentAuthorization handshake = flight.handshake(payer, request, 1, 5_001);
    assertThat(terminal.accept(handshake.toQrText()).isAccepted()).isTrue();
  }

  @Test
  void aTerminalWhoseClockIsSlow_takesCodesByTheIssuersTime_onceItRecordedIt_andKeepsItAcrossARestart() {
    terminal = flight.openWithBundle(directory, clock);
    Instant issuerNow = clock.instant();
    clock.set(issuerNow.minus(Duration.ofMinutes(10)));
    String fresh = codeMadeAt(issuerNow, 1, 500);
    assertThat(rejection(terminal.accept(fresh))).isEqualTo(Reason.CLOCK_OUT_OF_WINDOW);

    assertThat(terminal.recordIssuerTime(issuerNow)).isEqualTo(Duration.ofMinutes(10));
    restart();
    assertThat(terminal.issuerClockOffset()).isEqualTo(Duration.ofMinutes(10));
    Sale sale = terminal.accept(fresh).value();
    assertThat(sale.receipt().acceptedAt()).isEqualTo(issuerNow);
  }
}
