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
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

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

    private final boolean trustProxyHeaders;

    private WebSocketFrames(boolean trustProxyHeaders) {
        this.trustProxyHeaders = trustProxyHeaders;
    }

    /**
     * Adds to {@code pipeline} the upgrade on any path and the message adapter; handlers added after it see payloads.
     *
     * @param maxMessage the longest message accepted; a longer one closes the connection
     * @param trustProxyHeaders take {@link #clientAddress} from {@code X-Real-IP} or {@code X-Forwarded-For}; only
     *     for a port that nothing but a reverse proxy can reach, since any client can send these headers
     */
    public static void addTo(ChannelPipeline pipeline, int maxMessage, boolean trustProxyHeaders) {
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
                new WebSocketFrames(trustProxyHeaders));
    }

    /**
     * The client's address: the connection's own, or with {@code trustProxyHeaders} the IP a proxy named in
     * {@code X-Real-IP}, else {@code X-Forwarded-For}, with port 0 (§14). A header value that is not one IP literal
     * is ignored. Set as the upgrade is answered, so before any message a client can send after reading the answer.
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
        if (trustProxyHeaders && event instanceof WebSocketServerProtocolHandler.HandshakeComplete upgrade) {
            InetAddress proxied = proxiedAddress(upgrade.requestHeaders());
            if (proxied != null) {
                ctx.channel().attr(CLIENT).set(new InetSocketAddress(proxied, 0));
            }
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

    private static InetAddress proxiedAddress(HttpHeaders headers) {
        String value = headers.get("X-Real-IP");
        if (value == null) {
            value = headers.get("X-Forwarded-For");
        }
        // a literal only: no name lookup, and a list of hops is not one IP
        return value == null ? null : NetUtil.createInetAddressFromIpAddressString(value.strip());
    }
}
