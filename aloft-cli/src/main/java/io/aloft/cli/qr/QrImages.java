package io.aloft.cli.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * QR codes as PNG files and as terminal text, with ZXing. Error correction M, the level the
 * protocol's size targets are stated at; a 4-module quiet zone so any scanner finds the code.
 */
public final class QrImages {
  /** Pixels per module in PNG files: large enough for a phone camera and for zbarimg. */
  public static final int PIXELS_PER_MODULE = 8;
  /** Refuse to read images larger than this many bytes: a QR image is small. */
  public static final long MAX_IMAGE_BYTES = 16L * 1024 * 1024;

  /**
   * How an image is read, in order. A clean render (a PNG this class wrote, a screenshot) reads
   * exactly as a pure barcode; the finder-pattern search that photos need can misread one, when
   * a data region looks like a finder pattern, so it comes second.
   */
  private static final List<Map<DecodeHintType, Object>> READ_ATTEMPTS = List.of(
      Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE,
          DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE)),
      Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE,
          DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE)));

  private QrImages() {}

  public static BitMatrix matrix(String text) {
    try {
      BitMatrix modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
      return modules;
    } catch (WriterException e) {
      throw new IllegalArgumentException("text does not fit a QR code: " + e.getMessage(), e);
    }
  }

  /** The code at {@link #PIXELS_PER_MODULE}, quiet zone included: what PNG files and the apps' screens show. */
  public static BitMatrix scaled(String text) {
    return scale(matrix(text), PIXELS_PER_MODULE);
  }

  public static void writePng(String text, Path file) throws IOException {
    BitMatrix scaled = scaled(text);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MatrixToImageWriter.writeToPath(scaled, "PNG", file);
  }

  /**
   * The text of the QR code in a PNG (or any image ImageIO reads). Throws {@link QrReadException}
   * with a clear message when the file is not an image or holds no readable QR code.
   */
  public static String readImage(Path file) throws QrReadException, IOException {
    long size = Files.size(file);
    if (size > MAX_IMAGE_BYTES) {
      throw new QrReadException(file + " is " + size + " bytes, more than a QR image can need");
    }
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new QrReadException(file + " is not an image this tool can read (PNG expected)");
    }
    BufferedImageLuminanceSource source = new BufferedImageLuminanceSource(image);
    ReaderException last = null;
    for (Map<DecodeHintType, Object> hints : READ_ATTEMPTS) {
      for (BinaryBitmap bitmap : List.of(new BinaryBitmap(new HybridBinarizer(source)),
          new BinaryBitmap(new GlobalHistogramBinarizer(source)))) {
        try {
          return new QRCodeReader().decode(bitmap, hints).getText();
        } catch (ReaderException e) {
          last = e;
        }
      }
    }
    if (last instanceof NotFoundException) {
      throw new QrReadException("no QR code found in " + file);
    }
    throw new QrReadException("the QR code in " + file + " could not be read: " + last);
  }

  /**
   * The code drawn with Unicode half blocks, two modules rows per text line, dark on light, so
   * that a phone can scan it straight off a terminal window.
   */
  public static String toTerminalText(String text) {
    BitMatrix modules = matrix(text);
    StringBuilder out = new StringBuilder();
    for (int y = 0; y < modules.getHeight(); y += 2) {
      for (int x = 0; x < modules.getWidth(); x++) {
        boolean top = modules.get(x, y);
        boolean bottom = y + 1 < modules.getHeight() && modules.get(x, y + 1);
        out.append(top ? (bottom ? ' ' : '▄') : (bottom ? '▀' : '█'));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static BitMatrix scale(BitMatrix modules, int factor) {
    BitMatrix out = new BitMatrix(modules.getWidth() * factor, modules.getHeight() * factor);
    for (int y = 0; y < modules.getHeight(); y++) {
      for (int x = 0; x < modules.getWidth(); x++) {
        if (modules.get(x, y)) {
          out.setRegion(x * factor, y * factor, factor, factor);
        }
      }
    }
    return out;
  }
}
