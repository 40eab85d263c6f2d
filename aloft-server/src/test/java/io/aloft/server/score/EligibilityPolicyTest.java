package io.aloft.server.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EligibilityPolicyTest {
  private final EligibilityPolicy defaults = EligibilityPolicy.defaults();

  @Test
  void belowTheThreshold_thereIsNoTier() {
    assertThat(defaults.tierFor(549, "CNY")).isEmpty();
    assertThat(defaults.tierFor(300, "CNY")).isEmpty();
  }

  @Test
  void eachBand_getsItsTier_atItsLowerBoundary() {
    assertThat(defaults.tierFor(550, "CNY").orElseThrow().number()).isEqualTo(1);
    assertThat(defaults.tierFor(649, "CNY").orElseThrow().number()).isEqualTo(1);
    assertThat(defaults.tierFor(650, "CNY").orElseThrow().number()).isEqualTo(2);
    assertThat(defaults.tierFor(749, "CNY").orElseThrow().number()).isEqualTo(2);
    assertThat(defaults.tierFor(750, "CNY").orElseThrow().number()).isEqualTo(3);
    assertThat(defaults.tierFor(850, "CNY").orElseThrow().number()).isEqualTo(3);
  }

  @Test
  void aConfiguredThresholdAndPerCurrencyTable_apply() {
    EligibilityPolicy policy = new EligibilityPolicy(600, defaults.defaultTiers(),
        Map.of("JPY", List.of(new Tier(1, 600, 5_000, 20_000))));

    assertThat(policy.tierFor(599, "CNY")).isEmpty();
    assertThat(policy.tierFor(600, "CNY").orElseThrow().perPaymentLimitMinor()).isEqualTo(5_000);
    assertThat(policy.tierFor(800, "JPY").orElseThrow().totalLimitMinor()).isEqualTo(20_000);
  }

  @Test
  void aTableThatLeavesEligibleScoresWithoutATier_isRefused() {
    assertThatThrownBy(() -> new EligibilityPolicy(550, List.of(new Tier(1, 600, 1, 1)), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
  }

  @Test
  void tiersWithLimitsTheWrongWayRound_areRefused() {
    assertThatThrownBy(() -> new Tier(1, 550, 10_000, 5_000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tier(1, 550, 0, 5_000)).isInstanceOf(IllegalArgumentException.class);
  }
}
