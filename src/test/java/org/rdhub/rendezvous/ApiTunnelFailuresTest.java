package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.rendezvous.ApiTunnelTest.forward;
import static org.rdhub.rendezvous.ApiTunnelTest.request;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rdhub.protocol.wire.HttpProxyResponse;

/** When the web server cannot answer usefully, the client gets {@code error} and nothing else (protocol.md §12). */
class ApiTunnelFailuresTest {
    private static final InetAddress PEER = ApiTunnelTest.address("203.0.113.7");

    private static URI uri(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Test
    void a_web_server_that_is_not_listening_is_reported_as_not_reachable() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (ApiTunnel tunnel = new ApiTunnel(uri(port))) {
            HttpProxyResponse reply = forward(tunnel, request("POST", "/api/login", "{}"), PEER);

            assertThat(reply.getError()).isEqualTo("the API is not reachable");
            assertThat(reply.getStatus()).isZero();
        }
    }

    @Test
    void a_web_server_that_never_answers_times_out() throws IOException {
        // connections wait in the backlog, never accepted, never answered
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                ApiTunnel tunnel = new ApiTunnel(uri(silent.getLocalPort()), Duration.ofSeconds(1))) {
            HttpProxyResponse reply = forward(tunnel, request("GET", "/api/login-options", ""), PEER);

            assertThat(reply.getError()).isEqualTo("the API gave no answer within 1 s");
        }
    }

    @Test
    void requests_beyond_those_under_way_are_refused_at_once() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ApiTunnel tunnel = new ApiTunnel(uri(silent.getLocalPort()), Duration.ofSeconds(2))) {
            List<CompletableFuture<HttpProxyResponse>> waiting = new ArrayList<>();
            for (int i = 0; i < ApiTunnel.MAX_IN_FLIGHT; i++) {
                waiting.add(tunnel.forward(request("GET", "/api/login-options", ""), PEER));
            }

            HttpProxyResponse refused = forward(tunnel, request("GET", "/api/login-options", ""), PEER);

            assertThat(refused.getError()).isEqualTo("the API tunnel is busy; try again later");
            for (CompletableFuture<HttpProxyResponse> reply : waiting) {
                assertThat(reply.get(10, TimeUnit.SECONDS).getError()).isEqualTo("the API gave no answer within 2 s");
            }
            // the timed-out requests gave their places back
            assertThat(forward(tunnel, request("GET", "/api/login-options", ""), PEER).getError())
                    .isEqualTo("the API gave no answer within 2 s");
        }
    }

    @Test
    void an_answer_above_the_limit_is_an_error_not_a_truncated_body() throws IOException {
        HttpServer big = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        big.createContext("/api/", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: the size is not known in advance
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent <= ApiTunnel.MAX_BODY_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the tunnel stopped reading, as it should
            }
        });
        big.start();
        try (ApiTunnel tunnel = new ApiTunnel(uri(big.getAddress().getPort()))) {
            HttpProxyResponse reply = forward(tunnel, request("GET", "/api/ab", ""), PEER);

            assertThat(reply.getError()).isEqualTo("the API's answer is above the tunnel's limit of 8388608 bytes");
            assertThat(reply.getBody().isEmpty()).isTrue();
        } finally {
            big.stop(0);
        }
    }
}
