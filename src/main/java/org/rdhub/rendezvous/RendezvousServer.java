package org.rdhub.rendezvous;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.rdhub.App;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rendezvous (ID) server's sockets (protocol.md §1): UDP on port P. Port 0 picks a free one, for tests; the
 * chosen port is {@link #port()}.
 */
public final class RendezvousServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RendezvousServer.class);

    private final EventLoopGroup group;
    private final Channel udp;

    private RendezvousServer(EventLoopGroup group, Channel udp) {
        this.group = group;
        this.udp = udp;
    }

    public static RendezvousServer start(App app) {
        RendezvousService service = new RendezvousService(app.devices(), app.clock());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new UdpHandler(service))
                    .bind(new InetSocketAddress(app.config().bindAddress(), app.config().rendezvousPort()))
                    .sync().channel();
            RendezvousServer server = new RendezvousServer(group, udp);
            LOG.info("rendezvous server on UDP port {}", server.port());
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            throw new IllegalStateException("interrupted while binding the rendezvous ports", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    /** Port P. */
    public int port() {
        return ((InetSocketAddress) udp.localAddress()).getPort();
    }

    @Override
    public void close() {
        udp.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
