package org.rdhub.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rdhub.protocol.FrameCodec;
import org.rdhub.protocol.FrameDecoder;
import org.rdhub.protocol.WebSocketFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection after its {@code RequestRelay}; nothing it sends is parsed (protocol.md §13 step 5). Until its
 * partner arrives it keeps what it receives (usually the controlled side's first handshake message, §10.6), at most
 * {@link RelayLimits#maxPendingBytes} before it stops reading; once paired it hands every read to the partner, and
 * stops reading while the partner cannot take more, so a slow reader costs the relay a bounded queue.
 *
 * <p>What a read is depends on the pair ({@link #speaksFrames}): between two TCP sides, raw bytes; as soon as one
 * side is WebSocket, messages: a WebSocket side reads and writes one payload per binary message (through
 * {@link WebSocketFrames}), a TCP side's bytes are cut into frames and what it is sent gets a frame header.
 * Zero-length messages are forwarded too (the deviation §13 suggests; hbbr drops them).
 */
final class RelaySide extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySide.class);

    private final Channel channel;
    private final String uuid;
    private final boolean webSocket;
    private final Pairing pairing;
    private final RelayLimits limits;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private long pendingBytes;
    private volatile RelaySession session;
    private volatile RelaySide partner;

    RelaySide(Channel channel, String uuid, boolean webSocket, Pairing pairing, RelayLimits limits) {
        this.channel = channel;
        this.uuid = uuid;
        this.webSocket = webSocket;
        this.pairing = pairing;
        this.limits = limits;
    }

    Channel channel() {
        return channel;
    }

    /** Starts forwarding to {@code other}, the bytes kept while waiting first. Runs on this side's event loop. */
    void pair(RelaySession paired, RelaySide other) {
        partner = other;
        session = paired;
        if (!channel.isActive()) {
            // it closed while the pair was being made, before its close could find the session
            paired.close("closed by a peer");
            return;
        }
        List<ByteBuf> early = new ArrayList<>(pending);
        pending.clear();
        pendingBytes = 0;
        if (speaksFrames(this, other)) {
            // from now on this side's bytes are cut into frames, the ones kept so far included
            ChannelPipeline pipeline = channel.pipeline().addFirst(new FrameDecoder(limits.maxMessage()));
            early.forEach(pipeline::fireChannelRead);
        } else {
            early.forEach(this::forward);
        }
        if (!channel.config().isAutoRead() && other.channel.isWritable()) {
            channel.config().setAutoRead(true);
        }
        // the partner may have filled this side's queue before it learnt of the pair, and then been stopped
        if (channel.isWritable()) {
            other.channel.config().setAutoRead(true);
        }
    }

    /**
     * The one place where the pair decides the form (§13 step 5): a TCP side paired with a WebSocket side speaks
     * frames, its bytes cut into frames as they are read ({@link #pair}) and what it is sent given a header
     * ({@link #forward}); otherwise reads go on as they come, raw bytes or whole WebSocket messages.
     */
    private static boolean speaksFrames(RelaySide side, RelaySide partner) {
        return !side.webSocket && partner.webSocket;
    }

    /** Delivers what is queued for this side, then closes it; a reader that never drains is closed anyway. */
    void shutdown() {
        // written at the socket end of the pipeline: through an encoder it would become an empty message
        ChannelHandlerContext socketEnd = channel.pipeline().firstContext();
        if (socketEnd == null) {
            return; // already closed, and its pipeline taken apart
        }
        socketEnd.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        if (channel.eventLoop().isShuttingDown()) {
            return; // the relay is stopping and closes every channel itself; the loop takes no new timers
        }
        channel.eventLoop().schedule(() -> channel.close(), limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        if (!channel.isActive()) {
            // closed by a frame over the cap while the bytes kept before pairing were being cut: the rest is not
            // frames any more
            data.release();
            return;
        }
        if (session == null) {
            pending.add(data);
            pendingBytes += data.readableBytes();
            if (pendingBytes > limits.maxPendingBytes()) {
                channel.config().setAutoRead(false);
            }
            return;
        }
        forward(data);
    }

    private void forward(ByteBuf data) {
        int length = data.readableBytes();
        session.received(this, length);
        Channel out = partner.channel;
        if (speaksFrames(partner, this)) {
            // written here rather than by an encoder in the partner's pipeline, which could be added only after the
            // first messages were already on their way
            ByteBuf header = out.alloc().buffer(FrameCodec.headerLength(length));
            FrameCodec.writeHeader(header, length);
            out.write(header, out.voidPromise());
        }
        out.writeAndFlush(data, out.voidPromise());
        ChannelOutboundBuffer queue = out.unsafe().outboundBuffer();
        if (queue != null) {
            session.observeQueue(queue.totalPendingWriteBytes());
        }
        if (!out.isWritable()) {
            channel.config().setAutoRead(false);
            // the partner may have drained between the check and the switch, and would not wake this side again
            if (out.isWritable()) {
                channel.config().setAutoRead(true);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        RelaySide other = partner;
        if (other != null && channel.isWritable()) {
            other.channel.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.forEach(ByteBuf::release);
        pending.clear();
        RelaySession paired = session;
        if (paired != null) {
            paired.close("closed by a peer");
        } else {
            pairing.left(uuid, this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("relay {}: {}", uuid, cause.toString());
        ctx.close();
    }
}
