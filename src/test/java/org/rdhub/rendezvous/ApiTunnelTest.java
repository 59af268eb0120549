package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.support.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdhub.http.Json;
import org.rdhub.http.TunnelledPeer;
import org.rdhub.protocol.wire.HeaderEntry;
import org.rdhub.protocol.wire.HttpProxyRequest;
import org.rdhub.protocol.wire.HttpProxyResponse;
import org.rdhub.support.DatabaseKind;
import org.rdhub.support.Http;
import org.rdhub.support.RustDeskClient;
import org.rdhub.support.TestServer;

/**
 * Requests a client sends through the rendezvous connection (protocol.md §12), answered by the real web server
 * exactly as over HTTP, with the tunnelled peer's IP as the client address.
 */
class ApiTunnelTest {
    // the body Flutter sends for a password login (hbbs.dart LoginRequest.toJson)
    private static final String LOGIN = """
            {"username":"admin","password":"test1234","id":"123456789","uuid":"dXVpZA==","autoLogin":true,
             "type":"account","deviceInfo":{"os":"linux","type":"client","name":"desk-1"}}""";
    private static final InetAddress PEER = address("203.0.113.7");

    static TestServer server;
    static Http http;
    static ApiTunnel tunnel;

    @BeforeAll
    static void start() {
        server = TestServer.start(DatabaseKind.SQLITE);
        http = server.http();
        tunnel = new ApiTunnel(server.web().localUri());
    }

    @AfterAll
    static void stop() {
        tunnel.close();
        server.close();
    }

