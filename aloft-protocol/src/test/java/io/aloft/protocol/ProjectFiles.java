package io.aloft.protocol;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's own files (docs/), from the project root or a module folder. */
public final class ProjectFiles {
  private ProjectFiles() {}

  public static Path root() {
    String configured = System.getProperty("aloft.root");
    Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("");
    Path here = start.toAbsolutePath().normalize();
    for (Path at = here; at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve("aloft-protocol/pom.xml"))) {
        return at;
      }
    }
    throw new IllegalStateException("no project root above " + here);
  }

  public static Path docs() {
    return root().resolve("docs");
  }
}
