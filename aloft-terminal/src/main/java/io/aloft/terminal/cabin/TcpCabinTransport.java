package io.aloft.terminal.cabin;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.rules.Verdict;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The reference cabin transport: TCP on the cabin network. The terminal listens on one address
 * and dials each configured peer, reconnecting with exponential backoff. Either way a connection
 * is used only after mutual authentication by terminal keys (see docs/protocol.md, "Cabin
 * frames"):
 *
 * <ol>
 *   <li>each side sends an opening frame: its terminal id, its flight id, a fresh 32-byte random
 *       challenge; a peer of another flight, or claiming this terminal's id, is dropped;
 *   <li>each side sends a {@link CabinHello} answering the other's challenge, and checks the one
 *       it receives against the bundle ({@link CabinEndpoint#checkCabinHello}): a terminal that is
 *       unknown, revoked or of another flight, or that cannot sign as the id it claimed, is
 *       dropped before anything it sends is read as a digest;
 *   <li>then each side sends digests, one per frame.
 * </ol>
 *
 * <p>Bounds: frames are a u32 length of 1..{@value #MAX_FRAME_BYTES} bytes, checked before
 * allocating; at most {@value #MAX_CONNECTIONS} connections; at most {@value #MAX_QUEUED} digests
 * queued per connection (the oldest is dropped, as each digest supersedes the last of its
 * terminal); connect, handshake and idle timeouts; backoff doubling up to its maximum.
 *
 * <p>Known limits: connections are not encrypted, so anyone on the cabin network can read the
 * digests (pseudonymous serials and amounts); they cannot forge or alter one. A peer that
 * connects and then stays silent is dropped after the idle timeout.
 */
public final class TcpCabinTransport implements CabinTransport {
  public static final int MAX_FRAME_BYTES = 1 << 20;
  public static final int MAX_CONNECTIONS = 64;
  public static final int MAX_QUEUED = 4;
  private static final int OPENING_BYTES = 4 + 4 + CabinHello.CHALLENGE_LENGTH;
  private static final int MAX_HELLO_BYTES = 256;
  private static final Logger LOG = Logger.getLogger(TcpCabinTransport.class.getName());

  /**
   * @param connectTimeout how long dialling a peer may take
   * @param handshakeTimeout how long the opening and hello frames may take
   * @param idleTimeout how long a connection may stay silent (peers push at least every sync interval)
   * @param backoffInitial the wait before the first redial; doubles after each failure
   * @param backoffMax the longest wait between redials
   */
  public record Options(Duration connectTimeout, Duration handshakeTimeout, Duration idleTimeout,
      Duration backoffInitial, Duration backoffMax) {
    public Options {
      for (Duration d : List.of(connectTimeout, handshakeTimeout, idleTimeout, backoffInitial, backoffMax)) {
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("timeouts must be positive milliseconds: " + d);
        }
      }
      if (backoffMax.compareTo(backoffInitial) < 0) {
        throw new IllegalArgumentException("backoffMax must be at least backoffInitial");
      }
    }

    /** Timeouts for a sync interval: idle after three missed pushes (at least 5 s). */
    public static Options forSyncInterval(Duration syncInterval) {
      Duration idle = syncInterval.multipliedBy(3);
      return new Options(Duration.ofSeconds(3), Duration.ofSeconds(5),
          idle.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : idle,
          Duration.ofMillis(200), Duration.ofSeconds(10));
    }
  }

  private final CabinEndpoint endpoint;
  private final InetSocketAddress listenAddress;
  private final List<InetSocketAddress> peerAddresses;
  private final Options options;
  private final SecureRandom random = new SecureRandom();
  private final Map<Connection, Long> authenticated = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  /** When each peer was last written down as heard: at most once a second, as each is a durable write. */
  private final Map<Long, Long> notedAtNanos = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  private volatile ServerSocket server;

  public TcpCabinTransport(CabinEndpoint endpoint, InetSocketAddress listenAddress,
      List<InetSocketAddress> peerAddresses, Options options) {
    if (endpoint == null || listenAddress == null || peerAddresses == null || options == null) {
      throw new IllegalArgumentException("endpoint, listen address, peers and options are required");
    }
    if (peerAddresses.size() > MAX_CONNECTIONS / 2) {
      throw new IllegalArgumentException("at most " + MAX_CONNECTIONS / 2 + " peers: " + peerAddresses.size());
    }
    this.endpoint = endpoint;
    this.listenAddress = listenAddress;
    this.peerAddresses = List.copyOf(peerAddresses);
    this.options = options;
  }

  /** Binds the listening socket (so {@link #localAddress} is known on return) and starts dialling. */
  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(listenAddress, MAX_CONNECTIONS);
      server = socket;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot listen on " + listenAddress, e);
    }
    running = true;
    spawn("cabin-listen-" + endpoint.terminalId(), this::listen);
    for (InetSocketAddress peer : peerAddresses) {
      spawn("cabin-dial-" + peer, () -> dial(peer));
    }
  }

  /** Where this transport listens (with the port the system chose, for port 0). */
  public InetSocketAddress localAddress() {
    ServerSocket socket = server;
    if (socket == null) {
      throw new IllegalStateException("not started");
    }
    return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
  }

  @Override
  public int broadcast(byte[] encodedDigest) {
    if (encodedDigest.length < 1 || encodedDigest.length > MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("a digest frame must be 1.." + MAX_FRAME_BYTES + " bytes");
    }
    int queued = 0;
    for (Connection connection : authenticated.keySet()) {
      connection.queue(encodedDigest);
      queued++;
    }
    return queued;
  }

  @Override
  public Set<Long> connectedPeers() {
    return Set.copyOf(authenticated.values());
  }

  @Override
  public void close() {
    running = false;
    closeQuietly(server);
    open.forEach(TcpCabinTransport::closeQuietly);
    List<Thread> toJoin;
    synchronized (this) {
      toJoin = List.copyOf(threads);
    }
    for (Thread thread : toJoin) {
      thread.interrupt();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private synchronized void spawn(String name, Runnable body) {
    threads.removeIf(t -> !t.isAlive());
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private void listen() {
    while (running) {
      try {
        Socket socket = server.accept();
        if (open.size() >= MAX_CONNECTIONS) {
          closeQuietly(socket);
          continue;
        }
        spawn("cabin-in-" + socket.getRemoteSocketAddress(), () -> serve(socket));
      } catch (IOException e) {
        if (running) {
          LOG.log(Level.FINE, "accept failed", e);
        }
      }
    }
  }

  private void dial(InetSocketAddress peer) {
    long backoffMs = options.backoffInitial().toMillis();
    while (running) {
      Socket socket = new Socket();
      boolean authenticatedOnce = false;
      try {
        socket.connect(peer, (int) options.connectTimeout().toMillis());
        authenticatedOnce = serve(socket);
      } catch (IOException e) {
        closeQuietly(socket);
      }
      if (authenticatedOnce) {
        backoffMs = options.backoffInitial().toMillis();
      }
      try {
        TimeUnit.MILLISECONDS.sleep(backoffMs);
      } catch (InterruptedException e) {
        return;
      }
      backoffMs = Math.min(options.backoffMax().toMillis(), backoffMs * 2);
    }
  }

  /** Runs one connection to its end; true if the peer was authenticated. */
  private boolean serve(Socket socket) {
    open.add(socket);
    Connection connection = null;
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) options.handshakeTimeout().toMillis());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      Optional<Long> peer = handshake(in, out);
      if (!peer.isPresent()) {
        return false;
      }
      String address = String.valueOf(socket.getRemoteSocketAddress());
      connection = new Connection(out, peer.get());
      authenticated.put(connection, peer.get());
      notedAtNanos.remove(peer.get());
      noteHeard(peer.get(), address);
      Connection writer = connection;
      spawn("cabin-out-" + peer.get(), () -> writer.drain(socket));
      endpoint.cabinDigest().ifPresent(d -> writer.queue(d.encode()));
      socket.setSoTimeout((int) options.idleTimeout().toMillis());
      readDigests(in, peer.get(), address);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "cabin connection ended", e);
      return connection != null;
    } finally {
      if (connection != null) {
        authenticated.remove(connection);
        connection.stop();
      }
      open.remove(socket);
      closeQuietly(socket);
    }
  }

  /** The peer's terminal id once it proved it holds that terminal's key; empty to drop it. */
  private Optional<Long> handshake(DataInputStream in, DataOutputStream out) throws IOException {
    Optional<Long> flight = endpoint.flightId();
    if (!flight.isPresent()) {
      return Optional.empty();
    }
    byte[] challenge = new byte[CabinHello.CHALLENGE_LENGTH];
    random.nextBytes(challenge);
    writeFrame(out, opening(endpoint.terminalId(), flight.get(), challenge));
    byte[] theirs = readFrame(in, OPENING_BYTES);
    if (theirs.length != OPENING_BYTES) {
      return Optional.empty();
    }
    java.nio.ByteBuffer opening = java.nio.ByteBuffer.wrap(theirs);
    long peerId = Integer.toUnsignedLong(opening.getInt());
    long peerFlight = Integer.toUnsignedLong(opening.getInt());
    byte[] peerChallenge = new byte[CabinHello.CHALLENGE_LENGTH];
    opening.get(peerChallenge);
    if (peerFlight != flight.get() || peerId == endpoint.terminalId() || peerId < 1) {
      return Optional.empty();
    }
    Optional<CabinHello> answer = endpoint.answerCabinChallenge(peerId, Bytes.of(peerChallenge));
    if (!answer.isPresent()) {
      return Optional.empty();
    }
    writeFrame(out, answer.get().encode());
    CabinHello hello;
    try {
      hello = CabinHello.decode(readFrame(in, MAX_HELLO_BYTES));
    } catch (DecodeException e) {
      return Optional.empty();
    }
    Verdict<TerminalCertificate> verdict = endpoint.checkCabinHello(hello, Bytes.of(challenge));
    if (!verdict.isAccepted() || hello.terminalId() != peerId) {
      LOG.info(() -> "cabin peer refused: " + verdict);
      return Optional.empty();
    }
    return Optional.of(peerId);
  }

  private static byte[] opening(long terminalId, long flightId, byte[] challenge) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(OPENING_BYTES);
    buffer.putInt((int) terminalId).putInt((int) flightId).put(challenge);
    return buffer.array();
  }

  private void readDigests(DataInputStream in, long peer, String address) throws IOException {
    while (running) {
      byte[] frame;
      try {
        frame = readFrame(in, MAX_FRAME_BYTES);
      } catch (SocketTimeoutException idle) {
        return;
      }
      var verdict = endpoint.receiveCabinDigest(frame);
      noteHeard(peer, address);
      if (!verdict.isAccepted()) {
        LOG.info(() -> "cabin digest from terminal " + peer + " refused: " + verdict);
      }
    }
  }

  private void noteHeard(long peer, String address) {
    long now = System.nanoTime();
    Long last = notedAtNanos.get(peer);
    if (last == null || now - last >= 1_000_000_000L) {
      notedAtNanos.put(peer, now);
      endpoint.notePeerHeard(peer, address);
    }
  }

  /** A u32 length, checked against {@code maxBytes} before allocating, then that many bytes. */
  static byte[] readFrame(DataInputStream in, int maxBytes) throws IOException {
    long length = Integer.toUnsignedLong(in.readInt());
    if (length < 1 || length > maxBytes) {
      throw new IOException("frame of " + length + " bytes, bound " + maxBytes);
    }
    byte[] frame = new byte[(int) length];
    in.readFully(frame);
    return frame;
  }

  static void writeFrame(DataOutputStream out, byte[] frame) throws IOException {
    synchronized (out) {
      out.writeInt(frame.length);
      out.write(frame);
      out.flush();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing: nothing left to do with it
    }
  }

  /** One authenticated connection's outgoing queue, drained by its own thread. */
  private static final class Connection {
    private final DataOutputStream out;
    private final long peer;
    private final LinkedBlockingDeque<byte[]> queue = new LinkedBlockingDeque<>(MAX_QUEUED);
    private volatile boolean stopped;

    Connection(DataOutputStream out, long peer) {
      this.out = out;
      this.peer = peer;
    }

    void queue(byte[] frame) {
      while (!queue.offerLast(frame)) {
        queue.pollFirst();
      }
    }

    void drain(Socket socket) {
      try {
        while (!stopped) {
          byte[] frame = queue.pollFirst(200, TimeUnit.MILLISECONDS);
          if (frame != null) {
            writeFrame(out, frame);
          }
        }
      } catch (IOException e) {
        closeQuietly(socket);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void stop() {
      stopped = true;
    }

    @Override
    public String toString() {
      return "cabin connection to terminal " + peer;
    }
  }
}
