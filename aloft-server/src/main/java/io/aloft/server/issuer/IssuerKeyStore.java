package io.aloft.server.issuer;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where issuer private keys come from.
 *
 * <ul>
 *   <li>A folder (the embedded default, {@code <data>/issuer-keys}): one file per key named
 *       {@code issuer-<id>.key} holding the 32-byte Ed25519 private key in hex. At first start the
 *       folder is created (mode 700) with key 1 (mode 600).
 *   <li>Text, for production secrets managers and the environment variable
 *       {@code ALOFT_ISSUER_KEYS}: {@code id:hex} pairs separated by commas or new lines.
 * </ul>
 * Keys are not encrypted at rest here; protecting the folder or the secret is the operator's job.
 */
public final class IssuerKeyStore {
  private static final Pattern FILE_NAME = Pattern.compile("issuer-(\\d{1,3})\\.key");
  private static final Pattern ENTRY = Pattern.compile("\\s*(\\d{1,3})\\s*:\\s*([0-9a-fA-F]{64})\\s*");

  private IssuerKeyStore() {}

  /** Loads every key in {@code folder}, creating the folder and key 1 if there is none yet. */
  public static Map<Integer, Signer> loadOrCreate(Path folder, SecureRandom random) throws IOException {
    Map<Integer, Signer> keys = load(folder);
    if (!keys.isEmpty()) {
      return keys;
    }
    PrivateFiles.folder(folder);
    SoftwareSigner first = SoftwareSigner.generate(SignatureAlgorithm.ED25519, random);
    writePrivateFile(folder.resolve("issuer-1.key"), first.privateKey().hex() + "\n");
    return load(folder);
  }

  static Map<Integer, Signer> load(Path folder) throws IOException {
    Map<Integer, Signer> keys = new TreeMap<>();
    if (!Files.isDirectory(folder)) {
      return keys;
    }
    PrivateFiles.checkFolder(folder);
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        if (name.matches()) {
          int id = keyId(name.group(1));
          keys.put(id, signer(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString()));
        }
      }
    }
    return keys;
  }

  /** Parses {@code id:hex[,id:hex...]}; IllegalArgumentException names the bad entry. */
  public static Map<Integer, Signer> parse(String text) {
    Map<Integer, Signer> keys = new TreeMap<>();
    for (String entry : text.split("[,\\n]")) {
      if (entry.isBlank()) {
        continue;
      }
      Matcher matcher = ENTRY.matcher(entry);
      if (!matcher.matches()) {
        throw new IllegalArgumentException("issuer key entry must be '<id>:<64 hex digits>', got an entry of "
            + entry.length() + " characters");
      }
      int id = keyId(matcher.group(1));
      if (keys.put(id, signer(matcher.group(2), "entry " + id)) != null) {
        throw new IllegalArgumentException("issuer key id " + id + " appears twice");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no issuer keys in the given text");
    }
    return keys;
  }

  private static int keyId(String digits) {
    int id = Integer.parseInt(digits);
    if (id < 1 || id > 255) {
      throw new IllegalArgumentException("issuer key id must be 1..255, got " + id);
    }
    return id;
  }

  private static Signer signer(String hex, String where) {
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("issuer key in " + where + " must be 64 hex digits");
    }
    return SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Bytes.fromHex(hex.toLowerCase()));
  }

  /** Writes a secret so that it is never readable by others, not even for an instant. */
  public static void writePrivateFile(Path file, String content) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
