package org.rdhub.rendezvous;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.rdhub.protocol.wire.RegisterPeerResponse;
import org.rdhub.protocol.wire.RegisterPkResponse;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP on port P (protocol.md §2.2): one message per datagram, answered to its source; anything unreadable is dropped.
 */
@Sharable
final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(UdpHandler.class);
    /** Registration messages are a few dozen bytes; larger datagrams are not worth parsing. */
    static final int MAX_DATAGRAM = 1024;

    private final RendezvousService service;
    private final SessionSetup sessions;

    UdpHandler(RendezvousService service, SessionSetup sessions) {
        this.service = service;
        this.sessions = sessions;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        if (packet.content().readableBytes() > MAX_DATAGRAM) {
            return;
        }
        RendezvousMessage message;
        try {
            message = RendezvousMessage.parseFrom(ByteBufUtil.getBytes(packet.content()));
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("unreadable datagram from {}", packet.sender());
            return;
        }
        InetSocketAddress from = packet.sender();
        switch (message.getUnionCase()) {
            case REGISTER_PEER -> {
                if (!message.getRegisterPeer().getId().isEmpty()) {
                    boolean requestPk = service.registerPeer(message.getRegisterPeer().getId(), from,
                            PeerLink.udp(ctx.channel(), from));
                    send(ctx, from, RendezvousMessage.newBuilder().setRegisterPeerResponse(
                            RegisterPeerResponse.newBuilder().setRequestPk(requestPk)).build());
                }
            }
            case REGISTER_PK -> {
                var request = message.getRegisterPk();
                service.registerPk(request.getId(), request.getUuid().toByteArray(), request.getPk().toByteArray(),
                        from, PeerLink.udp(ctx.channel(), from)).ifPresent(result -> send(ctx, from, RendezvousMessage.newBuilder()
                                .setRegisterPkResponse(RegisterPkResponse.newBuilder().setResult(result)).build()));
            }
            // B punching a UDP hole (§8.3 step 6): answered on A's TCP connection only, never by UDP (§8.4)
            case PUNCH_HOLE_SENT -> sessions.holeSent(message.getPunchHoleSent(), from, true);
            default -> LOG.debug("ignored {} from {}", message.getUnionCase(), from);
        }
    }

    private static void send(ChannelHandlerContext ctx, InetSocketAddress to, RendezvousMessage message) {
        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(message.toByteArray()), to));
    }
}
