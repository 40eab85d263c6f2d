package io.aloft.protocol.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files are 600 in 700 folders, and a folder other users can open is refused, not used. */
class PrivateFilesTest {
  @TempDir Path root;

  @Test
  void aMissingFolder_isCreatedOpenToItsOwnerOnly_parentsIncluded() throws IOException {
    Path folder = root.resolve("a").resolve("b");
    PrivateFiles.folder(folder);
    assertThat(mode(folder)).isEqualTo("rwx------");
    assertThat(mode(root.resolve("a"))).isEqualTo("rwx------");
  }

  @Test
  void aFolderOthersCanRead_isRefused_namingItAndTheFix() throws IOException {
    for (String open : new String[] {"rwxr-xr-x", "rwx-----x", "rwxrwx---", "rwx---rwx"}) {
      Path folder = Files.createDirectory(root.resolve("open-" + open.replace('-', '_')));
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(open));
      assertThatThrownBy(() -> PrivateFiles.folder(folder)).as(open)
          .isInstanceOfSatisfying(FolderTooOpenException.class, e -> assertThat(e.folder()).isEqualTo(folder))
          .hasMessageContaining(folder + " holds secrets but is open to other users (mode " + open + ")")
          .hasMessageEndingWith("chmod 700 " + folder);
    }
  }

  @Test
  void aPrivateFolder_isAccepted_andCreateFolderLeavesAnExistingOneAlone() throws IOException {
    Path folder = Files.createDirectory(root.resolve("mine"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    assertThat(PrivateFiles.folder(folder)).isEqualTo(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));
    PrivateFiles.createFolder(folder);
    assertThat(mode(folder)).isEqualTo("rwxr-x---");
  }

  @Test
  void aSecretFile_isCreated600_andAnOpenOneIsNarrowed() throws IOException {
    Path fresh = root.resolve("fresh.db");
    PrivateFiles.file(fresh);
    assertThat(fresh).isEmptyFile();
    assertThat(mode(fresh)).isEqualTo("rw-------");

    Path old = Files.writeString(root.resolve("old.db"), "kept");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
    PrivateFiles.file(old);
    assertThat(mode(old)).isEqualTo("rw-------");
    assertThat(old).hasContent("kept");
  }

  @Test
  void aDatabase_narrowsItsWalAndShmFilesToo() throws IOException {
    Path database = root.resolve("wallet.db");
    for (String name : new String[] {"wallet.db", "wallet.db-wal", "wallet.db-shm"}) {
      Files.writeString(root.resolve(name), name);
      Files.setPosixFilePermissions(root.resolve(name), PosixFilePermissions.fromString("rw-rw-rw-"));
    }
    PrivateFiles.database(database);
    for (String name : new String[] {"wallet.db", "wallet.db-wal", "wallet.db-shm"}) {
      assertThat(mode(root.resolve(name))).as(name).isEqualTo("rw-------");
    }
    assertThat(root.resolve("wallet.db-journal")).doesNotExist();
  }

  @Test
  void write_replacesTheContent_in600_leavingNoTemporaryFile() throws IOException {
    Path file = Files.writeString(root.resolve("token"), "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    PrivateFiles.write(file, "new".getBytes());
    assertThat(file).hasContent("new");
    assertThat(mode(file)).isEqualTo("rw-------");
    try (var files = Files.list(root)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("token");
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
