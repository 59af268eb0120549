package org.rdhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdhub.config.Setting;
import org.rdhub.support.DatabaseKind;
import org.rdhub.support.Http;
import org.rdhub.support.RustDeskClient;
import org.rdhub.support.TestServer;

/**
 * Behind a reverse proxy named in {@code trusted-proxies}, the client's address is the one the proxy passes on; the
 * same headers from anyone else change nothing (see {@code ApiTunnelTest} for a server that trusts no proxy).
 */
class TrustedProxyTest {
    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() {
        // the tests' requests come from loopback: here loopback is the proxy
        server = TestServer.start(DatabaseKind.SQLITE, Map.of(Setting.TRUSTED_PROXIES, "127.0.0.1, ::1"));
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_client_a_trusted_proxy_names_is_the_client() {
        RustDeskClient realIp = new RustDeskClient(http, "710000001", "dXVpZC0x");
        RustDeskClient forwarded = new RustDeskClient(http, "710000002", "dXVpZC0y");
        RustDeskClient named = new RustDeskClient(http, "710000003", "dXVpZC0z");

        http.postJson("/api/sysinfo", realIp.sysinfoBody(""), "X-Real-IP", "203.0.113.7",
                "X-Forwarded-For", "198.51.100.1");
        // nginx's $proxy_add_x_forwarded_for appends the address it saw: the last hop is the client
        http.postJson("/api/sysinfo", forwarded.sysinfoBody(""), "X-Forwarded-For", "198.51.100.1, 2001:db8::7");
        http.postJson("/api/sysinfo", named.sysinfoBody(""), "X-Real-IP", "client.example");

        assertThat(deviceIp("710000001")).isEqualTo("203.0.113.7");
        assertThat(deviceIp("710000002")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(deviceIp("710000003")).as("a name is not an address").isEqualTo("127.0.0.1");
    }

    private static String deviceIp(String rustdeskId) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT ip FROM devices WHERE rustdesk_id = :id")
                .bind("id", rustdeskId).mapTo(String.class).one());
    }
}
