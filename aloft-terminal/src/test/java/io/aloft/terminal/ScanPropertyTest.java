package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.sale.Sale;
import io.aloft.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever a scanner hands the terminal, it answers with a verdict, never another exception. */
class ScanPropertyTest {
  static final TestFlight FLIGHT = new TestFlight(1);
  static final byte[] VALID = FLIGHT.oneScan(FLIGHT.payers.get(0), 1, 1_000, 1_000).encode();
  static Path directory;
  static Terminal terminal;

  @BeforeContainer
  static void open() throws IOException {
    directory = Files.createTempDirectory("aloft-scan-property");
    terminal = FLIGHT.openWithBundle(directory, new MutableClock(T0.plusSeconds(10)));
  }

  @AfterContainer
  static void close() throws IOException {
    terminal.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static void answersWithAVerdict(String scanned) {
    Verdict<Sale> verdict = terminal.accept(scanned);
    assertThat(verdict).isNotNull();
    if (verdict instanceof Verdict.Rejected<Sale> rejected) {
      assertThat(rejected.reason().message()).isNotBlank();
    }
  }

  @Property(tries = 300)
  void anyString_getsAVerdict(@ForAll String scanned) {
    answersWithAVerdict(scanned);
  }

  @Property(tries = 300)
  void anyPrefixedBase45Text_getsAVerdict(@ForAll("base45") String body) {
    answersWithAVerdict(QrText.PREFIX + body);
  }

  @Property(tries = 300)
  void anyMutationOfAValidCode_getsAVerdict(@ForAll("mutations") byte[] mutated) {
    answersWithAVerdict(QrText.encode(mutated));
  }

  @Provide
  Arbitrary<String> base45() {
    return Arbitraries.strings().withChars("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:").ofMaxLength(600);
  }

  @Provide
  Arbitrary<byte[]> mutations() {
    Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, VALID.length - 1)
        .tuple2().map(t -> {
          byte[] copy = VALID.clone();
          copy[t.get1()] ^= (byte) (1 << (t.get2() % 8));
          return copy;
        });
    Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, VALID.length - 1)
        .map(n -> java.util.Arrays.copyOf(VALID, n));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    return Arbitraries.oneOf(flipped, truncated, random);
  }
}
