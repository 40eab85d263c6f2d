package io.aloft.wallet.keys;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The software key provider: each device key lives in a file of its own, sealed under the
 * wallet's one passphrase (see {@link SealedKey}). The first key is written to the file the
 * provider is given, and signs like any other when a credential names it; every later key sits
 * beside it, named after its public key: {@code device.key.<16 hex digits of
 * SHA-256 of the key>}. A new key is sealed with the Argon2id parameters of the keys already
 * there, and only after the passphrase has opened one of them, so one wallet never ends up with
 * keys under two passphrases. Keys are opened on first use and kept in memory while the wallet
 * runs.
 *
 * <p>Known limits: a software key can be copied off a rooted or compromised phone together with
 * its file, and then only the passphrase's strength and Argon2id's cost protect it. Use a
 * hardware-backed {@link KeyProvider} where the platform has one. Private keys sit in the JVM
 * heap while unlocked; Java cannot promise to wipe every copy. Deleting a file does not scrub the
 * flash it was on.
 */
public final class PassphraseKeyProvider implements KeyProvider {
  private static final int MAX_FILE_BYTES = 512;
  /** The most key files one wallet keeps; keys of expired credentials are deleted well before. */
  public static final int MAX_KEYS = 256;

  private final Path file;
  private final char[] passphrase;
  private final KdfParameters kdf;
  private final SecureRandom random;
  private final Map<VerificationKey, SoftwareSigner> unlocked = new HashMap<>();

  /**
   * @param file where the first sealed key is kept; later keys are written beside it
   * @param passphrase copied; the caller may wipe its array afterwards
   * @param kdf parameters for the first key; later keys take those of the keys already there
   * @param random the source for new keys, salts and nonces
   */
  public PassphraseKeyProvider(Path file, char[] passphrase, KdfParameters kdf, SecureRandom random) {
    if (file == null || passphrase == null || passphrase.length == 0 || kdf == null || random == null) {
      throw new IllegalArgumentException("file, a non-empty passphrase, kdf and random are required");
    }
    this.file = file;
    this.passphrase = passphrase.clone();
    this.kdf = kdf;
    this.random = random;
  }

  @Override
  public synchronized VerificationKey create(SignatureAlgorithm algorithm) throws KeyUnavailableException {
    Optional<Path> existing = anyKeyFile();
    KdfParameters parameters = kdf;
    if (existing.isPresent()) {
      SealedKey sealed = read(existing.get());
      remember(sealed.open(passphrase));
      parameters = sealed.kdf();
    }
    if (countKeyFiles() >= MAX_KEYS) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED,
          "this wallet already holds " + MAX_KEYS + " device keys");
    }
    SoftwareSigner created = SoftwareSigner.generate(algorithm, random);
    Path target = Files.exists(file) ? sibling(created.publicKey()) : file;
    writeAtomically(target, SealedKey.seal(created, passphrase, parameters, random).encode());
    remember(created);
    return created.publicKey();
  }

  @Override
  public synchronized Signer signer(VerificationKey publicKey) throws KeyUnavailableException {
    SoftwareSigner signer = unlocked.get(publicKey);
    if (signer == null) {
      Path path = fileOf(publicKey).orElseThrow(() -> new KeyUnavailableException(
          KeyUnavailableException.Cause.NO_KEY, "no device key " + publicKey + " beside " + file));
      signer = remember(read(path).open(passphrase));
    }
    return signer;
  }

  @Override
  public synchronized void delete(VerificationKey publicKey) throws KeyUnavailableException {
    Optional<Path> path = fileOf(publicKey);
    unlocked.remove(publicKey);
    if (path.isPresent()) {
      try {
        Files.deleteIfExists(path.get());
      } catch (IOException e) {
        throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, "cannot delete " + path.get(), e);
      }
    }
  }

  /** Forgets the opened keys and the passphrase; the provider cannot sign afterwards. */
  public synchronized void lock() {
    unlocked.clear();
    Arrays.fill(passphrase, '\0');
  }

  private SoftwareSigner remember(SoftwareSigner signer) {
    unlocked.put(signer.publicKey(), signer);
    return signer;
  }

  /** The file holding {@code publicKey}: the first key's file, or its named sibling. */
  private Optional<Path> fileOf(VerificationKey publicKey) throws KeyUnavailableException {
    if (Files.exists(file) && read(file).publicKey().equals(publicKey)) {
      return Optional.of(file);
    }
    Path sibling = sibling(publicKey);
    if (Files.exists(sibling) && read(sibling).publicKey().equals(publicKey)) {
      return Optional.of(sibling);
    }
    return Optional.empty();
  }

  private Path sibling(VerificationKey publicKey) {
    byte[] digest = Digests.sha256(publicKey.encoded().toByteArray());
    return file.resolveSibling(file.getFileName() + "." + Bytes.of(Arrays.copyOf(digest, 8)).hex());
  }

  private Optional<Path> anyKeyFile() throws KeyUnavailableException {
    if (Files.exists(file)) {
      return Optional.of(file);
    }
    try (DirectoryStream<Path> siblings = siblings()) {
      for (Path sibling : siblings) {
        return Optional.of(sibling);
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, "cannot list keys beside " + file, e);
    }
  }

  private int countKeyFiles() throws KeyUnavailableException {
    int count = Files.exists(file) ? 1 : 0;
    try (DirectoryStream<Path> siblings = siblings()) {
      for (Path ignored : siblings) {
        count++;
      }
      return count;
    } catch (IOException e) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, "cannot list keys beside " + file, e);
    }
  }

  private DirectoryStream<Path> siblings() throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    String prefix = file.getFileName() + ".";
    return Files.newDirectoryStream(directory, path -> {
      String name = path.getFileName().toString();
      return name.length() == prefix.length() + 16 && name.startsWith(prefix)
          && name.substring(prefix.length()).matches("[0-9a-f]{16}");
    });
  }

  private static SealedKey read(Path path) throws KeyUnavailableException {
    try {
      if (!Files.exists(path)) {
        throw new KeyUnavailableException(KeyUnavailableException.Cause.NO_KEY, "no device key at " + path);
      }
      if (Files.size(path) > MAX_FILE_BYTES) {
        throw new KeyUnavailableException(KeyUnavailableException.Cause.DAMAGED, path + " is too large");
      }
      return SealedKey.decode(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, "cannot read " + path, e);
    } catch (DecodeException e) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.DAMAGED, e.getMessage(), e);
    }
  }

  /** Mode 600 from the start; a sibling is synced and renamed over, so a crash leaves the old file or the new. */
  private static void writeAtomically(Path target, byte[] encoded) throws KeyUnavailableException {
    try {
      PrivateFiles.write(target, encoded);
    } catch (IOException e) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, "cannot write " + target, e);
    }
  }
}
