package org.rdhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddrMangleTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final InetSocketAddress ADDRESS = new InetSocketAddress("1.2.3.4", 21116);

    @ParameterizedTest(name = "tm {0}")
    @CsvSource({
        // protocol.md §3, as corrected: 10, 10 and 11 bytes
        "0, 7c520000000002040608",
        "305419896, f4a8f0ac6824f2b06e2c",
        "4294967295, 7b52ffffffff0104060802"})
    void ipv4_is_encoded_and_decoded_as_the_vectors_show(long tm, String encoded) {
        assertThat(HEX.formatHex(AddrMangle.encode(ADDRESS, tm))).isEqualTo(encoded);
        assertThat(AddrMangle.decode(HEX.parseHex(encoded))).isEqualTo(ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:1", "255.255.255.255:65535", "10.0.0.1:0", "192.168.1.20:21118"})
    void any_ipv4_address_survives_the_round_trip_whatever_the_time(String text) {
        String[] parts = text.split(":");
        InetSocketAddress address = new InetSocketAddress(parts[0], Integer.parseInt(parts[1]));
        for (long tm : new long[] {0, 1, 0xFFFF, 0x10000, 0x7FFF_FFFFL, 0xFFFF_FFFFL}) {
            assertThat(AddrMangle.decode(AddrMangle.encode(address, tm))).isEqualTo(address);
        }
        assertThat(AddrMangle.decode(AddrMangle.encode(address))).isEqualTo(address);
    }

    @Test
    void ipv6_is_the_address_then_the_port_little_endian() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 0x5218);

        byte[] encoded = AddrMangle.encode(address, 12345);

        assertThat(HEX.formatHex(encoded)).isEqualTo("20010db8000000000000000000000001" + "1852");
        assertThat(AddrMangle.decode(encoded)).isEqualTo(address);
    }

    @Test
    void an_ipv4_mapped_ipv6_address_is_encoded_as_ipv4_but_the_ipv6_loopback_is_not() throws Exception {
        byte[] mapped = HEX.parseHex("00000000000000000000ffff01020304");
        InetSocketAddress viaIpv6 = new InetSocketAddress(java.net.Inet6Address.getByAddress(null, mapped, -1), 21116);

        assertThat(HEX.formatHex(AddrMangle.encode(viaIpv6, 0))).isEqualTo("7c520000000002040608");
        assertThat(AddrMangle.encode(new InetSocketAddress(InetAddress.getByName("::1"), 80), 0)).hasSize(18);
    }

    @Test
    void empty_and_malformed_fields_decode_to_the_unspecified_address() {
        assertThat(AddrMangle.decode(new byte[0])).isEqualTo(new InetSocketAddress("0.0.0.0", 0));
        assertThat(AddrMangle.decode(new byte[17])).isEqualTo(new InetSocketAddress("::", 0));
    }
}
