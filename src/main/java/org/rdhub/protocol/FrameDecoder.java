package org.rdhub.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Netty inbound half of {@link FrameCodec}: cuts the byte stream into payloads (one {@link ByteBuf} per frame,
 * zero-length heartbeats included) and fails with {@link FrameTooLargeException} on a frame over the cap.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private int maxPayload;

    public FrameDecoder(int maxPayload) {
        allow(maxPayload);
    }

    /** Changes the cap for the frames still to come, e.g. once a client has proved more than its address. */
    public void allow(int newMaxPayload) {
        if (newMaxPayload < 0 || newMaxPayload > FrameCodec.MAX_PAYLOAD) {
            throw new IllegalArgumentException("maxPayload must be 0.." + FrameCodec.MAX_PAYLOAD);
        }
        maxPayload = newMaxPayload;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            ByteBuf payload;
            while ((payload = FrameCodec.readFrame(in, maxPayload)) != null) {
                out.add(payload);
            }
        } catch (FrameTooLargeException e) {
            // the stream cannot be resynchronised: drop what is buffered so closing does not report it again
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }
}
