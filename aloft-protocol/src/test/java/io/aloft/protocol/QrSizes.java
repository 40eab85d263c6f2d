package io.aloft.protocol;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.util.Map;

/** What ZXing's encoder makes of a QR text at error correction M: its version and mode. */
public record QrSizes(int version, Mode mode) {

  public static QrSizes measure(String text) {
    try {
      QRCode code = Encoder.encode(text, ErrorCorrectionLevel.M, Map.of());
      return new QrSizes(code.getVersion().getVersionNumber(), code.getMode());
    } catch (WriterException e) {
      throw new AssertionError("ZXing cannot encode " + text.length() + " characters at M", e);
    }
  }
}
