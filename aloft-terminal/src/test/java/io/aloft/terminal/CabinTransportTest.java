package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.rules.Reason;
import io.aloft.terminal.cabin.CabinStatus;
import io.aloft.terminal.cabin.CabinSync;
import io.aloft.terminal.cabin.TcpCabinTransport;
import io.aloft.testkit.MutableClock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference TCP cabin transport on 127.0.0.1: carts that reach each other share each sale
 * within a poll interval; a peer that cannot prove it is a terminal of the flight is dropped
 * before anything it sends is read; a cart that starts late is reached by redialling.
 */
@Timeout(60)
class CabinTransportTest {
  private static final Duration SYNC = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final TcpCabinTransport.Options OPTIONS = new TcpCabinTransport.Options(Duration.ofSeconds(2),
      Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(400));

  @TempDir Path directory;
  final TestFlight flight = new TestFlight(2);
  final MutableClock clock = new MutableClock(T0.plusSeconds(10));
  final byte[] bundle = flight.cabinBundle(3).encode();
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private Terminal cart(int index) {
    Terminal cart = flight.openCart(index, directory.resolve("cart-" + index), clock, bundle);
    toClose.add(cart);
    return cart;
  }

  private TcpCabinTransport sync(Terminal cart, InetSocketAddress listen, List<InetSocketAddress> peers) {
    return sync(cart, listen, peers, SYNC, OPTIONS);
  }

  private TcpCabinTransport sync(Terminal cart, InetSocketAddress listen, List<InetSocketAddress> peers,
      Duration syncInterval, TcpCabinTransport.Options options) {
    TcpCabinTransport transport = new TcpCabinTransport(cart, listen, peers, options);
    CabinSync sync = new CabinSync(cart, transport, syncInterval, POLL);
    sync.start();
    toClose.add(sync);
    return transport;
  }

  private static InetSocketAddress anyPort() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(25);
    }
  }

  @Test
  void aSaleAtOneCart_isPushedAtOnce_andIsAReplayAtTheCartsThatMergedIt() throws Exception {
    Terminal a = cart(0);
    Terminal b = cart(1);
    Terminal c = cart(2);
    // A sync interval far longer than the test: only the push on the sale can carry it in time.
    Duration slow = Duration.ofMinutes(5);
    TcpCabinTransport.Options options = TcpCabinTransport.Options.forSyncInterval(slow);
    TcpCabinTransport listening = sync(a, anyPort(), List.of(), slow, options);
    sync(b, anyPort(), List.of(listening.localAddress()), slow, options);
    sync(c, anyPort(), List.of(listening.localAddress()), slow, options);
    eventually("both carts connected to cart 0", () -> listening.connectedPeers().size() == 2);
    Thread.sleep(500);

    PaymentAuthorization screenshot = flight.oneScan(flight.payers.get(0), 1, 10_000, 10_000);
    assertThat(b.accept(screenshot.toQrText()).isAccepted()).isTrue();
    // Cart 1 pushes its digest to cart 0 on the sale, without waiting for the sync interval.
    long sold = System.nanoTime();
    eventually("cart 0 merged cart 1's sale", () -> a.cabinView()
        .byTerminal(flight.payers.get(0).credential().serial()).containsKey(8L));
    assertThat(Duration.ofNanos(System.nanoTime() - sold)).isLessThan(Duration.ofSeconds(15));
    assertThat(a.accept(screenshot.toQrText()).reason()).isEqualTo(Reason.REPLAYED_COUNTER);
    CabinStatus status = a.cabinStatus(Duration.ofSeconds(30));
    assertThat(status.peers()).extracting(CabinStatus.Peer::terminalId).containsExactly(8L, 9L);
    assertThat(status.peers()).allMatch(CabinStatus.Peer::inContact);
    assertThat(status.outOfContact()).isZero();
  }

  @Test
  void aCartThatStartsLate_isReachedByRedialling() throws Exception {
    InetSocketAddress late;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      late = new InetSocketAddress("127.0.0.1", probe.getLocalPort());
    }
    Terminal a = cart(0);
    Terminal b = cart(1);
    TcpCabinTransport dialling = sync(b, anyPort(), List.of(late));
    Thread.sleep(300);
    assertThat(dialling.connectedPeers()).isEmpty();
    sync(a, late, List.of());
    eventually("cart 1 redialled cart 0", () -> dialling.connectedPeers().contains(7L));
  }

  @Test
  void aPeerThatCannotSignAsACertifiedTerminal_isDroppedBeforeItsDigestsAreRead() throws Exception {
    Terminal a = cart(0);
    TcpCabinTransport listening = sync(a, anyPort(), List.of());
    SoftwareSigner stranger = TestFlight.signer(SignatureAlgorithm.ED25519, 77);
    for (long claimedId : new long[] {8, 99}) {
      try (Socket socket = new Socket()) {
        socket.connect(listening.localAddress(), 2_000);
        socket.setSoTimeout(5_000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        byte[] opening = readFrame(in);
        ByteBuffer theirs = ByteBuffer.wrap(opening);
        assertThat(Integer.toUnsignedLong(theirs.getInt())).isEqualTo(7);
        assertThat(Integer.toUnsignedLong(theirs.getInt())).isEqualTo(TestFlight.FLIGHT_ID);
        byte[] challenge = new byte[32];
        theirs.get(challenge);
        writeFrame(out, ByteBuffer.allocate(40).putInt((int) claimedId).putInt((int) TestFlight.FLIGHT_ID)
            .put(new byte[32]).array());
        readFrame(in); // cart 0's hello for us
        writeFrame(out, new CabinHello(claimedId, 7, TestFlight.FLIGHT_ID, Bytes.of(challenge), Bytes.empty())
            .signedBy(stranger).encode());
        assertThat(closedByPeer(in)).as("terminal " + claimedId + " with a stranger's key is dropped").isTrue();
      }
    }
    assertThat(listening.connectedPeers()).isEmpty();
    assertThat(a.cabinStatus(Duration.ofSeconds(30)).peers()).allMatch(p -> p.lastHeard().isEmpty());
  }

  @Test
  void aPeerOfAnotherFlightOrAnOversizedFrame_isDroppedWithoutAllocatingIt() throws Exception {
    Terminal a = cart(0);
    TcpCabinTransport listening = sync(a, anyPort(), List.of());
    try (Socket socket = new Socket()) {
      socket.connect(listening.localAddress(), 2_000);
      socket.setSoTimeout(5_000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      readFrame(in);
      writeFrame(out, ByteBuffer.allocate(40).putInt(8).putInt(4242).put(new byte[32]).array());
      assertThat(closedByPeer(in)).isTrue();
    }
    try (Socket socket = new Socket()) {
      socket.connect(listening.localAddress(), 2_000);
      socket.setSoTimeout(5_000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      readFrame(in);
      out.writeInt(0x7FFF_FFFF);
      out.flush();
      assertThat(closedByPeer(in)).isTrue();
    }
  }

  private static byte[] readFrame(DataInputStream in) throws IOException {
    int length = in.readInt();
    byte[] frame = new byte[length];
    in.readFully(frame);
    return frame;
  }

  private static void writeFrame(DataOutputStream out, byte[] frame) throws IOException {
    out.writeInt(frame.length);
    out.write(frame);
    out.flush();
  }

  /** True when the other side closes (EOF or reset) without sending anything more. */
  private static boolean closedByPeer(DataInputStream in) throws IOException {
    try {
      return in.read() == -1;
    } catch (EOFException | java.net.SocketException e) {
      return true;
    }
  }
}
