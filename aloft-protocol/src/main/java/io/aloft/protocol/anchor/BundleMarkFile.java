package io.aloft.protocol.anchor;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link BundleMarkStore} in one small text file, mode 600, replaced atomically and synced:
 * <pre>
 *   aloft-bundle-mark v1
 *   flight 12
 *   version 345
 *   issued-at 1796198400            (epoch seconds)
 *   issuer-key 1 8a88e3dd…          (key id, Ed25519 public key in hex; one line per key)
 * </pre>
 * A file that does not parse exactly so is refused ({@link IllegalStateException}): a device
 * whose record was damaged must not fall back to trusting its database.
 */
public final class BundleMarkFile implements BundleMarkStore {
  private static final String HEADER = "aloft-bundle-mark v1";
  private static final long MAX_BYTES = 8 * 1024;

  private final Path file;

  public BundleMarkFile(Path file) {
    this.file = file;
  }

  @Override
  public Optional<BundleMark> read() {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw corrupt("larger than " + MAX_BYTES + " bytes");
      }
      // Malformed UTF-8 is refused (an IOException), not replaced.
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return Optional.of(parse(text));
  }

  @Override
  public void write(BundleMark mark) {
    StringBuilder text = new StringBuilder(HEADER).append('\n')
        .append("flight ").append(mark.flightId()).append('\n')
        .append("version ").append(mark.bundleVersion()).append('\n')
        .append("issued-at ").append(mark.issuedAt().getEpochSecond()).append('\n');
    for (IssuerKey key : mark.issuerKeys()) {
      text.append("issuer-key ").append(key.keyId()).append(' ').append(key.key().encoded().hex()).append('\n');
    }
    try {
      replace(text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private void replace(byte[] bytes) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Path temporary = directory.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(temporary);
    }
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(directory);
  }

  /** Makes the rename durable where the platform allows opening a directory (Linux does). */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException notSupported) {
      // Windows cannot open a directory; the rename is still atomic there.
    }
  }

  /** As {@code text.lines()}: split at \n, \r and \r\n, with no empty line after a final break. */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private BundleMark parse(String text) {
    List<String> lines = lines(text);
    if (lines.size() < 4 || lines.size() > 4 + BundleMark.MAX_ISSUER_KEYS || !lines.get(0).equals(HEADER)) {
      throw corrupt("not a bundle mark");
    }
    long flight = number(lines.get(1), "flight");
    long version = number(lines.get(2), "version");
    long issuedAt = number(lines.get(3), "issued-at");
    List<IssuerKey> keys = new ArrayList<>();
    for (String line : lines.subList(4, lines.size())) {
      String[] parts = line.split(" ", -1);
      if (parts.length != 3 || !parts[0].equals("issuer-key") || !parts[2].matches("[0-9a-f]{64}")) {
        throw corrupt("bad issuer-key line");
      }
      try {
        keys.add(new IssuerKey(Integer.parseInt(parts[1]),
            new VerificationKey(SignatureAlgorithm.ED25519, Bytes.fromHex(parts[2]))));
      } catch (IllegalArgumentException e) {
        throw corrupt("bad issuer key: " + e.getMessage());
      }
    }
    try {
      return new BundleMark(flight, version, Instant.ofEpochSecond(issuedAt), keys);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw corrupt(e.getMessage());
    }
  }

  private long number(String line, String name) {
    String prefix = name + " ";
    if (!line.startsWith(prefix) || !line.substring(prefix.length()).matches("[0-9]{1,19}")) {
      throw corrupt("bad " + name + " line");
    }
    try {
      return Long.parseLong(line.substring(prefix.length()));
    } catch (NumberFormatException e) {
      throw corrupt("bad " + name + " line");
    }
  }

  private IllegalStateException corrupt(String why) {
    return new IllegalStateException(file + " (the record of the installed trust bundle) is corrupt: " + why
        + "; set the device up again");
  }
}
