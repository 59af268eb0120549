package org.rdhub.rendezvous;

import io.micrometer.core.instrument.Gauge;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.rdhub.App;
import org.rdhub.protocol.FrameDecoder;
import org.rdhub.protocol.FrameEncoder;
import org.rdhub.protocol.WebSocketFrames;
import org.rdhub.settings.ServerSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rendezvous (ID) server's sockets (protocol.md §1): UDP and TCP on port P, TCP on P−1, WebSocket on P+2. Port 0
 * picks a free P whose neighbours are free too, for tests; the chosen port is {@link #port()}. Client connections on P
 * and P+2 are handled on a small pool of their own, since deciding a request reads the database (access rules, device
 * records); the event loops only move bytes.
 */
public final class RendezvousServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RendezvousServer.class);
    /** Questions on P−1 are small; an online query for a few thousand IDs fits. */
    static final int MAX_QUERY_FRAME = 64 * 1024;
    /** hbbs closes a TCP connection on either port after this long without a frame. */
    private static final int IDLE_TIMEOUT_SECONDS = 30;
    private static final int FREE_PORT_ATTEMPTS = 20;
    private static final int DECIDING_THREADS = 8;

    private final EventLoopGroup group;
    private final EventExecutorGroup deciding;
    private final ApiTunnel tunnel;
    private final List<Channel> channels;
    private final int port;

    private RendezvousServer(EventLoopGroup group, EventExecutorGroup deciding, ApiTunnel tunnel,
            List<Channel> channels, int port) {
        this.group = group;
        this.deciding = deciding;
        this.tunnel = tunnel;
        this.channels = channels;
        this.port = port;
    }

    /** The rendezvous server of {@code rdhub serve}, on the configured port; {@code api} is where the tunnel goes. */
    public static RendezvousServer start(App app, URI api) {
        return start(app, api, app.config().rendezvousPort());
    }

    /** On port {@code configured} (0: a free P with free neighbours, for tests beside a server configured as usual). */
    public static RendezvousServer start(App app, URI api, int configured) {
        RendezvousService service = new RendezvousService(app.devices(), app.clock());
        Gauge.builder("rdhub.rendezvous.peers.online", service, RendezvousService::onlineCount)
                .description("Clients registered with the ID server and online").register(app.metrics());
        SessionSetup sessions = new SessionSetup(service, app.connectAccess(), app.serverKey(),
                () -> app.settings().addresses(ServerSetting.RELAY_SERVERS));
        ApiTunnel tunnel = new ApiTunnel(api);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        EventExecutorGroup deciding = new DefaultEventExecutorGroup(DECIDING_THREADS);
        // one per connection: it holds the connection's stage, key and registration; WebSocket ones stay plain (§14)
        Function<SecureFrames, ConnectionHandler> handlers = secureFrames -> new ConnectionHandler(service, sessions,
                app.serverKey(), tunnel, secureFrames);
        try {
            String host = app.config().bindAddress();
            for (int attempt = 1; ; attempt++) {
                List<Channel> channels = new ArrayList<>();
                try {
                    Channel udp = bindUdp(group, new UdpHandler(service, sessions), host, configured);
                    channels.add(udp);
                    int port = ((InetSocketAddress) udp.localAddress()).getPort();
                    FrameEncoder encoder = new FrameEncoder();
                    channels.add(bindTcp(group, host, port, channel -> {
                        // one thread per connection for the whole pipeline: the key exchange switches the framing
                        // and the cap in order with the frames that follow it
                        ConnectionHandler handler = handlers.apply(new SecureFrames());
                        channel.pipeline().addLast(deciding, new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS),
                                new FrameDecoder(ConnectionHandler.MAX_FRAME), encoder, handler.secureFrames(),
                                handler);
                    }));
                    channels.add(bindTcp(group, host, port - 1, channel -> channel.pipeline().addLast(
                            new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS), new FrameDecoder(MAX_QUERY_FRAME), encoder,
                            new QueryHandler(service))));
                    channels.add(bindTcp(group, host, port + 2, channel -> {
                        channel.pipeline().addLast(new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS));
                        WebSocketFrames.addTo(channel.pipeline(), ConnectionHandler.MAX_FRAME,
                                app.config().trustedProxies());
                        channel.pipeline().addLast(deciding, handlers.apply(null));
                    }));
                    LOG.info("rendezvous server on UDP and TCP port {}, TCP port {} and WebSocket port {}", port,
                            port - 1, port + 2);
                    return new RendezvousServer(group, deciding, tunnel, channels, port);
                } catch (Exception e) { // Netty rethrows the checked BindException unchecked
                    channels.forEach(channel -> channel.close().syncUninterruptibly());
                    if (configured != 0 || attempt == FREE_PORT_ATTEMPTS) {
                        throw new IllegalStateException("cannot open the rendezvous ports: " + e.getMessage(), e);
                    }
                }
            }
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            deciding.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            tunnel.close();
            throw e;
        }
    }

    private static Channel bindUdp(EventLoopGroup group, UdpHandler handler, String host, int port) {
        return new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(handler)
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    }

    private interface Pipeline {
        void build(SocketChannel channel);
    }

    private static Channel bindTcp(EventLoopGroup group, String host, int port, Pipeline pipeline) {
        ChannelHandler initializer = new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                pipeline.build(channel);
            }
        };
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(initializer)
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    }

    /** Port P. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        channels.forEach(channel -> channel.close().syncUninterruptibly());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        deciding.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        tunnel.close();
    }
}
