package io.aloft.cli.browser;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A still picture as a YUV4MPEG2 video, the format Chromium's fake camera plays from
 * {@code --use-file-for-fake-video-capture} (it loops the file).
 *
 * <p>Layout: one header line {@code YUV4MPEG2 W<width> H<height> F<fps>:1 Ip A1:1 C420jpeg}, then
 * per frame the line {@code FRAME} and the three planes of 8-bit YCbCr 4:2:0: luma, one byte per
 * pixel, row by row; then Cb and Cr, one byte per 2×2 block of pixels (the block's average). The
 * colours are BT.601 full range (JPEG's), so white is luma 255 and black 0.
 */
public final class Y4m {
  /** Chromium's fake capture wants an even size for 4:2:0; this bound keeps a file under 20 MB. */
  static final int MAX_SIDE = 1920;
  static final int MAX_FRAMES = 60;

  private Y4m() {}

  /** Writes {@code picture} as {@code frames} identical frames at {@code framesPerSecond}. */
  public static void write(BufferedImage picture, int frames, int framesPerSecond, Path file) throws IOException {
    int width = picture.getWidth();
    int height = picture.getHeight();
    if (width % 2 != 0 || height % 2 != 0 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException("picture of " + width + "x" + height
          + ": 4:2:0 video needs even sides of at most " + MAX_SIDE);
    }
    if (frames < 1 || frames > MAX_FRAMES || framesPerSecond < 1 || framesPerSecond > 60) {
      throw new IllegalArgumentException("frames " + frames + " at " + framesPerSecond + " per second");
    }
    byte[] frame = planes(picture);
    String header = "YUV4MPEG2 W" + width + " H" + height + " F" + framesPerSecond + ":1 Ip A1:1 C420jpeg\n";
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < frames; i++) {
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(frame);
      }
    }
  }

  /** The Y, Cb and Cr planes of one frame, one after the other. */
  static byte[] planes(BufferedImage picture) {
    int width = picture.getWidth();
    int height = picture.getHeight();
    int lumaSize = width * height;
    int chromaWidth = width / 2;
    int chromaSize = chromaWidth * (height / 2);
    byte[] planes = new byte[lumaSize + 2 * chromaSize];
    int[] rgb = picture.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < lumaSize; i++) {
      planes[i] = (byte) luma(rgb[i]);
    }
    for (int y = 0; y < height; y += 2) {
      for (int x = 0; x < width; x += 2) {
        int[] block = {rgb[y * width + x], rgb[y * width + x + 1], rgb[(y + 1) * width + x],
            rgb[(y + 1) * width + x + 1]};
        int cb = 0;
        int cr = 0;
        for (int pixel : block) {
          cb += chromaBlue(pixel);
          cr += chromaRed(pixel);
        }
        int at = (y / 2) * chromaWidth + x / 2;
        planes[lumaSize + at] = (byte) ((cb + 2) / 4);
        planes[lumaSize + chromaSize + at] = (byte) ((cr + 2) / 4);
      }
    }
    return planes;
  }

  // BT.601 full range in 16-bit fixed point: Y = .299R + .587G + .114B,
  // Cb = 128 - .168736R - .331264G + .5B, Cr = 128 + .5R - .418688G - .081312B.
  static int luma(int rgb) {
    return clamp((19595 * red(rgb) + 38470 * green(rgb) + 7471 * blue(rgb) + 32768) >> 16);
  }

  static int chromaBlue(int rgb) {
    return clamp(128 + ((-11059 * red(rgb) - 21709 * green(rgb) + 32768 * blue(rgb) + 32768) >> 16));
  }

  static int chromaRed(int rgb) {
    return clamp(128 + ((32768 * red(rgb) - 27439 * green(rgb) - 5329 * blue(rgb) + 32768) >> 16));
  }

  private static int red(int rgb) {
    return (rgb >> 16) & 0xff;
  }

  private static int green(int rgb) {
    return (rgb >> 8) & 0xff;
  }

  private static int blue(int rgb) {
    return rgb & 0xff;
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }
}
