package io.aloft.terminal.keys;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.SoftwareSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The terminal key as a 32-byte Ed25519 seed in a file readable and writable by its owner only
 * (mode 600), created on first use.
 *
 * <p>Limit, stated plainly: the key is as safe as the file. Anyone who can read it can sign
 * receipts and journal heads as this terminal, and so can rewrite the journal undetectably.
 * Production devices should use a hardware key store through {@link KeyProvider}.
 */
public final class FileKeyProvider implements KeyProvider {
  private static final int SEED_LENGTH = 32;

  private final SoftwareSigner signer;

  private FileKeyProvider(SoftwareSigner signer) {
    this.signer = signer;
  }

  /** Loads the key at {@code file}, or generates one with {@code random} and stores it there. */
  public static FileKeyProvider openOrCreate(Path file, SecureRandom random) {
    try {
      if (!Files.exists(file)) {
        create(file, SoftwareSigner.generate(SignatureAlgorithm.ED25519, random));
      }
      byte[] seed = Files.readAllBytes(file);
      if (seed.length != SEED_LENGTH) {
        throw new IllegalStateException("terminal key file " + file + " holds " + seed.length + " bytes, not 32");
      }
      return new FileKeyProvider(SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Bytes.of(seed)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create terminal key " + file, e);
    }
  }

  private static void create(Path file, SoftwareSigner key) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(temporary);
    if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
          Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
    } else {
      Files.createFile(temporary);
    }
    Files.write(temporary, key.privateKey().toByteArray(), StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    // The rename is atomic: a crash leaves either no key file or a whole one, never half a key.
    Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public Signer terminalKey() {
    return signer;
  }
}
