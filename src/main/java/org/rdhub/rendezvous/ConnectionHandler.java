package org.rdhub.rendezvous;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.Consumer;
import org.rdhub.protocol.BoxKeyPair;
import org.rdhub.protocol.KeyExchanges;
import org.rdhub.protocol.SecureChannel;
import org.rdhub.protocol.ServerKey;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection on port P (protocol.md §10.2): the server speaks first with its signed box key; a client that
 * answers with its own {@code KeyExchange} gets an encrypted connection, any other first message keeps it plain
 * (older and logged-out clients, B's one-shot answers, the NAT test).
 */
final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(TcpHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Stage { FIRST_MESSAGE, PLAIN, SECURE }

    private final RendezvousService service;
    private final PunchHoles punchHoles;
    private final Channel udp;
    private final ServerKey serverKey;
    private final SecureFrames secureFrames;
    private BoxKeyPair box;
    private Stage stage = Stage.FIRST_MESSAGE;
    /** How B's answer reaches this connection when it is A's (§8.4). */
    private Consumer<RendezvousMessage> answerA;

    TcpHandler(RendezvousService service, PunchHoles punchHoles, Channel udp, ServerKey serverKey,
            SecureFrames secureFrames) {
        this.service = service;
        this.punchHoles = punchHoles;
        this.udp = udp;
        this.serverKey = serverKey;
        this.secureFrames = secureFrames;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // fresh for each connection, as §10.2 advises
        box = BoxKeyPair.generate(RANDOM);
        send(ctx, KeyExchanges.serverHello(serverKey, box));
        answerA = message -> send(ctx, message);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        punchHoles.cancel(remote(ctx), answerA);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf payload) {
        if (!payload.isReadable()) {
            return; // a heartbeat echo
        }
        RendezvousMessage message;
        try {
            message = RendezvousMessage.parseFrom(ByteBufUtil.getBytes(payload));
        } catch (InvalidProtocolBufferException e) {
            ctx.close();
            return;
        }
        boolean keyExchange = message.getUnionCase() == RendezvousMessage.UnionCase.KEY_EXCHANGE;
        if (stage == Stage.FIRST_MESSAGE && keyExchange) {
            secureFrames.secure(new SecureChannel(KeyExchanges.openClientReply(message.getKeyExchange(), box)));
            stage = Stage.SECURE;
            return;
        }
        if (keyExchange) {
            ctx.close(); // a second key exchange is a protocol error (§10.2)
            return;
        }
        if (stage == Stage.FIRST_MESSAGE) {
            stage = Stage.PLAIN;
        }
        handle(ctx, message);
    }

    private void handle(ChannelHandlerContext ctx, RendezvousMessage message) {
        InetSocketAddress remote = remote(ctx);
        switch (message.getUnionCase()) {
            // hbbs closes after the NAT test's answer (§7)
            case TEST_NAT_REQUEST -> send(ctx, Answers.query(service, message, remote.getPort()))
                    .addListener(ChannelFutureListener.CLOSE);
            case PUNCH_HOLE_REQUEST -> {
                switch (punchHoles.request(message.getPunchHoleRequest(), remote, answerA)) {
                    case PunchHoles.Refused refused -> send(ctx, refused.toA());
                    case PunchHoles.Forward forward -> udp.writeAndFlush(new DatagramPacket(
                            Unpooled.wrappedBuffer(forward.message().toByteArray()), forward.toB()));
                }
            }
            // B's one-shot answers (§8.3, §8.5): passed on to A, then B's connection has served its purpose
            case PUNCH_HOLE_SENT -> {
                punchHoles.holeSent(message.getPunchHoleSent(), remote);
                ctx.close();
            }
            case LOCAL_ADDR -> {
                punchHoles.localAddr(message.getLocalAddr());
                ctx.close();
            }
            default -> LOG.debug("ignored {} on TCP from {}", message.getUnionCase(), remote);
        }
    }

    private static InetSocketAddress remote(ChannelHandlerContext ctx) {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    private static ChannelFuture send(ChannelHandlerContext ctx, RendezvousMessage message) {
        return ctx.writeAndFlush(Unpooled.wrappedBuffer(message.toByteArray()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("TCP connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
