package org.rdhub.rendezvous;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP on port P−1 (protocol.md §6, §7): one question, one answer, then the connection is closed; a frame that is
 * no question closes it at once. No handshake here: the client runs none on this port.
 */
final class QueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);

    private final RendezvousService service;

    QueryHandler(RendezvousService service) {
        this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf payload) {
        RendezvousMessage question;
        try {
            question = RendezvousMessage.parseFrom(ByteBufUtil.getBytes(payload));
        } catch (InvalidProtocolBufferException e) {
            ctx.close();
            return;
        }
        RendezvousMessage answer = Answers.query(service, question,
                ((InetSocketAddress) ctx.channel().remoteAddress()).getPort());
        if (answer == null) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer.toByteArray())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("query connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
