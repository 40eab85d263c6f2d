package io.aloft.server.http;

import io.aloft.server.issuer.IssuerKeyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The operator's key for the embedded default: read from {@code <data>/admin-key}, or created there
 * (mode 600) at first start so that the operator, and the CLI on the same machine, can read it.
 * The server itself keeps only its hash. Production sets ALOFT_ADMIN_KEY instead.
 */
public final class AdminKey {
  private AdminKey() {}

  public static String loadOrCreate(Path file, SecureRandom random) throws IOException {
    if (Files.exists(file)) {
      String key = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (key.isEmpty() || key.length() > Secrets.MAX_TOKEN_LENGTH) {
        throw new IOException("admin key file " + file + " must hold 1.." + Secrets.MAX_TOKEN_LENGTH + " characters");
      }
      return key;
    }
    Files.createDirectories(file.getParent());
    String key = Secrets.newToken("admin", random);
    IssuerKeyStore.writePrivateFile(file, key + "\n");
    return key;
  }
}
