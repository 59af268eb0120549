package org.rdhub.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Netty outbound half of {@link FrameCodec}: prefixes each outgoing payload with its header. Stateless, so shared. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<ByteBuf> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf payload, ByteBuf out) {
        FrameCodec.writeHeader(out, payload.readableBytes());
        out.writeBytes(payload);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ByteBuf payload, boolean preferDirect) {
        int length = payload.readableBytes();
        int size = FrameCodec.headerLength(length) + length;
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }
}
