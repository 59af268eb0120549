package org.rdhub.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.rdhub.protocol.FrameCodec;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.RequestRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new relay connection's first message (protocol.md §13 steps 2–4): a {@code RequestRelay} with a uuid and, when the
 * relay has a key, the same key, within {@link RelayLimits#handshakeTimeout}. On TCP that is the first frame; on
 * WebSocket the first binary message, which {@link org.rdhub.protocol.WebSocketFrames} hands on whole (§2.3).
 * Anything else closes the connection without a word, as hbbr does. On success this handler leaves the pipeline to a
 * {@link RelaySide}, which receives whatever followed untouched.
 */
final class RelayHandshake extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(RelayHandshake.class);

    private final Pairing pairing;
    private final RelayLimits limits;
    private final String licenceKey;
    private final boolean webSocket;
    private ScheduledFuture<?> timeout;

    /**
     * @param licenceKey the key clients must send, or empty to accept any (hbbr's default; rdhub passes its own)
     * @param webSocket whether messages come from {@link org.rdhub.protocol.WebSocketFrames} rather than as bytes
     */
    RelayHandshake(Pairing pairing, RelayLimits limits, String licenceKey, boolean webSocket) {
        this.pairing = pairing;
        this.limits = limits;
        this.licenceKey = licenceKey;
        this.webSocket = webSocket;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timeout = ctx.executor().schedule(() -> {
            LOG.debug("relay: no RequestRelay from {} in time", ctx.channel().remoteAddress());
            ctx.close();
        }, limits.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!webSocket) {
            super.channelRead(ctx, msg);
            return;
        }
        // a WebSocket message is the whole request: no header to wait for, no bytes to cut apart
        ByteBuf message = (ByteBuf) msg;
        try {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (message.readableBytes() > limits.maxFirstFrame()) {
                LOG.debug("relay: first message of {} bytes is too long", message.readableBytes());
                ctx.close();
                return;
            }
            answer(ctx, message);
        } finally {
            message.release();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        ByteBuf payload = FrameCodec.readFrame(in, limits.maxFirstFrame());
        if (payload == null) {
            return;
        }
        try {
            if (!answer(ctx, payload)) {
                in.skipBytes(in.readableBytes());
            }
        } finally {
            payload.release();
        }
    }

    /** Hands the connection to pairing, or closes it; returns whether it was accepted. */
    private boolean answer(ChannelHandlerContext ctx, ByteBuf request) {
        String uuid = acceptedUuid(request);
        if (uuid == null) {
            ctx.close();
            return false;
        }
        timeout.cancel(false);
        RelaySide side = new RelaySide(ctx.channel(), uuid, webSocket, pairing, limits);
        ctx.pipeline().addLast(side);
        // on TCP, whatever followed the frame is handed on to the side as this decoder leaves
        ctx.pipeline().remove(this);
        pairing.arrive(uuid, side);
        return true;
    }

    /** The uuid of an acceptable request, or null (logged) for anything to refuse. */
    private String acceptedUuid(ByteBuf payload) {
        RendezvousMessage message;
        try {
            message = RendezvousMessage.parseFrom(ByteBufUtil.getBytes(payload));
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("relay: first frame is not a protobuf message");
            return null;
        }
        if (!message.hasRequestRelay()) {
            LOG.debug("relay: first message is {}, not request_relay", message.getUnionCase());
            return null;
        }
        RequestRelay request = message.getRequestRelay();
        if (!licenceKey.isEmpty() && !licenceKey.equals(request.getLicenceKey())) {
            LOG.info("relay: refused a peer whose key does not match the server's");
            return null;
        }
        if (request.getUuid().isEmpty()) {
            LOG.debug("relay: request without uuid");
            return null;
        }
        return request.getUuid();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timeout != null) {
            timeout.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("relay: dropping {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
