package io.aloft.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FilesAndRandomnessTest {
  @Test
  void deletingAFolder_removesEverythingInIt_andAMissingOneIsFine() throws Exception {
    Path root = TempDirectories.create("aloft-testkit");
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/file.txt"), "x");

    TempDirectories.delete(root);
    TempDirectories.delete(root);
    TempDirectories.delete(null);

    assertThat(root).doesNotExist();
  }

  @Test
  void theSameSeed_givesTheSameBytes_andAnotherSeedOthers() {
    byte[] first = new byte[32];
    byte[] again = new byte[32];
    byte[] other = new byte[32];
    Seeded.secureRandom(7).nextBytes(first);
    Seeded.secureRandom(7).nextBytes(again);
    Seeded.secureRandom(8).nextBytes(other);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }
}
