package org.rdhub.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reverse proxies rdhub stands behind (setting {@code trusted-proxies}). Only a connection from one of them may
 * name the real client in {@code X-Real-IP} or {@code X-Forwarded-For}; from anywhere else those headers are the
 * client's own words and are ignored. One rule for the web, API and WebSocket ports.
 */
public record TrustedProxies(Set<InetAddress> addresses) {
    public static final TrustedProxies NONE = new TrustedProxies(Set.of());

    public TrustedProxies {
        addresses = Set.copyOf(addresses);
    }

    /** A comma-separated list of IP literals (no names: a proxy is trusted by what it connects from). */
    static TrustedProxies parse(String list) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String part : list.split(",")) {
            String literal = part.strip();
            if (literal.isEmpty()) {
                continue;
            }
            InetAddress address = literal(literal);
            if (address == null) {
                throw new IllegalArgumentException("'" + literal + "' is not an IP address");
            }
            addresses.add(address);
        }
        return new TrustedProxies(Set.copyOf(addresses));
    }

    /**
     * The client a trusted proxy names: {@code X-Real-IP}, else the last address of {@code X-Forwarded-For} (the one
     * the proxy itself saw, as nginx's {@code $proxy_add_x_forwarded_for} appends it). Empty when {@code from} is
     * not a trusted proxy or names no valid address.
     */
    public Optional<InetAddress> clientOf(InetAddress from, String realIp, String forwardedFor) {
        if (!addresses.contains(from)) {
            return Optional.empty();
        }
        if (realIp != null && !realIp.isBlank()) {
            return Optional.ofNullable(literal(realIp.strip()));
        }
        if (forwardedFor != null && !forwardedFor.isBlank()) {
            String[] hops = forwardedFor.split(",");
            return Optional.ofNullable(literal(hops[hops.length - 1].strip()));
        }
        return Optional.empty();
    }

    /** An IP literal, or null: never a name lookup. */
    private static InetAddress literal(String text) {
        return NetUtil.createInetAddressFromIpAddressString(text);
    }
}
