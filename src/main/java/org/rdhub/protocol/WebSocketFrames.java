package org.rdhub.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.List;
import org.rdhub.config.TrustedProxies;

/**
 * The WebSocket form of a rendezvous or relay connection (protocol.md §2.3, §14): the upgrade is accepted on any path,
 * then each binary message is handed on as one {@link ByteBuf} (one protobuf, no length header, empty allowed) and
 * each outgoing {@code ByteBuf} is sent as one binary message. Text messages are ignored, as hbbs does; ping, pong and
 * close are Netty's. A handler written for {@link FrameDecoder}'s payloads so works unchanged. Per channel.
 */
public final class WebSocketFrames extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    private static final AttributeKey<InetSocketAddress> CLIENT =
            AttributeKey.valueOf(WebSocketFrames.class, "client");
    /** The upgrade request has headers only; this bounds what a connection can make the server buffer before it. */
    private static final int MAX_UPGRADE_REQUEST = 8 * 1024;

    private final TrustedProxies proxies;

    private WebSocketFrames(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /**
     * Adds to {@code pipeline} the upgrade on any path and the message adapter; handlers added after it see payloads.
     *
     * @param maxMessage the longest message accepted; a longer one closes the connection
     * @param proxies the reverse proxies whose {@code X-Real-IP} or {@code X-Forwarded-For} name the client in
     *     {@link #clientAddress}; from anyone else those headers are ignored
     */
    public static void addTo(ChannelPipeline pipeline, int maxMessage, TrustedProxies proxies) {
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("") // every path starts with "": clients use "/", "/ws/id" or "/ws/relay" (§14)
                .checkStartsWith(true)
                .maxFramePayloadLength(maxMessage)
                .build();
        pipeline.addLast(new HttpServerCodec(),
                new HttpObjectAggregator(MAX_UPGRADE_REQUEST),
                new WebSocketServerProtocolHandler(config),
                // a message may come in fragments; nobody is known to send them, but the protocol allows it
                new WebSocketFrameAggregator(maxMessage),
                new WebSocketFrames(proxies));
    }

    /**
     * The client's address: the connection's own, or, on a connection from a trusted proxy, the IP it named (see
     * {@link TrustedProxies#clientOf}) with port 0 (§14). Set as the upgrade is answered, so before any message a
     * client can send after reading the answer.
     */
    public static InetSocketAddress clientAddress(Channel channel) {
        InetSocketAddress proxied = channel.attr(CLIENT).get();
        return proxied != null ? proxied : (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        // continuation frames arrive joined by the aggregator; text is ignored (hbbs acts on binary only)
        if (frame instanceof BinaryWebSocketFrame) {
            out.add(frame.content().retain());
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) {
        out.add(new BinaryWebSocketFrame(payload.retain()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete upgrade) {
            HttpHeaders headers = upgrade.requestHeaders();
            proxies.clientOf(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress(),
                    headers.get("X-Real-IP"), headers.get("X-Forwarded-For"))
                    .ifPresent(client -> ctx.channel().attr(CLIENT).set(new InetSocketAddress(client, 0)));
        }
        super.userEventTriggered(ctx, event);
    }

    /** A message over the limit or a broken frame: the stream cannot go on. The handlers after this one learn why. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof DecoderException) {
            ctx.close();
        }
        super.exceptionCaught(ctx, cause);
    }
}
