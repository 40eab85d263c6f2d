package io.aloft.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.console.Language;
import io.aloft.terminal.trust.BundleStatus;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.bills.BillState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The apps' words: the same keys in both languages, and words for every code a screen names. */
class AppTextTest {

  @Test
  void bothLanguages_haveTheSameKeys() {
    assertThat(AppText.keys(Language.CHINESE)).containsExactlyInAnyOrderElementsOf(AppText.keys(Language.ENGLISH));
  }

  @Test
  void everyRefusalReason_categoryAndState_hasWordsInBothLanguages() {
    List<String> keys = new ArrayList<>();
    for (Reason reason : Reason.values()) {
      keys.add("crew.reason." + reason.name());
    }
    for (RefusalReason reason : RefusalReason.values()) {
      keys.add("wallet.reason." + reason.name());
    }
    for (BillState state : BillState.values()) {
      keys.add("bill.state." + state.name());
      keys.add("bill.explain." + state.name());
    }
    for (AuthorizationKind kind : AuthorizationKind.values()) {
      keys.add("bill.kind." + kind.name());
    }
    for (BundleStatus.State state : BundleStatus.State.values()) {
      keys.add("bundle.state." + state.name());
    }
    for (String category : Catalogue.CATEGORIES) {
      keys.add("category." + category);
    }
    for (Language language : Language.values()) {
      assertThat(AppText.keys(language)).as(language.tag()).containsAll(keys);
    }
  }

  @Test
  void theCrewsSentences_areTheProtocolsInEnglish() {
    for (Reason reason : Reason.values()) {
      assertThat(AppText.text(Language.ENGLISH, "crew.reason." + reason.name())).isEqualTo(reason.message());
    }
    for (RefusalReason reason : RefusalReason.values()) {
      assertThat(AppText.text(Language.ENGLISH, "wallet.reason." + reason.name())).isEqualTo(reason.message());
    }
  }

  @Test
  void countsAreWordedByNumber() {
    assertThat(AppText.text(Language.ENGLISH, "upload.batches", 1, 3)).isEqualTo("1 batch, 3 entries answered");
    assertThat(AppText.text(Language.ENGLISH, "status.pendingCount", 0)).isEqualTo("No payments");
    assertThat(AppText.text(Language.ENGLISH, "status.pendingCount", 2)).isEqualTo("2 payments");
  }
}
