package org.rdhub.http;

import io.javalin.http.Context;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import org.rdhub.config.TrustedProxies;

/**
 * The client address every {@code ctx.ip()} answers (installed as Javalin's IP resolver): the peer of a request the
 * API tunnel passed on, else the client a trusted reverse proxy names, else the connection's own peer.
 */
final class ClientIp {
    private ClientIp() {
    }

    static String of(Context ctx, TrustedProxies proxies) {
        return TunnelledPeer.of(ctx).orElseGet(() -> {
            String remote = ctx.req().getRemoteAddr();
            InetAddress from = NetUtil.createInetAddressFromIpAddressString(remote);
            return from == null ? remote : proxies.clientOf(from, ctx.header("X-Real-IP"),
                    ctx.header("X-Forwarded-For")).map(InetAddress::getHostAddress).orElse(remote);
        });
    }
}
