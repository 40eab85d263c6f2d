package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.server.settlement.ResolutionRules.Covered;
import io.aloft.server.settlement.ResolutionRules.Offer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which resolutions fit a case and what each moves, as pure functions of the case's acceptances. */
class ResolutionRulesTest {
  private static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  private static final CurrencyUnit USD = CurrencyUnit.of("USD");
  private static final long NO_LIMIT = Long.MAX_VALUE;

  private static Covered payer(long counter, long terminal, String digest, long chargedMinor, long shortfallMinor) {
    return new Covered(counter, terminal, digest, true, chargedMinor, 0, CNY, chargedMinor, 0, shortfallMinor);
  }

  private static Covered guaranteed(long terminal, long chargedMinor, long refundedMinor, CurrencyUnit currency,
      long payerChargedMinor) {
    return new Covered(1, terminal, "aa", false, chargedMinor, refundedMinor, currency, payerChargedMinor, 0, 0);
  }

  private static List<Resolution> names(List<Offer> offers) {
    return offers.stream().map(Offer::resolution).toList();
  }

  @Test
  void aReplay_offersChargingThePayerWhatTheGuaranteePaid_lessRefunds() {
    List<Offer> offers = ResolutionRules.offers(CaseKind.REPLAY, true, List.of(
        payer(1, 1, "aa", 2_000, 0), guaranteed(2, 3_000, 500, CNY, 3_000)), CNY, NO_LIMIT, 0);
    assertThat(names(offers)).containsExactly(Resolution.CHARGE_PAYER, Resolution.CONFIRM);
    assertThat(offers.get(0).payerMinor()).isEqualTo(2_500);
    assertThat(offers.get(0).guaranteeMinor()).isEqualTo(-2_500);
  }

  @Test
  void aReplayInAnotherCurrency_chargesThePayerAtThePaymentsOwnConversion_roundedDown() {
    List<Offer> offers = ResolutionRules.offers(CaseKind.REPLAY, true, List.of(
        payer(1, 1, "aa", 1_000, 0), guaranteed(2, 1_000, 1, USD, 7_123)), CNY, NO_LIMIT, 0);
    assertThat(offers.get(0).payerMinor()).as("7,123 × 999 / 1,000, down").isEqualTo(7_115);
    assertThat(offers.get(0).payerCurrency()).isEqualTo(CNY);
    assertThat(offers.get(0).guaranteeMinor()).isEqualTo(-999);
    assertThat(offers.get(0).guaranteeCurrency()).isEqualTo(USD);
  }

  @Test
  void aFullyRefundedReplay_offersOnlyConfirm() {
    List<Offer> offers = ResolutionRules.offers(CaseKind.REPLAY, true, List.of(
        payer(1, 1, "aa", 2_000, 0), guaranteed(2, 3_000, 3_000, CNY, 3_000)), CNY, NO_LIMIT, 0);
    assertThat(names(offers)).containsExactly(Resolution.CONFIRM);
  }

  @Test
  void aClone_offersTheCreditOfAllButTheCheapestContentPerCounter_andTheWriteOffOfItsArrears() {
    List<Offer> offers = ResolutionRules.offers(CaseKind.DOUBLE_SPEND, true, List.of(
        payer(1, 1, "aa", 1_000, 0), payer(2, 1, "bb", 2_000, 0), payer(2, 2, "cc", 3_500, 1_500)), CNY, 20_000,
        1_000);
    assertThat(names(offers)).containsExactly(Resolution.CREDIT_PAYER, Resolution.WRITE_OFF, Resolution.CONFIRM);
    assertThat(offers.get(0).payerMinor()).isEqualTo(3_500);
    assertThat(offers.get(0).guaranteeMinor()).isEqualTo(3_500);
    assertThat(offers.get(1).payerMinor()).as("today's arrears, below the case's shortfalls").isEqualTo(1_000);
  }

  @Test
  void spendSplitBeyondTheTotalLimit_offersTheCreditOfWhatIsAboveIt() {
    List<Covered> covered = List.of(payer(1, 1, "a", 5_000, 0), payer(2, 1, "b", 5_000, 0), payer(3, 1, "c", 5_000, 0),
        payer(4, 1, "d", 5_000, 0), payer(5, 2, "e", 5_000, 0));
    List<Offer> offers = ResolutionRules.offers(CaseKind.DOUBLE_SPEND, true, covered, CNY, 20_000, 0);
    assertThat(names(offers)).containsExactly(Resolution.CREDIT_PAYER, Resolution.CONFIRM);
    assertThat(offers.get(0).payerMinor()).isEqualTo(5_000);
  }

  @Test
  void conflictsOfReceiptsOrRefunds_andClosedCases_offerOnlyConfirmOrNothing() {
    List<Covered> covered = List.of(payer(1, 1, "aa", 2_000, 2_000));
    assertThat(names(ResolutionRules.offers(CaseKind.RECEIPT_CONFLICT, true, covered, CNY, NO_LIMIT, 2_000)))
        .containsExactly(Resolution.CONFIRM);
    assertThat(names(ResolutionRules.offers(CaseKind.REFUND_CONFLICT, true, covered, CNY, NO_LIMIT, 2_000)))
        .containsExactly(Resolution.CONFIRM);
    assertThat(ResolutionRules.offers(CaseKind.DOUBLE_SPEND, false, covered, CNY, NO_LIMIT, 2_000)).isEmpty();
  }
}
