package org.rdhub.rendezvous;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
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
    private final ServerKey serverKey;
    private final SecureFrames secureFrames;
    private BoxKeyPair box;
    private Stage stage = Stage.FIRST_MESSAGE;

    TcpHandler(RendezvousService service, ServerKey serverKey, SecureFrames secureFrames) {
        this.service = service;
        this.serverKey = serverKey;
        this.secureFrames = secureFrames;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // fresh for each connection, as §10.2 advises
        box = BoxKeyPair.generate(RANDOM);
        send(ctx, KeyExchanges.serverHello(serverKey, box));
        ctx.fireChannelActive();
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
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        switch (message.getUnionCase()) {
            // hbbs closes after the NAT test's answer (§7)
            case TEST_NAT_REQUEST -> send(ctx, Answers.query(service, message, remote.getPort()))
                    .addListener(ChannelFutureListener.CLOSE);
            default -> LOG.debug("ignored {} on TCP from {}", message.getUnionCase(), remote);
        }
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
