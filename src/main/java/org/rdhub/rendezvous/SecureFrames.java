package org.rdhub.rendezvous;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import org.rdhub.protocol.SecureChannel;

/**
 * Between the frame codec and the message handler of a TCP connection on port P: passes payloads through until
 * {@link #secure} is called after the key exchange, then opens incoming and seals outgoing ones (protocol.md §10.4).
 * Heartbeats (empty payloads) are never sealed.
 */
final class SecureFrames extends ChannelDuplexHandler {
    private SecureChannel channel;

    void secure(SecureChannel secureChannel) {
        channel = secureChannel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (channel == null || !(msg instanceof ByteBuf payload)) {
            ctx.fireChannelRead(msg);
            return;
        }
        byte[] sealed;
        try {
            sealed = ByteBufUtil.getBytes(payload);
        } finally {
            ReferenceCountUtil.release(payload);
        }
        // a payload that does not open throws SecureChannelException, which closes the connection
        ctx.fireChannelRead(Unpooled.wrappedBuffer(channel.open(sealed)));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (channel == null || !(msg instanceof ByteBuf payload) || !payload.isReadable()) {
            ctx.write(msg, promise);
            return;
        }
        byte[] plain;
        try {
            plain = ByteBufUtil.getBytes(payload);
        } finally {
            ReferenceCountUtil.release(payload);
        }
        ctx.write(Unpooled.wrappedBuffer(channel.seal(plain)), promise);
    }
}
