package io.aloft.server.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DefaultScoreProviderTest {
  private final ScoreProvider provider = new DefaultScoreProvider();

  private int score(int identity, int days, int paymentPoints, int arrears) {
    return provider.score(new ScoreFacts(identity, Duration.ofDays(days), paymentPoints, arrears));
  }

  @Test
  void aNewFullyVerifiedAccount_scoresExactlyTheDefaultThreshold() {
    assertThat(score(3, 0, 0, 0)).isEqualTo(550);
  }

  @Test
  void aDocumentVerifiedAccount_reachesTheThreshold_after150DaysOr50PaymentPoints() {
    assertThat(score(2, 0, 0, 0)).isEqualTo(500);
    assertThat(score(2, 149, 0, 0)).isEqualTo(549);
    assertThat(score(2, 150, 0, 0)).isEqualTo(550);
    assertThat(score(2, 0, 49, 0)).isEqualTo(549);
    assertThat(score(2, 0, 50, 0)).isEqualTo(550);
  }

  @Test
  void agePointsAndPaymentPoints_areCapped() {
    assertThat(score(3, 10_000, 10_000, 0)).isEqualTo(850);
    assertThat(score(0, 10_000, 0, 0)).isEqualTo(450);
  }

  @Test
  void owingArrears_costsMoreThanAYearOfGoodStanding_andTheScoreNeverDropsBelow300() {
    assertThat(provider.score(new ScoreFacts(3, Duration.ofDays(365), 0, 1, true))).isEqualTo(300 + 250 + 121 - 225);
    assertThat(provider.score(new ScoreFacts(0, Duration.ZERO, 0, 5, true))).isEqualTo(300);
  }

  @Test
  void repaidArrears_leaveTwentyFivePointsAnEpisode_whichTwentyFivePaymentPointsEarnBack() {
    assertThat(score(3, 0, 0, 1)).isEqualTo(550 - 25);
    assertThat(score(3, 0, 25, 1)).isEqualTo(550);
    assertThat(score(3, 0, 0, 10)).isEqualTo(550 - 150);
  }

  @Test
  void oneDoubleSpend_takesEvenTheBestScoreBelowTheThreshold_andTwoToTheFloor() {
    assertThat(provider.score(new ScoreFacts(3, Duration.ofDays(10_000), 10_000, 0, false, 1))).isEqualTo(850 - 350)
        .isLessThan(550);
    assertThat(provider.score(new ScoreFacts(3, Duration.ZERO, 0, 0, false, 1))).isEqualTo(300)
        .isLessThan(550);
    assertThat(provider.score(new ScoreFacts(3, Duration.ofDays(10_000), 10_000, 0, false, 2))).isEqualTo(300);
  }

  @Test
  void impossibleFacts_areCallerBugs() {
    assertThatThrownBy(() -> new ScoreFacts(4, Duration.ZERO, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identityLevel");
    assertThatThrownBy(() -> new ScoreFacts(1, Duration.ofDays(-1), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScoreFacts(1, Duration.ZERO, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScoreFacts(1, Duration.ZERO, 0, 0, false, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
