package io.aloft.protocol.sqlite;

/**
 * A device database was written by a newer version of the app than the one opening it: its schema
 * version is above the last one this code knows. The file is left untouched; only a newer app
 * may open it.
 */
public final class SchemaTooNewException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String database;
  private final int foundVersion;
  private final int supportedVersion;

  public SchemaTooNewException(String database, int foundVersion, int supportedVersion) {
    super(database + " has schema version " + foundVersion + ", but this version of the app reads versions up to "
        + supportedVersion + ": open it with a newer version");
    this.database = database;
    this.foundVersion = foundVersion;
    this.supportedVersion = supportedVersion;
  }

  /** What the file is ("terminal database"). */
  public String database() {
    return database;
  }

  /** The file's {@code user_version}. */
  public int foundVersion() {
    return foundVersion;
  }

  /** The newest version this code reads. */
  public int supportedVersion() {
    return supportedVersion;
  }
}
