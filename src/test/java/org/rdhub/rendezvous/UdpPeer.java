package org.rdhub.rendezvous;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;
import org.rdhub.protocol.wire.RegisterPeer;
import org.rdhub.protocol.wire.RegisterPk;
import org.rdhub.protocol.wire.RegisterPkResponse;
import org.rdhub.protocol.wire.RendezvousMessage;

/** A RustDesk client's UDP side as protocol.md §5.1 describes it: one socket towards port P, one message per datagram. */
final class UdpPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;

    UdpPeer(int port) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(3000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    boolean registerPeer(String id) {
        send(RendezvousMessage.newBuilder().setRegisterPeer(RegisterPeer.newBuilder().setId(id)).build());
        return receive().orElseThrow().getRegisterPeerResponse().getRequestPk();
    }

    /** The result, or empty when the server stays silent. */
    Optional<RegisterPkResponse.Result> registerPk(String id, byte[] uuid, byte[] pk) {
        send(RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(id)
                .setUuid(ByteString.copyFrom(uuid)).setPk(ByteString.copyFrom(pk))).build());
        return receive().map(message -> message.getRegisterPkResponse().getResult());
    }

    void send(RendezvousMessage message) {
        sendRaw(message.toByteArray());
    }

    void sendRaw(byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message, or empty after the timeout. */
    Optional<RendezvousMessage> receive() {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            return Optional.of(RendezvousMessage.parseFrom(Arrays.copyOf(buffer, packet.getLength())));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the server sent an unreadable datagram", e);
        } catch (IOException e) {
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

    @Override
    public void close() {
        socket.close();
    }
}
