package org.rdhub.rendezvous;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Optional;
import org.rdhub.protocol.BoxKeyPair;
import org.rdhub.protocol.FrameCodec;
import org.rdhub.protocol.KeyExchanges;
import org.rdhub.protocol.SecureChannel;
import org.rdhub.protocol.wire.OnlineRequest;
import org.rdhub.protocol.wire.RendezvousMessage;

/**
 * A client's TCP connection to the rendezvous server (protocol.md §2.1): length-prefixed frames, encrypted once
 * {@link #secure} is called (§10.4).
 */
final class TcpClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private ByteBuffer buffered = ByteBuffer.allocate(0);
    private SecureChannel channel;

    TcpClient(int port) {
        this(port, 0);
    }

    /** Connects from {@code localPort} (0: any), as the NAT test does from its first connection's port. */
    TcpClient(int port, int localPort) {
        this(port, InetAddress.getLoopbackAddress(), localPort);
    }

    /** Connects from another loopback address, so the server sees a peer on another network. */
    TcpClient(int port, InetAddress localAddress, int localPort) {
        try {
            socket = new Socket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(localAddress, localPort));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 3000);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The online query a client asks on port P−1 (§6), for one peer. */
    static boolean online(int rendezvousPort, String id) {
        try (TcpClient client = new TcpClient(rendezvousPort - 1)) {
            client.send(RendezvousMessage.newBuilder().setOnlineRequest(OnlineRequest.newBuilder()
                    .setId("123456789").addPeers(id)).build());
            return client.receive().orElseThrow().getOnlineResponse().getStates().byteAt(0) != 0;
        }
    }

    int localPort() {
        return socket.getLocalPort();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The client's side of §10.2: verifies the server's KeyExchange with {@code serverKey}, returns the session key. */
    byte[] handshake(byte[] serverKey) {
        byte[] boxPublic = KeyExchanges.verifyServerHello(receive().orElseThrow().getKeyExchange(), serverKey);
        byte[] sessionKey = new byte[32];
        RANDOM.nextBytes(sessionKey);
        send(KeyExchanges.clientReply(boxPublic, BoxKeyPair.generate(RANDOM), sessionKey));
        channel = new SecureChannel(sessionKey);
        return sessionKey;
    }

    void send(RendezvousMessage message) {
        byte[] payload = message.toByteArray();
        sendRaw(FrameCodec.encode(channel == null ? payload : channel.seal(payload)));
    }

    /** One frame, as a peer sends its messages through the relay. */
    void sendFrame(byte[] payload) {
        sendRaw(FrameCodec.encode(payload));
    }

    void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message, or empty when the server closed the connection. */
    Optional<RendezvousMessage> receive() {
        return receiveFrame().map(payload -> {
            try {
                return RendezvousMessage.parseFrom(channel == null ? payload : channel.open(payload));
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("the server sent an unreadable frame", e);
            }
        });
    }

    /** The next frame's payload as it came (empty at the server's close). */
    Optional<byte[]> receiveFrame() {
        try {
            while (true) {
                Optional<byte[]> frame = FrameCodec.decode(buffered, FrameCodec.MAX_PAYLOAD);
                if (frame.isPresent()) {
                    return frame;
                }
                byte[] chunk = new byte[4096];
                int read = in.read(chunk);
                if (read < 0) {
                    return Optional.empty();
                }
                ByteBuffer more = ByteBuffer.allocate(buffered.remaining() + read);
                more.put(buffered).put(chunk, 0, read).flip();
                buffered = more;
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) {
                return Optional.empty();
            }
            throw new UncheckedIOException(e);
        }
    }

    void timeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message, or empty when none comes within the timeout. */
    Optional<RendezvousMessage> receiveWithin() {
        try {
            return receive();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.net.SocketTimeoutException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Reads until the server closes the connection; a timeout fails. */
    void awaitClose() {
        while (receiveFrame().isPresent()) {
            // frames before the close do not matter here
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
