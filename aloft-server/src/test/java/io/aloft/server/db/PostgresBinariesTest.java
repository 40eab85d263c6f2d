package io.aloft.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.db.PostgresBinaries.Platform;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresBinariesTest {
  @ParameterizedTest(name = "{0} on {1} runs {2}")
  @CsvSource({
      "Linux, amd64, LINUX_X86_64",
      "Linux, aarch64, LINUX_ARM_64",
      "Mac OS X, x86_64, DARWIN_X86_64",
      "Mac OS X, aarch64, DARWIN_ARM_64"})
  void supportedPlatform_picksZonkysArchive(String osName, String osArch, Platform expected) {
    assertThat(Platform.of(osName, osArch)).contains(expected);
  }

  @ParameterizedTest(name = "{0} on {1} has no embedded PostgreSQL")
  @CsvSource({"Windows 11, amd64", "Linux, riscv64", "Linux, ppc64le", "FreeBSD, amd64", "Mac OS X, ppc"})
  void otherPlatform_hasNoneAndTheMessageSaysToUseDbUrl(String osName, String osArch) {
    assertThat(Platform.of(osName, osArch)).isEqualTo(Optional.empty());
    assertThat(Platform.unsupported(osName, osArch)).contains(osName).contains(osArch).contains("--db-url");
  }

  @ParameterizedTest(name = "{0} archive is named {1}")
  @CsvSource({
      "LINUX_X86_64, postgres-linux-x86_64.txz",
      "LINUX_ARM_64, postgres-linux-arm_64.txz",
      "DARWIN_X86_64, postgres-darwin-x86_64.txz",
      "DARWIN_ARM_64, postgres-darwin-arm_64.txz"})
  void archiveNames_matchTheZonkyJars(Platform platform, String archive) {
    assertThat(platform.archive()).isEqualTo(archive);
  }

  @org.junit.jupiter.api.Test
  void thisMachinesArchive_isOnTheClasspath() throws Exception {
    Platform here = Platform.current();
    assertThat(PostgresBinaries.class.getClassLoader().getResource(here.archive()))
        .as("the build's platform profile puts %s on the classpath", here.archive()).isNotNull();
  }
}
