package io.aloft.cli.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrImagesTest {
  /** A Base45 text of the length of a self-contained one-scan code, with spaces and symbols. */
  private static final String CODE = "AL1" + "0A: $%*+-./".repeat(28);

  @TempDir Path dir;

  @Test
  void png_writtenThenRead_givesTheSameText() throws Exception {
    Path png = dir.resolve("code.png");
    QrImages.writePng(CODE, png);
    assertThat(QrImages.readImage(png)).isEqualTo(CODE);
  }

  /**
   * Every code the CLI writes reads back: 400 random Base45 texts of code lengths. ZXing's finder
   * search alone misreads some clean renders (a data region that looks like a finder pattern).
   */
  @Test
  void png_ofManyRandomCodes_eachReadsBack() throws Exception {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    java.util.Random random = new java.util.Random(20261206);
    Path png = dir.resolve("random.png");
    for (int i = 0; i < 400; i++) {
      StringBuilder text = new StringBuilder("AL1");
      int length = 40 + random.nextInt(560);
      for (int c = 0; c < length; c++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      QrImages.writePng(text.toString(), png);
      assertThat(QrImages.readImage(png)).as("code %d, %d characters", i, length).isEqualTo(text.toString());
    }
  }

  @Test
  void png_isReadableByZbarimg_anIndependentDecoder() throws Exception {
    assumeTrue(Zbar.installed(), "zbarimg (Debian zbar-tools) is not installed; .ci/run installs it");
    Path png = dir.resolve("code.png");
    QrImages.writePng(CODE, png);
    assertThat(Zbar.decode(png)).isEqualTo(CODE);
  }

  @Test
  void readImage_ofAFileThatIsNotAnImage_saysSo() throws IOException {
    Path notImage = Files.writeString(dir.resolve("x.png"), "hello");
    assertThatThrownBy(() -> QrImages.readImage(notImage))
        .isInstanceOf(QrReadException.class).hasMessageContaining("not an image");
  }

  @Test
  void readImage_ofAnImageWithoutACode_saysSo() throws Exception {
    Path blank = dir.resolve("blank.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(50, 50, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png", blank.toFile());
    assertThatThrownBy(() -> QrImages.readImage(blank))
        .isInstanceOf(QrReadException.class).hasMessageContaining("no QR code");
  }

  @Test
  void terminalText_drawsEveryModuleRowPair() {
    String drawn = QrImages.toTerminalText("AL1ABC");
    int size = QrImages.matrix("AL1ABC").getHeight();
    assertThat(drawn.lines()).hasSize((size + 1) / 2);
  }
}
