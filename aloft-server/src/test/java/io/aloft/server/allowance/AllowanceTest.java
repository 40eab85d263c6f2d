package io.aloft.server.allowance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.money.CurrencyUnit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowanceTest {
  private static final Instant UNTIL = Instant.parse("2026-12-01T20:00:00Z");

  private static Allowance.Hold hold(long total, long settled) {
    return new Allowance.Hold("00aa", 7, "9C8881", LocalDate.parse("2026-12-01"), total, settled,
        UNTIL.plus(Duration.ofHours(72)));
  }

  @Test
  void aCredentialReserves_itsTotalLessWhatSettled_neverBelowZero() {
    assertThat(Allowance.reserved(20_000, 0)).isEqualTo(20_000);
    assertThat(Allowance.reserved(20_000, 8_500)).isEqualTo(11_500);
    assertThat(Allowance.reserved(20_000, 25_000)).as("a cloned wallet overspent").isZero();
  }

  @Test
  void aCredentialReserves_untilItsValidityPlusTheWindow_thenNot() {
    Duration window = Duration.ofHours(72);
    Instant end = UNTIL.plus(window);
    assertThat(Allowance.reservesAt(UNTIL, window, end.minusNanos(1000))).isTrue();
    assertThat(Allowance.reservesAt(UNTIL, window, end)).isFalse();
  }

  @Test
  void aNewCredential_getsWhatIsLeft_withThePerPaymentLimitCappedAtItsTotal() {
    assertThat(new Allowance(20_000, 0, List.of()).limitsFor(5_000, 20_000))
        .contains(new Allowance.Limits(5_000, 20_000));
    assertThat(new Allowance(20_000, 11_500, List.of(hold(20_000, 8_500))).limitsFor(5_000, 20_000))
        .contains(new Allowance.Limits(5_000, 8_500));
    assertThat(new Allowance(20_000, 17_000, List.of(hold(20_000, 3_000))).limitsFor(5_000, 20_000))
        .contains(new Allowance.Limits(3_000, 3_000));
    assertThat(new Allowance(20_000, 19_999, List.of(hold(20_000, 1))).limitsFor(5_000, 20_000))
        .contains(new Allowance.Limits(1, 1));
  }

  @Test
  void nothingLeft_orMoreReservedThanTheLimit_issuesNothing() {
    assertThat(new Allowance(20_000, 20_000, List.of(hold(20_000, 0))).limitsFor(5_000, 20_000)).isEmpty();
    // The score fell to a lower tier while a higher tier's credential was open.
    Allowance over = new Allowance(20_000, 50_000, List.of(hold(50_000, 0)));
    assertThat(over.availableMinor()).isZero();
    assertThat(over.limitsFor(5_000, 20_000)).isEmpty();
  }

  @Test
  void theRefusal_namesTheFlightHoldingTheAllowance_andWhenItIsReleasedAtTheLatest() {
    String message = new Allowance(20_000, 20_000, List.of(hold(20_000, 0))).inUseMessage(CurrencyUnit.of("CNY"));
    assertThat(message).contains("200.00 CNY").contains("flight 9C8881 on 2026-12-01")
        .contains("until its payments settle").contains("2026-12-04T20:00:00Z");
    assertThatThrownBy(() -> new Allowance(20_000, 0, List.of()).inUseMessage(CurrencyUnit.of("CNY")))
        .isInstanceOf(IllegalStateException.class);
  }
}
