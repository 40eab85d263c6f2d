package io.aloft.cli.browser;

import com.google.zxing.common.BitMatrix;
import io.aloft.cli.qr.QrImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What Chromium's fake camera sees: a Y4M file ({@link Y4m}) holding one picture, centred on
 * white, for {@code Browser.builder(...).fakeCamera(camera.file())}.
 *
 * <p>Chromium opens the file each time a page starts capturing ({@code getUserMedia}), not once
 * per browser. So one browser can scan several codes: {@link #show} the next one, then load (or
 * reload) the page that scans. A capture already running keeps playing the file it opened, so
 * showing a code to a page that is already scanning needs that page loaded again (or a fresh
 * browser). {@code ScannerBrowserTest} checks both. The file is replaced by an atomic rename,
 * never rewritten in place, so a capture that is running keeps reading whole frames of the old
 * picture.
 */
public final class FakeCamera {
  /** Chromium's own fake camera size; a QR code of up to version 10 fits at 7 pixels a module. */
  public static final int WIDTH = 640;
  public static final int HEIGHT = 480;
  /** The picture fills at most this many pixels of the frame's height, so a margin stays white. */
  static final int PICTURE_SIDE = 440;
  private static final int FRAMES = 5;
  private static final int FRAMES_PER_SECOND = 10;

  private final Path file;

  private FakeCamera(Path file) {
    this.file = file;
  }

  /** A camera looking at a blank white card, its video at {@code dir/camera.y4m}. */
  public static FakeCamera in(Path dir) {
    FakeCamera camera = new FakeCamera(dir.resolve("camera.y4m"));
    camera.showNothing();
    return camera;
  }

  public Path file() {
    return file;
  }

  public void showNothing() {
    write(blankFrame());
  }

  /**
   * The QR code of {@code text} as ZXing draws it for the command line (error correction M, a
   * 4-module quiet zone), in whole pixels per module, as large as fits.
   */
  public void showQr(String text) {
    BitMatrix modules = QrImages.matrix(text);
    int pixelsPerModule = PICTURE_SIDE / modules.getHeight();
    if (pixelsPerModule < 3) {
      throw new IllegalArgumentException("a code of " + modules.getHeight() + " modules is too dense for a "
          + WIDTH + "x" + HEIGHT + " camera");
    }
    BufferedImage frame = blankFrame();
    int side = modules.getHeight() * pixelsPerModule;
    int left = (WIDTH - side) / 2;
    int top = (HEIGHT - side) / 2;
    Graphics2D g = frame.createGraphics();
    g.setColor(Color.BLACK);
    for (int y = 0; y < modules.getHeight(); y++) {
      for (int x = 0; x < modules.getWidth(); x++) {
        if (modules.get(x, y)) {
          g.fillRect(left + x * pixelsPerModule, top + y * pixelsPerModule, pixelsPerModule, pixelsPerModule);
        }
      }
    }
    g.dispose();
    write(frame);
  }

  /**
   * {@code picture} (for example a screenshot of the code one app shows) scaled to fill
   * {@link #PICTURE_SIDE} pixels on its longer side, pixel edges kept sharp, centred on white.
   */
  public void show(BufferedImage picture) {
    double scale = (double) PICTURE_SIDE / Math.max(picture.getWidth(), picture.getHeight());
    int width = (int) Math.round(picture.getWidth() * scale);
    int height = (int) Math.round(picture.getHeight() * scale);
    BufferedImage frame = blankFrame();
    Graphics2D g = frame.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.drawImage(picture, (WIDTH - width) / 2, (HEIGHT - height) / 2, width, height, null);
    g.dispose();
    write(frame);
  }

  private static BufferedImage blankFrame() {
    BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = frame.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.dispose();
    return frame;
  }

  private void write(BufferedImage frame) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path next = Files.createTempFile(parent, "camera-", ".y4m");
      Y4m.write(frame, FRAMES, FRAMES_PER_SECOND, next);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
