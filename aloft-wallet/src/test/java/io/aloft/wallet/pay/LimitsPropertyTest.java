package io.aloft.wallet.pay;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.money.Money;
import io.aloft.wallet.fixture.FakeIssuer;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.fixture.WalletFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever it is asked, in whatever order and currency, the wallet signs nothing beyond the
 * per-payment limit or the total limit, and everything it does sign a terminal accepts.
 */
class LimitsPropertyTest {
  enum Form { HANDSHAKE, EXACT, CAP }

  record Ask(Form form, long amountMinor, String currency) {}

  @Property(tries = 40)
  void walletNeverSignsBeyondItsLimits(@ForAll("asks") List<Ask> asks)
      throws Exception {
    Path dir = Files.createTempDirectory("limits");
    try (WalletFixture f = new WalletFixture(dir, SignatureAlgorithm.ED25519)) {
      f.issuer.perPaymentLimitMinor = 30_000;
      f.issuer.totalLimitMinor = 100_000;
      f.wallet.enrol(FakeIssuer.FLIGHT).value();
      long spent = 0;
      for (Ask ask : asks) {
        Optional<IssuedCode> code = attempt(f, ask);
        if (code.isEmpty()) {
          continue;
        }
        PaymentAuthorization signed = WalletFixture.decode(code.get());
        long charge = code.get().bill().signedCharge().amountMinor();
        assertThat(charge).isBetween(1L, 30_000L);
        assertThat(signed.cumulativeMinor()).isEqualTo(spent + charge).isLessThanOrEqualTo(100_000L);
        spent = signed.cumulativeMinor();
      }
      assertThat(f.wallet.offlineStatus().allowance().orElseThrow().spent().amountMinor()).isEqualTo(spent);
    } finally {
      WalletFixture.deleteRecursively(dir);
    }
  }

  private static Optional<IssuedCode> attempt(WalletFixture f, Ask ask) throws Exception {
    Money amount = Money.of(ask.amountMinor(), ask.currency());
    if (ask.form() == Form.HANDSHAKE) {
      var request = f.issuer.request(amount);
      Verdict<IssuedCode> issued = f.wallet.readRequest(request.toQrText()).flatMap(f.wallet::confirm);
      if (issued.isAccepted()) {
        var verdict = f.terminalAccepts(issued.value(), request);
        assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
      }
      return issued.isAccepted() ? Optional.of(issued.value()) : Optional.empty();
    }
    Verdict<IssuedCode> issued = ask.form() == Form.CAP ? f.wallet.payUpTo(amount, CodeForm.AUTO)
        : f.wallet.payAmount(amount, CodeForm.AUTO);
    if (issued.isAccepted()) {
      var verdict = f.terminalAccepts(issued.value(), Optional.empty(), f.terminalBundle());
      assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
    }
    return issued.isAccepted() ? Optional.of(issued.value()) : Optional.empty();
  }

  @Provide
  Arbitrary<List<Ask>> asks() {
    Arbitrary<Long> amounts = Arbitraries.oneOf(Arbitraries.longs().between(1, 40_000),
        Arbitraries.longs().between(1, 1_000_000_000_000L), Arbitraries.of(29_999L, 30_000L, 30_001L));
    return Combinators.combine(Arbitraries.of(Form.class), amounts, Arbitraries.of("CNY", "EUR", "USD"))
        .as(Ask::new).list().ofMinSize(1).ofMaxSize(25);
  }
}
