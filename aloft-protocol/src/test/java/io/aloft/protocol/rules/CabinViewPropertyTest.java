package io.aloft.protocol.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CredentialSerial;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The cabin merge is a join: digests can arrive twice, in any order and grouped in any way, and
 * every terminal that received the same digests holds the same view. Values come from small pools
 * so that digests overlap: shared serials, shared counters, clones (one counter, other content),
 * and more payments per credential than a digest keeps.
 */
class CabinViewPropertyTest {
  private static final List<CredentialSerial> SERIALS = List.of(CredentialSerial.fromHex("0000000000000001"),
      CredentialSerial.fromHex("0000000000000002"), CredentialSerial.fromHex("0000000000000003"));
  private static final List<Bytes> CONTENTS = List.of(Bytes.fromHex("a1".repeat(16)),
      Bytes.fromHex("b2".repeat(16)), Bytes.fromHex("c3".repeat(16)));

  @Property(tries = 500)
  void merge_isIdempotent(@ForAll("views") CabinView a) {
    assertThat(a.merge(a)).isEqualTo(a);
  }

  @Property(tries = 500)
  void merge_isCommutative(@ForAll("views") CabinView a, @ForAll("views") CabinView b) {
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
  }

  @Property(tries = 500)
  void merge_isAssociative(@ForAll("views") CabinView a, @ForAll("views") CabinView b,
      @ForAll("views") CabinView c) {
    assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
  }

  @Property(tries = 300)
  void merge_keepsEveryCredentialAndTheHighestCumulative_withinTheBound(@ForAll("views") CabinView a,
      @ForAll("views") CabinView b) {
    CabinView merged = a.merge(b);
    for (CredentialSerial serial : SERIALS) {
      long expected = Math.max(a.highestCumulativeMinor(serial), b.highestCumulativeMinor(serial));
      assertThat(merged.highestCumulativeMinor(serial)).isEqualTo(expected);
      assertThat(merged.byTerminal(serial).keySet())
          .containsAll(a.byTerminal(serial).keySet()).containsAll(b.byTerminal(serial).keySet());
      merged.byTerminal(serial).values().forEach(c ->
          assertThat(c.payments()).hasSizeLessThanOrEqualTo(CabinDigest.MAX_PAYMENTS_PER_CREDENTIAL));
    }
  }

  @Property(tries = 300)
  void merge_ofViewsWithinTheBound_losesNoPayment(@ForAll("smallViews") CabinView a,
      @ForAll("smallViews") CabinView b) {
    CabinView merged = a.merge(b);
    for (CabinView part : List.of(a, b)) {
      for (CredentialSerial serial : part.serials()) {
        part.byTerminal(serial).forEach((terminal, credential) -> {
          List<CabinDigest.Payment> kept = merged.byTerminal(serial).get(terminal).payments();
          for (CabinDigest.Payment payment : credential.payments()) {
            assertThat(kept).anyMatch(payment::sameAuthorization);
          }
        });
      }
    }
  }

  @Provide
  Arbitrary<CabinView> views() {
    return digests(24, 16).list().ofMaxSize(3).map(CabinViewPropertyTest::mergeAll);
  }

  /** At most 8 counters per credential and terminal: two views merged never exceed the bound. */
  @Provide
  Arbitrary<CabinView> smallViews() {
    return digests(8, 4).list().ofMaxSize(1).map(CabinViewPropertyTest::mergeAll);
  }

  private static CabinView mergeAll(List<CabinDigest> digests) {
    CabinView view = CabinView.empty();
    for (CabinDigest digest : digests) {
      view = view.merge(digest);
    }
    return view;
  }

  private static Arbitrary<CabinDigest> digests(int counters, int maxPayments) {
    Arbitrary<CabinDigest.Payment> payment = Combinators.combine(Arbitraries.longs().between(1, counters),
            Arbitraries.of(CONTENTS), Arbitraries.longs().between(1, 3), Arbitraries.longs().between(0, 2))
        .as((counter, content, charge, before) ->
            new CabinDigest.Payment(counter, content, (before + counter) * 100 + charge, charge));
    Arbitrary<CabinDigest.Credential> credential = Combinators.combine(Arbitraries.of(SERIALS),
            payment.list().ofMinSize(1).ofMaxSize(maxPayments).uniqueElements(p -> List.of(p.counter(), p.contentDigest())),
            Arbitraries.longs().between(0, 50))
        .as((serial, payments, extra) -> new CabinDigest.Credential(serial,
            payments.stream().mapToLong(CabinDigest.Payment::cumulativeMinor).max().orElseThrow() + extra, payments));
    return Combinators.combine(Arbitraries.longs().between(1, 4),
            credential.list().ofMaxSize(3).uniqueElements(CabinDigest.Credential::serial))
        .as((terminal, credentials) -> new CabinDigest(terminal, 8881, Instant.EPOCH, 0,
            Bytes.of(new byte[32]), credentials, Bytes.empty()));
  }
}
