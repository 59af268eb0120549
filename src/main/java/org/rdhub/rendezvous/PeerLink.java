package org.rdhub.rendezvous;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.rdhub.protocol.wire.RendezvousMessage;

/**
 * How the rendezvous server reaches a registered peer with {@code PunchHole}, {@code FetchLocalAddr} or
 * {@code RequestRelay}: a datagram to its UDP address (protocol.md §5.1), or the long-lived TCP or WebSocket
 * connection it registered on (§5.3).
 */
@FunctionalInterface
interface PeerLink {
    void send(RendezvousMessage message);

    /** Datagrams from port P's socket to {@code to}. */
    static PeerLink udp(Channel socket, InetSocketAddress to) {
        return message -> socket.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(message.toByteArray()), to));
    }
}
