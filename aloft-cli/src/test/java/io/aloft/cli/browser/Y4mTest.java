package io.aloft.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Y4mTest {
  @TempDir Path dir;

  @Test
  void aPicture_becomesTheHeaderThenEachFramesThreePlanes() throws Exception {
    BufferedImage picture = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    picture.setRGB(0, 0, 0xffffff);
    picture.setRGB(1, 0, 0xffffff);
    picture.setRGB(0, 1, 0xffffff);
    picture.setRGB(1, 1, 0xffffff);
    picture.setRGB(3, 1, 0xff0000);
    Path file = dir.resolve("v.y4m");
    Y4m.write(picture, 3, 10, file);

    byte[] bytes = Files.readAllBytes(file);
    String header = "YUV4MPEG2 W4 H2 F10:1 Ip A1:1 C420jpeg\n";
    assertThat(new String(bytes, 0, header.length(), StandardCharsets.US_ASCII)).isEqualTo(header);
    int frame = "FRAME\n".length() + 4 * 2 + 2 * (2 * 1);
    assertThat(bytes).hasSize(header.length() + 3 * frame);
    int y = header.length() + "FRAME\n".length();
    // Luma row by row: white 255, black 0, pure red 76 (0.299 × 255).
    assertThat(unsigned(bytes, y, 8)).containsExactly(255, 255, 0, 0, 255, 255, 0, 76);
    // One Cb and one Cr per 2×2 block: grey blocks sit at 128; red pulls Cr up and Cb down.
    assertThat(unsigned(bytes, y + 8, 2)).containsExactly(128, 117);
    assertThat(unsigned(bytes, y + 10, 2)).containsExactly(128, 160);
  }

  @Test
  void anOddSide_isRefused_since420NeedsEvenSides() {
    assertThatThrownBy(() -> Y4m.write(new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB), 1, 10,
        dir.resolve("v.y4m"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5x4");
  }

  private static int[] unsigned(byte[] bytes, int from, int count) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      values[i] = bytes[from + i] & 0xff;
    }
    return values;
  }
}
