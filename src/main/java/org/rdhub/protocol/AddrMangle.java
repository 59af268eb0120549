package org.rdhub.protocol;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The socket-address encoding of the {@code socket_addr}-like fields (protocol.md §3). An IPv4 address is mixed with
 * a time value into a little-endian 128-bit number without its trailing zero bytes; an IPv6 address is its 16 octets
 * and the port, little-endian. The time only obfuscates: decoding recovers it from the bytes.
 */
public final class AddrMangle {
    private static final int IPV6_LENGTH = 18;
    private static final BigInteger U32 = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger LOW_16 = BigInteger.valueOf(0xFFFF);
    private static final BigInteger LOW_24 = BigInteger.valueOf(0xFF_FFFF);

    private AddrMangle() {
    }

    /** Encodes with the current time in microseconds, as the client does. */
    public static byte[] encode(InetSocketAddress address) {
        return encode(address, ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) & 0xFFFF_FFFFL);
    }

    /** Encodes with the given 32-bit time value {@code tm}. */
    public static byte[] encode(InetSocketAddress address, long tm) {
        InetAddress ip = asIpv4IfMapped(address.getAddress());
        int port = address.getPort();
        if (ip instanceof Inet6Address) {
            byte[] out = Arrays.copyOf(ip.getAddress(), IPV6_LENGTH);
            out[16] = (byte) port;
            out[17] = (byte) (port >>> 8);
            return out;
        }
        BigInteger time = BigInteger.valueOf(tm).and(U32);
        BigInteger value = BigInteger.valueOf(littleEndianU32(ip.getAddress())).add(time).shiftLeft(49)
                .or(time.shiftLeft(17))
                .or(BigInteger.valueOf(port).add(time.and(LOW_16)));
        byte[] littleEndian = reverse(value.toByteArray());
        int length = littleEndian.length;
        while (length > 0 && littleEndian[length - 1] == 0) {
            length--;
        }
        return Arrays.copyOf(littleEndian, length);
    }

    /**
     * Decodes what a client sent: up to 16 bytes are an IPv4 address (empty is {@code 0.0.0.0:0}), exactly 18 an
     * IPv6 one; any other length gives {@code [::]:0}, as in the client.
     */
    public static InetSocketAddress decode(byte[] bytes) {
        if (bytes.length > 16) {
            if (bytes.length != IPV6_LENGTH) {
                return new InetSocketAddress(address(new byte[16]), 0);
            }
            int port = (bytes[16] & 0xFF) | (bytes[17] & 0xFF) << 8;
            return new InetSocketAddress(address(Arrays.copyOf(bytes, 16)), port);
        }
        BigInteger x = new BigInteger(1, reverse(bytes));
        BigInteger tm = x.shiftRight(17).and(U32);
        long ip = x.shiftRight(49).subtract(tm).and(U32).longValue();
        int port = x.and(LOW_24).subtract(tm.and(LOW_16)).intValue() & 0xFFFF;
        byte[] octets = {(byte) ip, (byte) (ip >>> 8), (byte) (ip >>> 16), (byte) (ip >>> 24)};
        return new InetSocketAddress(address(octets), port);
    }

    /** IPv4-mapped and IPv4-compatible IPv6 addresses count as IPv4, except the IPv6 loopback. */
    private static InetAddress asIpv4IfMapped(InetAddress ip) {
        if (ip instanceof Inet4Address || ip.isLoopbackAddress()) {
            return ip;
        }
        byte[] b = ip.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return ip;
            }
        }
        boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
        boolean compatible = b[10] == 0 && b[11] == 0;
        return mapped || compatible ? address(Arrays.copyOfRange(b, 12, 16)) : ip;
    }

    private static long littleEndianU32(byte[] octets) {
        return (octets[0] & 0xFFL) | (octets[1] & 0xFFL) << 8 | (octets[2] & 0xFFL) << 16 | (octets[3] & 0xFFL) << 24;
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static InetAddress address(byte[] octets) {
        try {
            // an IPv4-mapped 16-byte address comes back as an Inet4Address: the same peer, in the form the server keeps
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
