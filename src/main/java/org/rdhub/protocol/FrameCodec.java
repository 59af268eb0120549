package org.rdhub.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The length prefix of every TCP frame to the rendezvous server and the relay (protocol.md §2.1): a little-endian
 * header of 1 to 4 bytes holding {@code payloadLength << 2 | (headerLength - 1)}, then the payload. Encoding picks
 * the shortest header; decoding accepts any header length, as the client's codec does.
 */
public final class FrameCodec {
    /** The longest payload a 4-byte header can announce. */
    public static final int MAX_PAYLOAD = 0x3FFF_FFFF;

    private FrameCodec() {
    }

    /** How many header bytes {@link #writeHeader} uses for a payload of {@code payloadLength} bytes. */
    public static int headerLength(int payloadLength) {
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD) {
            throw new FrameTooLargeException(payloadLength, MAX_PAYLOAD);
        }
        if (payloadLength <= 0x3F) {
            return 1;
        }
        if (payloadLength <= 0x3FFF) {
            return 2;
        }
        return payloadLength <= 0x3F_FFFF ? 3 : 4;
    }

    /** Writes the shortest header for a payload of {@code payloadLength} bytes. */
    public static void writeHeader(ByteBuf out, int payloadLength) {
        int size = headerLength(payloadLength);
        int value = payloadLength << 2 | (size - 1);
        for (int i = 0; i < size; i++) {
            out.writeByte(value >>> (8 * i));
        }
    }

    /** One complete frame: header, then {@code payload}. */
    public static byte[] encode(byte[] payload) {
        ByteBuf frame = Unpooled.buffer(headerLength(payload.length) + payload.length);
        writeHeader(frame, payload.length);
        frame.writeBytes(payload);
        return frame.array();
    }

    /**
     * The payload length announced at {@code in}'s reader index, or -1 while the header is incomplete; nothing is
     * consumed. Refuses a length over {@code maxPayload} as soon as the header is there, before any payload arrives.
     */
    private static long peekPayloadLength(ByteBuf in, int maxPayload) {
        if (!in.isReadable()) {
            return -1;
        }
        int start = in.readerIndex();
        int size = (in.getByte(start) & 3) + 1;
        if (in.readableBytes() < size) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (in.getByte(start + i) & 0xFFL) << (8 * i);
        }
        long length = value >>> 2;
        if (length > maxPayload) {
            throw new FrameTooLargeException(length, maxPayload);
        }
        return length;
    }

    /**
     * Takes one frame off {@code in} and returns its payload as a retained slice, or null (and consumes nothing)
     * while the frame is incomplete.
     */
    public static ByteBuf readFrame(ByteBuf in, int maxPayload) {
        long length = peekPayloadLength(in, maxPayload);
        if (length < 0) {
            return null;
        }
        int size = (in.getByte(in.readerIndex()) & 3) + 1;
        if (in.readableBytes() < size + length) {
            return null;
        }
        in.skipBytes(size);
        return in.readRetainedSlice((int) length);
    }

    /**
     * Plain-buffer form of {@link #readFrame}: the payload of the frame at {@code in}'s position, advancing past it, or
     * empty (position unchanged) while the frame is incomplete.
     */
    public static Optional<byte[]> decode(ByteBuffer in, int maxPayload) {
        ByteBuf view = Unpooled.wrappedBuffer(in.slice());
        ByteBuf payload = readFrame(view, maxPayload);
        if (payload == null) {
            return Optional.empty();
        }
        try {
            in.position(in.position() + view.readerIndex());
            return Optional.of(ByteBufUtil.getBytes(payload));
        } finally {
            payload.release();
        }
    }
}
