package org.rdhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rdhub.config.TrustedProxies;

/** The WebSocket adapter byte for byte: a real upgrade request, then masked client frames as a browser sends them. */
class WebSocketFramesTest {
    private static final int MAX_MESSAGE = 1024;

    private static final InetSocketAddress PROXY = new InetSocketAddress("192.0.2.9", 40000);

    /** Connected from {@link #PROXY}, as a client behind a reverse proxy would seem to be. */
    private final EmbeddedChannel server = new EmbeddedChannel() {
        @Override
        protected SocketAddress remoteAddress0() {
            return PROXY;
        }
    };
    /** Encodes what the client sends (masked) and decodes what the server sends. */
    private final EmbeddedChannel client = new EmbeddedChannel(
            new WebSocket13FrameEncoder(true), new WebSocket13FrameDecoder(false, false, 1 << 20));

    @AfterEach
    void finish() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    @Test
    void acceptsTheUpgradeOnAnyPath() {
        String answer = upgrade("/ws/relay?from=proxy", "");
        // the accept value of RFC 6455's own example key
        assertThat(answer).startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(server.isOpen()).isTrue();
    }

    @Test
    void binaryMessagesArePayloadsEmptyOnesTooAndTextIsIgnored() {
        upgrade("/", "");
        send(new BinaryWebSocketFrame(bytes("abc")));
        send(new BinaryWebSocketFrame(Unpooled.EMPTY_BUFFER));
        send(new TextWebSocketFrame("ignored"));
        send(new BinaryWebSocketFrame(bytes("def")));
        assertThat(readPayload()).isEqualTo("abc");
        assertThat(readPayload()).isEmpty();
        assertThat(readPayload()).isEqualTo("def");
        assertNothingInbound();
    }

    @Test
    void aMessageInFragmentsIsOnePayload() {
        upgrade("/", "");
        send(new BinaryWebSocketFrame(false, 0, bytes("ab")));
        send(new ContinuationWebSocketFrame(true, 0, bytes("cd")));
        assertThat(readPayload()).isEqualTo("abcd");
    }

    @Test
    void payloadsGoOutAsBinaryMessages() {
        upgrade("/", "");
        server.writeOutbound(bytes("xyz"), Unpooled.EMPTY_BUFFER);
        assertThat(receive()).isEqualTo("xyz");
        assertThat(receive()).isEmpty();
    }

    @Test
    void aMessageOverTheLimitClosesTheConnection() {
        upgrade("/", "");
        assertThatThrownBy(() -> send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[MAX_MESSAGE + 1]))))
                .as("handed on to the handlers after the adapter").isInstanceOf(DecoderException.class);
        assertNothingInbound();
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void fragmentsOverTheLimitTogetherCloseTheConnection() {
        upgrade("/", "");
        send(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[MAX_MESSAGE])));
        assertThatThrownBy(() -> send(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[1]))))
                .isInstanceOf(DecoderException.class);
        assertNothingInbound();
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void aPlainHttpRequestIsRefused() {
        WebSocketFrames.addTo(server.pipeline(), MAX_MESSAGE, TrustedProxies.NONE);
        server.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: relay\r\n\r\n", StandardCharsets.US_ASCII));
        assertNothingInbound();
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void proxyHeadersFromAnUntrustedConnectionAreIgnored() {
        upgrade("/", "X-Real-IP: 203.0.113.7\r\n");
        assertThat(WebSocketFrames.clientAddress(server)).isEqualTo(PROXY);
    }

    /**
     * Headers are separated by " ; "; of several hops the last is the one the proxy saw; a value that is not an IP
     * literal leaves the connection's address.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            X-Real-IP: 203.0.113.7 ; X-Forwarded-For: 198.51.100.1  | 203.0.113.7
            X-Forwarded-For: 2001:db8::1                            | 2001:db8:0:0:0:0:0:1
            X-Forwarded-For: 198.51.100.1, 10.0.0.1                 | 10.0.0.1
            X-Real-IP: proxy.example                                | 192.0.2.9
            """)
    void aTrustedProxyNamesTheClientWithOneAddressLiteral(String headers, String client) {
        WebSocketFrames.addTo(server.pipeline(), MAX_MESSAGE, new TrustedProxies(Set.of(PROXY.getAddress())));
        writeUpgrade("/", headers.replace(" ; ", "\r\n") + "\r\n");
        InetSocketAddress address = WebSocketFrames.clientAddress(server);
        assertThat(address.getAddress().getHostAddress()).isEqualTo(client);
        assertThat(address.getPort()).isEqualTo(client.equals("192.0.2.9") ? PROXY.getPort() : 0);
    }

    /** Upgrades with the adapter's defaults (no proxy trusted) and returns the server's answer. */
    private String upgrade(String path, String extraHeaders) {
        WebSocketFrames.addTo(server.pipeline(), MAX_MESSAGE, TrustedProxies.NONE);
        return writeUpgrade(path, extraHeaders);
    }

    private String writeUpgrade(String path, String extraHeaders) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: relay.example\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + extraHeaders
                + "\r\n";
        server.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        ByteBuf answer = server.readOutbound();
        try {
            return answer.toString(StandardCharsets.US_ASCII);
        } finally {
            answer.release();
        }
    }

    private void send(WebSocketFrame frame) {
        client.writeOutbound(frame);
        ByteBuf wire;
        while ((wire = client.readOutbound()) != null) {
            server.writeInbound(wire);
        }
    }

    private void assertNothingInbound() {
        Object inbound = server.readInbound();
        assertThat(inbound).isNull();
    }

    private String readPayload() {
        ByteBuf payload = server.readInbound();
        assertThat(payload).as("a payload").isNotNull();
        try {
            return payload.toString(StandardCharsets.UTF_8);
        } finally {
            payload.release();
        }
    }

    /** The next message the server sent, decoded as the client's library would. */
    private String receive() {
        ByteBuf wire;
        while ((wire = server.readOutbound()) != null) {
            client.writeInbound(wire);
        }
        WebSocketFrame frame = client.readInbound();
        assertThat(frame).isInstanceOf(BinaryWebSocketFrame.class);
        try {
            return new String(ByteBufUtil.getBytes(frame.content()), StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
