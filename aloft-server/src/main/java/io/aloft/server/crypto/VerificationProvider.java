package io.aloft.server.crypto;

import java.util.Locale;

/** Which implementation verifies signatures on the server (setting {@code verification.provider}). */
public enum VerificationProvider {
  /** Conscrypt where its native library loads and passes its start-up check; BouncyCastle elsewhere. */
  AUTO,
  /** BouncyCastle always, as the SDKs verify. */
  BOUNCYCASTLE;

  /** {@code auto} or {@code bouncycastle}. */
  public static VerificationProvider parse(String text) {
    for (VerificationProvider provider : values()) {
      if (provider.settingText().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return provider;
      }
    }
    throw new IllegalArgumentException("expected auto or bouncycastle, got '" + text + "'");
  }

  public String settingText() {
    return name().toLowerCase(Locale.ROOT);
  }
}
