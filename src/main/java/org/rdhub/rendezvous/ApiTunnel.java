package org.rdhub.rendezvous;

import com.google.protobuf.UnsafeByteOperations;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.rdhub.http.TunnelledPeer;
import org.rdhub.protocol.wire.HeaderEntry;
import org.rdhub.protocol.wire.HttpProxyRequest;
import org.rdhub.protocol.wire.HttpProxyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tunnel (protocol.md §12) without sockets of its own: a client's {@code HttpProxyRequest} becomes a
 * request to this process's web server, its answer an {@code HttpProxyResponse}.
 *
 * <p>The request goes to the web server over loopback rather than into Javalin in-process: Javalin handlers need a
 * whole servlet request and response (streamed CSV exports, Jetty's body limit and parsing), and over loopback every
 * before-handler, limit, error mapping and the access log apply exactly as on port 21114, with nothing of Jetty
 * re-implemented. The peer's IP travels in {@link TunnelledPeer}'s header, which only this process can set.
 */
public final class ApiTunnel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiTunnel.class);

    /** Request and response bodies above this are refused; address books run to a few MB. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** Requests passed on at once; each may hold a request and an answer of up to {@link #MAX_BODY_BYTES}. */
    static final int MAX_IN_FLIGHT = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    /** Headers about one connection (RFC 9110 §7.6.1): never passed on, in either direction. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade");
    /** Request headers the tunnel sets itself, or that would claim another client address or host. */
    private static final Set<String> SPOOFABLE = Set.of("host", "content-length", "expect", "forwarded", "via",
            "x-real-ip", "true-client-ip", "http2-settings");
    private static final List<String> SPOOFABLE_PREFIXES = List.of("x-forwarded-", "proxy-", "x-rdhub-");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Characters java.net.URI takes as they are; other printable ones (the client's URL parser leaves {@code |}
     * or {@code {}} unescaped in a query) are percent-escaped, which the web server decodes to the same text. */
    private static final Pattern URI_CHAR = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]");

    private final URI api;
    private final Duration timeout;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** @param api where this process's web server answers, {@code WebServer.localUri()} */
    public ApiTunnel(URI api) {
        this(api, TIMEOUT);
    }

    ApiTunnel(URI api, Duration timeout) {
        this.api = api;
        this.timeout = timeout;
    }

    /**
     * Passes {@code request} to the API as if {@code peer} had sent it to port 21114. Completes (never
     * exceptionally) with the API's status, headers and body, or with {@code error} alone when the request is not
     * one the tunnel passes on or the API gave no usable answer.
     */
    public CompletableFuture<HttpProxyResponse> forward(HttpProxyRequest request, InetAddress peer) {
        HttpRequest http;
        try {
            http = toHttp(request, peer);
        } catch (Refused refused) {
            LOG.debug("[{}] API tunnel refused: {}", peer.getHostAddress(), refused.getMessage());
            return CompletableFuture.completedFuture(error(refused.getMessage()));
        }
        if (!inFlight.tryAcquire()) {
            LOG.warn("[{}] API tunnel busy: {} requests under way", peer.getHostAddress(), MAX_IN_FLIGHT);
            return CompletableFuture.completedFuture(error("the API tunnel is busy; try again later"));
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(http, info -> new CappedBody());
        return exchange.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((response, failure) -> {
            inFlight.release();
            if (failure == null) {
                return toProxyResponse(response);
            }
            exchange.cancel(true);
            String error = describe(failure);
            LOG.warn("[{}] API tunnel: {} {}: {}", peer.getHostAddress(), http.method(), http.uri().getPath(), error);
            return error(error);
        });
    }

    private HttpRequest toHttp(HttpProxyRequest request, InetAddress peer) throws Refused {
        String method = request.getMethod();
        if (!METHODS.contains(method)) {
            throw new Refused("method '" + printable(method) + "' is not tunnelled; use one of " + METHODS);
        }
        if (request.getBody().size() > MAX_BODY_BYTES) {
            throw new Refused("the request body of " + request.getBody().size() + " bytes is above the tunnel's "
                    + "limit of " + MAX_BODY_BYTES + " bytes");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(target(request.getPath()))
                .method(method, request.getBody().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.getBody().toByteArray()));
        for (HeaderEntry header : request.getHeadersList()) {
            String name = header.getName();
            if (!TOKEN.matcher(name).matches()) {
                throw new Refused("header name '" + printable(name) + "' is not valid");
            }
            if (header.getValue().chars().anyMatch(c -> c != '\t' && (c < ' ' || c == 0x7f))) {
                throw new Refused("header " + name + " holds a line break or control character");
            }
            if (passed(name)) {
                try {
                    builder.header(name, header.getValue());
                } catch (IllegalArgumentException e) {
                    // what the HTTP client refuses beyond the checks above, e.g. characters above U+00FF
                    throw new Refused("header " + name + " is not valid: " + e.getMessage());
                }
            }
        }
        return builder.setHeader(TunnelledPeer.HEADER, TunnelledPeer.headerValue(peer)).build();
    }

    /** The web server's URI for {@code path} (path and query), which must stay inside {@code /api/}. */
    private URI target(String path) throws Refused {
        if (!path.startsWith("/api/")) {
            throw new Refused("only paths under /api/ are tunnelled, not '" + printable(path) + "'");
        }
        StringBuilder escaped = new StringBuilder(path.length());
        for (char c : path.toCharArray()) {
            if (c <= ' ' || c >= 0x7f || c == '\\') {
                throw new Refused("the path holds a space, line break, backslash, control or non-ASCII character");
            }
            escaped.append(URI_CHAR.matcher(String.valueOf(c)).matches() ? String.valueOf(c)
                    : String.format("%%%02X", (int) c));
        }
        URI uri;
        try {
            uri = new URI(api + escaped.toString());
        } catch (URISyntaxException e) {
            throw new Refused("the path is not a valid URI: " + e.getReason());
        }
        // ".." (also escaped, or as "..;param") would take the request out of /api/ once the server normalises it
        for (String segment : uri.getPath().split("/")) {
            String name = segment.split(";", 2)[0];
            if (name.equals(".") || name.equals("..")) {
                throw new Refused("the path may not hold '.' or '..' segments");
            }
        }
        return uri;
    }

    private static boolean passed(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(name) && !SPOOFABLE.contains(name)
                && SPOOFABLE_PREFIXES.stream().noneMatch(name::startsWith);
    }

    /** Status, headers (as the server named them) and body as they are; only the connection's own headers go. */
    private static HttpProxyResponse toProxyResponse(HttpResponse<byte[]> response) {
        HttpProxyResponse.Builder reply = HttpProxyResponse.newBuilder()
                .setStatus(response.statusCode())
                .setBody(UnsafeByteOperations.unsafeWrap(response.body()));
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> reply.addHeaders(HeaderEntry.newBuilder().setName(name).setValue(value)));
            }
        });
        return reply.build();
    }

    private String describe(Throwable failure) {
        // the HTTP client wraps what failed, in CompletionException or IOException, depending on the stage
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case TimeoutException e -> {
                    return "the API gave no answer within " + timeout.toSeconds() + " s";
                }
                case TooLarge e -> {
                    return "the API's answer is above the tunnel's limit of " + MAX_BODY_BYTES + " bytes";
                }
                case ConnectException e -> {
                    return "the API is not reachable";
                }
                default -> {
                }
            }
        }
        return "the API request failed: " + failure;
    }

    private static HttpProxyResponse error(String text) {
        return HttpProxyResponse.newBuilder().setError(text).build();
    }

    /** {@code text} for an error message: control characters shown as '?', cut at 100 characters. */
    private static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    /** A request the tunnel does not pass on; the message is the client's error text. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Collects the answer's body, and gives up (stopping the download) once it passes {@link #MAX_BODY_BYTES}. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private Flow.Subscription subscription;
        private long received;
        private boolean done;

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bytes.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (done) {
                return;
            }
            received += buffers.stream().mapToLong(ByteBuffer::remaining).sum();
            if (received > MAX_BODY_BYTES) {
                done = true;
                subscription.cancel();
                bytes.onError(new TooLarge());
            } else {
                bytes.onNext(buffers);
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (!done) {
                done = true;
                bytes.onError(failure);
            }
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                bytes.onComplete();
            }
        }
    }
}
