package org.rdhub.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rdhub.config.Config;
import org.rdhub.config.TrustedProxies;
import org.rdhub.protocol.ServerKey;
import org.rdhub.protocol.WebSocketFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay on TCP port R and WebSocket port R+2 (protocol.md §13, §14): pairs two peers by the uuid of their
 * {@code RequestRelay}, whichever port each came to, and copies their traffic. Clients must send the server's key,
 * since rdhub has one key for both servers (the deviation §13 suggests; hbbr accepts any key by default). Not here
 * yet: bandwidth limits, block lists, the client address from a reverse proxy's headers; hbbr's loopback admin
 * console is left out on purpose.
 */
public final class RelayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final Channel webSocketListener;
    private final Pairing pairing;
    private final QueueGauge queued;

    private RelayServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listener, Channel webSocketListener,
            Pairing pairing, QueueGauge queued) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.listener = listener;
        this.webSocketListener = webSocketListener;
        this.pairing = pairing;
        this.queued = queued;
    }

    /** The relay of {@code rdhub serve}: the configured address and port, the server's key, the default limits. */
    public static RelayServer start(Config config, ServerKey key, MeterRegistry metrics) {
        RelayServer relay = start(new InetSocketAddress(config.bindAddress(), config.relayPort()), key, metrics);
        LOG.info("relay listening on {}:{} (TCP) and {} (WebSocket)", config.bindAddress(), relay.port(),
                relay.webSocketPort());
        return relay;
    }

    /**
     * The relay with the server's key and the default limits on {@code address}, its figures in {@code metrics}:
     * sessions and waiting sides now, and what ended sessions carried (counted once per session, at its end).
     */
    public static RelayServer start(InetSocketAddress address, ServerKey key, MeterRegistry metrics) {
        Counter ended = Counter.builder("rdhub.relay.sessions.ended").description("Relayed sessions that ended")
                .register(metrics);
        Counter bytes = Counter.builder("rdhub.relay.bytes").baseUnit("bytes")
                .description("Bytes relayed by ended sessions, both directions").register(metrics);
        RelayServer relay = start(address, key.publicKeyBase64(), RelayLimits.DEFAULTS, usage -> {
            ended.increment();
            bytes.increment(usage.bytesFirstToSecond() + usage.bytesSecondToFirst());
        });
        Gauge.builder("rdhub.relay.sessions", relay, RelayServer::sessions).description("Relayed sessions now")
                .register(metrics);
        Gauge.builder("rdhub.relay.waiting", relay, RelayServer::waitingSides)
                .description("Clients at the relay waiting for their partner").register(metrics);
        return relay;
    }

    /**
     * Binds {@code address} for TCP and its port + 2 for WebSocket (port 0 picks a free port for each).
     *
     * @param licenceKey the key clients must send, or empty to accept any
     * @param usage told of every session when it ends
     */
    public static RelayServer start(InetSocketAddress address, String licenceKey, RelayLimits limits,
            Consumer<RelayUsage> usage) {
        QueueGauge queued = new QueueGauge();
        Pairing pairing = new Pairing(limits, usage, queued);
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(limits.writeLowWater(), limits.writeHighWater()));
            Channel listener = bootstrap.clone()
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new RelayHandshake(pairing, limits, licenceKey, false));
                        }
                    })
                    .bind(address).syncUninterruptibly().channel();
            InetSocketAddress webSocketAddress = new InetSocketAddress(address.getAddress(),
                    address.getPort() == 0 ? 0 : address.getPort() + 2);
            Channel webSocketListener = bootstrap.clone()
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            // no proxy is configured to trust yet, and the relay does not use the client's address
                            // the relay pairs by uuid and needs no client address
                            WebSocketFrames.addTo(channel.pipeline(), limits.maxMessage(), TrustedProxies.NONE);
                            channel.pipeline().addLast(new RelayHandshake(pairing, limits, licenceKey, true));
                        }
                    })
                    .bind(webSocketAddress).syncUninterruptibly().channel();
            return new RelayServer(acceptor, workers, listener, webSocketListener, pairing, queued);
        } catch (RuntimeException e) {
            // closes the TCP listener too when only the WebSocket port could not be bound
            acceptor.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The WebSocket port, R+2 (or a free one when R was 0). */
    public int webSocketPort() {
        return ((InetSocketAddress) webSocketListener.localAddress()).getPort();
    }

    /** Sides that sent their request and wait for their partner. */
    public int waitingSides() {
        return pairing.waiting();
    }

    /** Sessions currently paired. */
    public int sessions() {
        return pairing.sessions();
    }

    /** The most bytes one connection has had queued for writing since start: bounded by backpressure. */
    public long maxQueuedBytes() {
        return queued.max();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        webSocketListener.close().syncUninterruptibly();
        // sessions end with the process: no quiet period to wait out
        acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
