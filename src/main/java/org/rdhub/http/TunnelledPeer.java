package org.rdhub.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The client address of a request the API tunnel ({@code rendezvous.ApiTunnel}) hands to this web server over
 * loopback: one header carries the tunnelled peer's IP after a secret made fresh in each process, so only this
 * process can set an address that way. Every {@code ctx.ip()} reads it (through {@link ClientIp}), so login
 * throttling, audit and device IPs need no change; a header without the exact secret is ignored.
 */
public final class TunnelledPeer {
    public static final String HEADER = "X-Rdhub-Tunnel-Peer";
    private static final byte[] SECRET = newSecret();

    private TunnelledPeer() {
    }

    /** The header's value for a request tunnelled from {@code peer}. */
    public static String headerValue(InetAddress peer) {
        return new String(SECRET, StandardCharsets.US_ASCII) + " " + peer.getHostAddress();
    }

    /** The peer's IP for a request that carries the secret. */
    static Optional<String> of(Context ctx) {
        String header = ctx.header(HEADER);
        int space = header == null ? -1 : header.indexOf(' ');
        if (space > 0 && MessageDigest.isEqual(header.substring(0, space).getBytes(StandardCharsets.US_ASCII),
                SECRET)) {
            return Optional.of(header.substring(space + 1));
        }
        return Optional.empty();
    }

    private static byte[] newSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encode(random);
    }
}
