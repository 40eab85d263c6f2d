package io.aloft.protocol.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A folder that holds secrets is open to other users of the machine (group or others have some
 * permission on it). The message names the folder and the command that fixes it.
 */
public final class FolderTooOpenException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path folder;

  public FolderTooOpenException(Path folder, String mode) {
    super(folder + " holds secrets but is open to other users (mode " + mode + "); restrict it with: chmod 700 "
        + folder);
    this.folder = folder;
  }

  public Path folder() {
    return folder;
  }
}
