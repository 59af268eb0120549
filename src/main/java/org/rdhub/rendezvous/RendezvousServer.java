package org.rdhub.rendezvous;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rdhub.App;
import org.rdhub.protocol.FrameDecoder;
import org.rdhub.protocol.FrameEncoder;
import org.rdhub.protocol.ServerKey;
import org.rdhub.settings.ServerSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rendezvous (ID) server's sockets (protocol.md §1): UDP and TCP on port P, TCP on P−1. Port 0 picks a free P whose
 * P−1 is free too, for tests; the chosen port is {@link #port()}.
 */
public final class RendezvousServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RendezvousServer.class);
    /** Questions on P−1 are small; an online query for a few thousand IDs fits. */
    static final int MAX_QUERY_FRAME = 64 * 1024;
    /** Messages on P are small too: a punch request or a client's answer. */
    static final int MAX_TCP_FRAME = 64 * 1024;
    /** hbbs closes a TCP connection on either port after this long without a frame. */
    private static final int IDLE_TIMEOUT_SECONDS = 30;
    private static final int FREE_PORT_ATTEMPTS = 20;

    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final int port;

    private RendezvousServer(EventLoopGroup group, List<Channel> channels, int port) {
        this.group = group;
        this.channels = channels;
        this.port = port;
    }

    /** The rendezvous server of {@code rdhub serve}, on the configured port. */
    public static RendezvousServer start(App app) {
        return start(app, app.config().rendezvousPort());
    }

    /** On port {@code configured} (0: a free P whose P−1 is free, for tests beside a server configured as usual). */
    public static RendezvousServer start(App app, int configured) {
        RendezvousService service = new RendezvousService(app.devices(), app.clock());
        SessionSetup sessions = new SessionSetup(service, app.serverKey(),
                () -> ServerSetting.addressList(app.settings().get(ServerSetting.RELAY_SERVERS)));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            String host = app.config().bindAddress();
            for (int attempt = 1; ; attempt++) {
                List<Channel> channels = new ArrayList<>();
                try {
                    Channel udp = bindUdp(group, new UdpHandler(service, sessions), host, configured);
                    channels.add(udp);
                    int port = ((InetSocketAddress) udp.localAddress()).getPort();
                    channels.add(bindTcp(group, service, sessions, app.serverKey(), host, port));
                    channels.add(bindQueries(group, service, host, port - 1));
                    LOG.info("rendezvous server on UDP and TCP port {} and TCP port {}", port, port - 1);
                    return new RendezvousServer(group, channels, port);
                } catch (Exception e) { // Netty rethrows the checked BindException unchecked
                    channels.forEach(channel -> channel.close().syncUninterruptibly());
                    if (configured != 0 || attempt == FREE_PORT_ATTEMPTS) {
                        throw new IllegalStateException("cannot open the rendezvous ports: " + e.getMessage(), e);
                    }
                }
            }
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static Channel bindUdp(EventLoopGroup group, UdpHandler handler, String host, int port) {
        return new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(handler)
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    }

    private static Channel bindTcp(EventLoopGroup group, RendezvousService service, SessionSetup sessions,
            ServerKey serverKey, String host, int port) {
        FrameEncoder encoder = new FrameEncoder();
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SecureFrames secureFrames = new SecureFrames();
                        channel.pipeline().addLast(new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS),
                                new FrameDecoder(MAX_TCP_FRAME), encoder, secureFrames,
                                new ConnectionHandler(service, sessions, serverKey, secureFrames));
                    }
                })
                .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
    }

    private static Channel bindQueries(EventLoopGroup group, RendezvousService service, String host, int port) {
        FrameEncoder encoder = new FrameEncoder();
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS),
                                new FrameDecoder(MAX_QUERY_FRAME), encoder, new QueryHandler(service));
                    }
                })
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
    }
}