    static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** @param headers name, value, name, value... */
    static HttpProxyRequest request(String method, String path, String body, String... headers) {
        HttpProxyRequest.Builder request = HttpProxyRequest.newBuilder().setMethod(method).setPath(path)
                .setBody(ByteString.copyFromUtf8(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeaders(HeaderEntry.newBuilder().setName(headers[i]).setValue(headers[i + 1]));
        }
        return request.build();
    }

    static HttpProxyResponse forward(ApiTunnel tunnel, HttpProxyRequest request, InetAddress peer) {
        try {
            return tunnel.forward(request, peer).get(40, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpProxyResponse send(String method, String path, String body, String... headers) {
        return forward(tunnel, request(method, path, body, headers), PEER);
    }

    /** The headers of a post_request: Content-Type first, then at most one of the caller's (§12). */
    private static HttpProxyResponse post(String path, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", path, body, all);
    }

    private static String body(HttpProxyResponse reply) {
        return reply.getBody().toStringUtf8();
    }

    private static JsonNode json(HttpProxyResponse reply) throws IOException {
        return Json.MAPPER.readTree(reply.getBody().toByteArray());
    }

    private static Map<String, String> headers(HttpProxyResponse reply) {
        Map<String, String> headers = new LinkedHashMap<>();
        reply.getHeadersList().forEach(header -> headers.put(header.getName(), header.getValue()));
        return headers;
    }

    private static String deviceIp(String rustdeskId) {
        return server.app().database().withHandle(h -> h.createQuery("SELECT ip FROM devices WHERE rustdesk_id = :id")
                .bind("id", rustdeskId).mapTo(String.class).findOne().orElse(null));
    }

    private static String token() {
        return http.postJson("/api/login", LOGIN).json().get("access_token").asText();
    }

    @Test
    void a_tunnelled_login_answers_the_same_json_as_direct_http() throws IOException {
        Http.Response direct = http.postJson("/api/login", LOGIN);

        HttpProxyResponse tunnelled = post("/api/login", LOGIN);

        assertThat(tunnelled.getError()).isEmpty();
        assertThat(tunnelled.getStatus()).isEqualTo(200);
        ObjectNode expected = (ObjectNode) direct.json();
        ObjectNode actual = (ObjectNode) json(tunnelled);
        String token = actual.remove("access_token").asText();
        expected.remove("access_token");
        assertThat(actual).isEqualTo(expected);
        // lower-cased by the JDK's HTTP client, as the RustDesk client does itself
        assertThat(headers(tunnelled)).containsEntry("content-type", direct.contentType())
                .containsEntry("content-length", Integer.toString(tunnelled.getBody().size()))
                .doesNotContainKeys("connection", "transfer-encoding");
        // the token the tunnel brought back works over HTTP
        assertThat(http.send("POST", "/api/currentUser", null, bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void authenticated_calls_pass_the_bearer_token_and_the_query() {
        String token = token();

        HttpProxyResponse currentUser = post("/api/currentUser", "", "Authorization", "Bearer " + token);
        HttpProxyResponse users = send("GET", "/api/users?current=1&pageSize=5&name=adm%25", "",
                "Authorization", "Bearer " + token, "Accept", "application/json");

        assertThat(currentUser.getStatus()).isEqualTo(200);
        assertThat(body(currentUser)).isEqualTo(http.send("POST", "/api/currentUser", null, bearer(token)).body());
        assertThat(users.getStatus()).isEqualTo(200);
        assertThat(body(users)).isEqualTo(http.get("/api/users?current=1&pageSize=5&name=adm%25", bearer(token)).body())
                .contains("\"total\":1");
    }

    @Test
    void errors_of_the_api_pass_with_their_status_and_body() {
        HttpProxyResponse wrongPassword = post("/api/login", "{\"username\":\"admin\",\"password\":\"nope1234\"}");
        HttpProxyResponse noToken = post("/api/currentUser", "");
        HttpProxyResponse unknown = send("GET", "/api/no-such-call", "");

        assertThat(wrongPassword.getError()).isEmpty();
        assertThat(wrongPassword.getStatus()).isEqualTo(401);
        assertThat(body(wrongPassword)).isEqualTo("{\"error\":\"Wrong username or password\"}");
        assertThat(noToken.getStatus()).isEqualTo(401);
        assertThat(body(noToken)).isEqualTo(http.send("POST", "/api/currentUser", null).body());
        assertThat(unknown.getError()).isEmpty();
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(body(unknown)).isEqualTo(http.get("/api/no-such-call").body());
    }

    @Test
    void the_api_sees_the_tunnelled_peer_as_client_and_ignores_addresses_the_client_claims() {
        RustDeskClient v4 = new RustDeskClient(http, "700000001", "dXVpZC0x");
        RustDeskClient v6 = new RustDeskClient(http, "700000002", "dXVpZC0y");

        HttpProxyResponse first = post("/api/sysinfo", v4.sysinfoBody(""), "X-Forwarded-For", "198.51.100.1",
                "X-Real-IP", "198.51.100.2", "Forwarded", "for=198.51.100.3",
                TunnelledPeer.HEADER, "guess 198.51.100.4");
        HttpProxyResponse second = forward(tunnel, request("POST", "/api/sysinfo", v6.sysinfoBody(""),
                "Content-Type", "application/json"), address("2001:db8::7"));

        assertThat(body(first)).isEqualTo("SYSINFO_UPDATED");
        assertThat(deviceIp("700000001")).isEqualTo("203.0.113.7");
        assertThat(body(second)).isEqualTo("SYSINFO_UPDATED");
        assertThat(deviceIp("700000002")).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void a_forged_tunnel_header_sent_over_http_is_ignored() {
        RustDeskClient client = new RustDeskClient(http, "700000003", "dXVpZC0z");

        Http.Response reply = http.postJson("/api/sysinfo", client.sysinfoBody(""),
                TunnelledPeer.HEADER, "not-the-secret 198.51.100.9");

        assertThat(reply.body()).isEqualTo("SYSINFO_UPDATED");
        assertThat(deviceIp("700000003")).isEqualTo("127.0.0.1");
    }

    @Test
    void paths_outside_the_api_and_malformed_requests_are_refused_before_reaching_the_server() {
        String sysinfo = new RustDeskClient(http, "700000004", "dXVpZC00").sysinfoBody("");
        Map<String, HttpProxyRequest> refused = new LinkedHashMap<>();
        for (String path : new String[] {"/", "/login", "/users", "/api", "http://127.0.0.1/api/sysinfo",
                "//127.0.0.1/api/sysinfo", "api/sysinfo", "", "/api/../login", "/api/%2e%2E/login", "/api/..;/login",
                "/api/./sysinfo", "/api/sysinfo\r\nX-Injected: 1", "/api/sys info", "/api/sys\\info", "/api/süs",
                "/api/sysinfo%zz"}) {
            refused.put("path " + path, request("POST", path, sysinfo));
        }
        for (String method : new String[] {"CONNECT", "TRACE", "OPTIONS", "post", "", "POST\r\n"}) {
            refused.put("method " + method, request(method, "/api/sysinfo", sysinfo));
        }
        refused.put("header value", request("POST", "/api/sysinfo", sysinfo, "Content-Type",
                "application/json\r\nX-Injected: 1"));
        refused.put("header value LF", request("POST", "/api/sysinfo", sysinfo, "Accept", "a\nb"));
        refused.put("header name", request("POST", "/api/sysinfo", sysinfo, "Bad Name", "x"));
        refused.put("empty header name", request("POST", "/api/sysinfo", sysinfo, "", "x"));
        refused.put("header name with colon", request("POST", "/api/sysinfo", sysinfo, "X-A:", "x"));

        refused.forEach((what, request) -> {
            HttpProxyResponse reply = forward(tunnel, request, PEER);
            assertThat(reply.getError()).as(what).isNotEmpty().doesNotContain("\r", "\n");
            assertThat(reply.getStatus()).as(what).isZero();
            assertThat(reply.getBody().isEmpty()).as(what).isTrue();
        });
        assertThat(forward(tunnel, request("GET", "/users", ""), PEER).getError())
                .isEqualTo("only paths under /api/ are tunnelled, not '/users'");
        assertThat(forward(tunnel, request("POST", "/api/../login", ""), PEER).getError())
                .isEqualTo("the path may not hold '.' or '..' segments");
        assertThat(deviceIp("700000004")).isNull();
    }

    @Test
    void hop_by_hop_and_host_headers_are_dropped_and_odd_query_characters_escaped() {
        String token = token();

        HttpProxyResponse reply = send("GET", "/api/users?current=1&pageSize=5&name={adm|x}", "",
                "Authorization", "Bearer " + token, "Host", "evil.example", "Connection", "close, Authorization",
                "Content-Length", "99", "Transfer-Encoding", "chunked", "Expect", "100-continue",
                "Upgrade", "h2c", "Keep-Alive", "timeout=5");

        assertThat(reply.getError()).isEmpty();
        assertThat(reply.getStatus()).isEqualTo(200);
        assertThat(body(reply)).contains("\"total\":0");
    }

    @Test
    void bodies_of_a_few_megabytes_pass_both_ways_and_larger_ones_are_refused() throws IOException {
        String token = token();
        String book = json(post("/api/ab/personal", "", "Authorization", "Bearer " + token)).get("guid").asText();
        String note = "n".repeat(1_500_000);

        HttpProxyResponse added = post("/api/ab/peer/add/" + book, "{\"id\":\"700000005\",\"note\":\"" + note + "\"}",
                "Authorization", "Bearer " + token);
        HttpProxyResponse peers = post("/api/ab/peers?current=1&pageSize=10&ab=" + book, "",
                "Authorization", "Bearer " + token);

        assertThat(added.getStatus()).isEqualTo(200);
        assertThat(peers.getStatus()).isEqualTo(200);
        assertThat(json(peers).get("data").get(0).get("note").asText()).isEqualTo(note);

        // above the web server's own limit: its 413, as over HTTP
        HttpProxyResponse aboveServerLimit = post("/api/ab/peer/add/" + book,
                "{\"id\":\"700000006\",\"note\":\"" + "n".repeat(3_000_000) + "\"}", "Authorization", "Bearer " + token);
        assertThat(aboveServerLimit.getError()).isEmpty();
        assertThat(aboveServerLimit.getStatus()).isEqualTo(413);

        HttpProxyResponse aboveTunnelLimit = forward(tunnel, HttpProxyRequest.newBuilder().setMethod("POST")
                .setPath("/api/sysinfo").setBody(ByteString.copyFrom(new byte[ApiTunnel.MAX_BODY_BYTES + 1]))
                .build(), PEER);
        assertThat(aboveTunnelLimit.getError()).isEqualTo("the request body of 8388609 bytes is above the tunnel's "
                + "limit of 8388608 bytes");
        assertThat(aboveTunnelLimit.getStatus()).isZero();
        assertThat(new String(aboveTunnelLimit.getBody().toByteArray(), StandardCharsets.UTF_8)).isEmpty();
    }
}
