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
 * A new relay connection's first frame (protocol.md §13 steps 2–4): a {@code RequestRelay} with a uuid and, when the
 * relay has a key, the same key, within {@link RelayLimits#handshakeTimeout}. Anything else closes the connection
 * without a word, as hbbr does. On success this handler leaves the pipeline to a {@link RelaySide}, which receives
 * whatever followed the frame untouched.
 */
final class RelayHandshake extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(RelayHandshake.class);

    private final Pairing pairing;
    private final RelayLimits limits;
    private final String licenceKey;
    private ScheduledFuture<?> timeout;

    /** @param licenceKey the key clients must send, or empty to accept any (hbbr's default; rdhub passes its own) */
    RelayHandshake(Pairing pairing, RelayLimits limits, String licenceKey) {
        this.pairing = pairing;
        this.limits = limits;
        this.licenceKey = licenceKey;
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
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        ByteBuf payload = FrameCodec.readFrame(in, limits.maxFirstFrame());
        if (payload == null) {
            return;
        }
        String uuid;
        try {
            uuid = acceptedUuid(payload);
        } finally {
            payload.release();
        }
        if (uuid == null) {
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        timeout.cancel(false);
        RelaySide side = new RelaySide(ctx.channel(), uuid, pairing, limits);
        ctx.pipeline().addLast(side);
        // whatever followed the frame is handed on to the side as this decoder leaves
        ctx.pipeline().remove(this);
        pairing.arrive(uuid, side);
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
