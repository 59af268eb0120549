package org.rdhub.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A RustDesk peer's WebSocket connection to the rendezvous server or the relay (protocol.md §2.3, §14): Java's own
 * client, one binary message per protobuf, no length header.
 */
public final class WebSocketPeer implements AutoCloseable {
    private static final byte[] CLOSED = new byte[0];

    private final HttpClient client;
    private final WebSocket socket;
    private final BlockingQueue<byte[]> received;
    private final Collector collector;

    private WebSocketPeer(HttpClient client, WebSocket socket, BlockingQueue<byte[]> received, Collector collector) {
        this.client = client;
        this.socket = socket;
        this.received = received;
        this.collector = collector;
    }

    public void resume() {
        collector.paused = false;
        socket.request(1);
    }

    /** Connects to {@code path}: {@code /ws/id} or {@code /ws/relay} as a client behind a domain name, or {@code /}. */
    public static WebSocketPeer connect(int port, String path) {
        return connect(port, path, false);
    }

    /** @param paused take one message, then no more until {@link #resume}: a reader that falls behind */
    public static WebSocketPeer connect(int port, String path, boolean paused) {
        HttpClient client = HttpClient.newHttpClient();
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        Collector collector = new Collector(received, paused);
        try {
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + path), collector)
                    .get(5, TimeUnit.SECONDS);
            return new WebSocketPeer(client, socket, received, collector);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            client.shutdownNow();
            throw new AssertionError("no WebSocket connection", e);
        }
    }

    public WebSocketPeer send(byte[] message) {
        return await(socket.sendBinary(ByteBuffer.wrap(message), true));
    }

    public WebSocketPeer sendText(String message) {
        return await(socket.sendText(message, true));
    }

    /** The next whole binary message. */
    public byte[] receive() {
        byte[] message = poll();
        if (message == null) {
            throw new AssertionError("no message in time");
        }
        if (message == CLOSED) {
            throw new AssertionError("closed by the server");
        }
        return message;
    }

    /** Whether the server closed this connection within the timeout; messages before the close are skipped. */
    public boolean closedByServer() {
        byte[] message;
        while ((message = poll()) != null) {
            if (message == CLOSED) {
                return true;
            }
        }
        return false;
    }

    private byte[] poll() {
        try {
            return received.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private WebSocketPeer await(CompletionStage<WebSocket> sent) {
        try {
            sent.toCompletableFuture().get(5, TimeUnit.SECONDS);
            return this;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("could not send", e);
        }
    }

    @Override
    public void close() {
        socket.abort();
        client.shutdownNow();
    }

    /** Joins the parts of each binary message. */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<byte[]> received;
        private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
        private volatile boolean paused;

        Collector(BlockingQueue<byte[]> received, boolean paused) {
            this.received = received;
            this.paused = paused;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            parts.writeBytes(part);
            if (last) {
                received.add(parts.toByteArray());
                parts.reset();
            }
            if (!paused) {
                socket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            received.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            received.add(CLOSED);
        }
    }
}
