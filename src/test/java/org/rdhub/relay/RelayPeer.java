package org.rdhub.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.rdhub.protocol.FrameCodec;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.RequestRelay;

/** A RustDesk peer's relay connection as protocol.md §13 describes it: a plain socket, one framed RequestRelay. */
final class RelayPeer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RelayPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RelayPeer connect(int port) {
        return connect(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer, 0 for the system's default */
    static RelayPeer connect(int port, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return new RelayPeer(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frame a peer sends first: {@code RendezvousMessage{request_relay{licence_key, uuid}}}. */
    static byte[] requestFrame(String uuid, String key) {
        return FrameCodec.encode(requestMessage(uuid, key));
    }

    /** The same request without the frame header, as a WebSocket peer sends it. */
    static byte[] requestMessage(String uuid, String key) {
        RequestRelay request = RequestRelay.newBuilder().setUuid(uuid).setLicenceKey(key).build();
        return RendezvousMessage.newBuilder().setRequestRelay(request).build().toByteArray();
    }

    RelayPeer request(String uuid, String key) {
        return send(requestFrame(uuid, key));
    }

    RelayPeer send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OutputStream output() {
        return out;
    }

    InputStream input() {
        return in;
    }

    byte[] read(int length) {
        try {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new IOException("stream ended after " + bytes.length + " of " + length + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the relay closed this connection (end of stream or reset) within the read timeout. */
    boolean closedByRelay() {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void readTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
