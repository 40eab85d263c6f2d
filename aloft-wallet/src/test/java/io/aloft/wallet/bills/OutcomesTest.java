package io.aloft.wallet.bills;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.wallet.issuer.PaymentOutcome.Kind;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomesTest {
  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource({
      "PENDING, SETTLED, SETTLED", "PENDING, DUPLICATE, SETTLED", "PENDING, CONFLICT, DISPUTED",
      "PENDING, REJECTED, REJECTED", "PENDING, PENDING, PENDING",
      "SETTLED, SETTLED, SETTLED", "SETTLED, DUPLICATE, SETTLED", "SETTLED, CONFLICT, DISPUTED",
      "SETTLED, REJECTED, ignored", "SETTLED, PENDING, ignored",
      "DISPUTED, SETTLED, SETTLED", "DISPUTED, REJECTED, REJECTED", "DISPUTED, PENDING, ignored",
      "REFUNDED, SETTLED, REFUNDED", "REFUNDED, CONFLICT, ignored", "REFUNDED, PENDING, ignored",
      "REJECTED, REJECTED, REJECTED", "REJECTED, SETTLED, ignored", "REJECTED, PENDING, ignored"})
  void outcomesOnlyMoveABillForward(BillState from, Kind outcome, String expected) {
    Optional<BillState> next = Outcomes.next(from, outcome);
    if (expected.equals("ignored")) {
      assertThat(next).isEmpty();
    } else {
      assertThat(next).contains(BillState.valueOf(expected));
    }
  }
}
