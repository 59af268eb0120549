package org.rdhub.rendezvous;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rdhub.protocol.BoxKeyPair;
import org.rdhub.protocol.FrameDecoder;
import org.rdhub.protocol.KeyExchanges;
import org.rdhub.protocol.SecureChannel;
import org.rdhub.protocol.ServerKey;
import org.rdhub.protocol.WebSocketFrames;
import org.rdhub.protocol.wire.RegisterPk;
import org.rdhub.protocol.wire.RegisterPkResponse;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection on TCP port P or on the WebSocket port P+2, one message per payload. On TCP the server speaks
 * first with its signed box key (protocol.md §10.2): a client that answers with its own {@code KeyExchange} gets an
 * encrypted connection, any other first message keeps it plain (older and logged-out clients, B's one-shot answers,
 * the NAT test). WebSocket connections stay plain (§14). A client that registers here stays connected and is reached
 * through this connection (§5.3); the server then sends heartbeats, which the client echoes.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<ByteBuf> implements PeerLink {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Well inside the client's 90 s silence limit and the 30 s idle limit of this connection (§5.3). */
    static final int HEARTBEAT_SECONDS = 20;
    /**
     * Frames on port P are small until a client has run the key exchange; then the API tunnel may carry an address
     * book of a few MB (§12), so the cap becomes the tunnel's body limit with room for the envelope.
     */
    static final int MAX_FRAME = 64 * 1024;
    static final int MAX_SECURE_FRAME = ApiTunnel.MAX_BODY_BYTES + 64 * 1024;

    private enum Stage { FIRST_MESSAGE, PLAIN, SECURE }

    private final RendezvousService service;
    private final SessionSetup sessions;
    private final ServerKey serverKey;
    private final ApiTunnel tunnel;
    /** Null on WebSocket, where no key exchange is offered. */
    private final SecureFrames secureFrames;
    private ChannelHandlerContext ctx;
    private BoxKeyPair box;
    private Stage stage = Stage.FIRST_MESSAGE;
    /** How B's answer reaches this connection when it is A's (§8.4). */
    private final Consumer<RendezvousMessage> answerA = this::send;
    /** The peer that registered on this connection, if one did. */
    private String registeredId;
    private ScheduledFuture<?> heartbeats;

    ConnectionHandler(RendezvousService service, SessionSetup sessions, ServerKey serverKey, ApiTunnel tunnel,
            SecureFrames secureFrames) {
        this.service = service;
        this.sessions = sessions;
        this.serverKey = serverKey;
        this.tunnel = tunnel;
        this.secureFrames = secureFrames;
    }

    /** What seals and opens this connection's frames once the key exchange is done; placed before this handler. */
    SecureFrames secureFrames() {
        return secureFrames;
    }

    private boolean onWebSocket() {
        return secureFrames == null;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        ctx = context;
        if (!onWebSocket()) {
            box = BoxKeyPair.generate(RANDOM); // fresh for each connection, as §10.2 advises
            send(KeyExchanges.serverHello(serverKey, box));
        } else {
            stage = Stage.PLAIN;
        }
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        sessions.cancel(remote(), answerA);
        if (registeredId != null) {
            heartbeats.cancel(false);
            service.connectionLost(registeredId, this);
        }
        context.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, ByteBuf payload) {
        if (!payload.isReadable()) {
            if (registeredId != null) {
                service.heartbeatEchoed(registeredId, this);
            }
            return;
        }
        RendezvousMessage message;
        try {
            message = RendezvousMessage.parseFrom(ByteBufUtil.getBytes(payload));
        } catch (InvalidProtocolBufferException e) {
            context.close();
            return;
        }
        boolean keyExchange = message.getUnionCase() == RendezvousMessage.UnionCase.KEY_EXCHANGE;
        if (stage == Stage.FIRST_MESSAGE && keyExchange) {
            secureFrames.secure(new SecureChannel(KeyExchanges.openClientReply(message.getKeyExchange(), box)));
            stage = Stage.SECURE;
            FrameDecoder frames = context.pipeline().get(FrameDecoder.class);
            if (frames != null) {
                frames.allow(MAX_SECURE_FRAME);
            }
            return;
        }
        if (keyExchange) {
            context.close(); // a second key exchange, or one on WebSocket, is a protocol error (§10.2)
            return;
        }
        if (stage == Stage.FIRST_MESSAGE) {
            stage = Stage.PLAIN;
        }
        handle(message);
    }

    private void handle(RendezvousMessage message) {
        InetSocketAddress remote = remote();
        switch (message.getUnionCase()) {
            // hbbs closes after the NAT test's answer (§7); WebSocket clients ask their online queries here (§14)
            case TEST_NAT_REQUEST, ONLINE_REQUEST -> sendThen(Answers.query(service, message, remote.getPort()))
                    .addListener(ChannelFutureListener.CLOSE);
            case PUNCH_HOLE_REQUEST -> introduce(sessions.punchHole(message.getPunchHoleRequest(), remote,
                    onWebSocket(), answerA));
            case REQUEST_RELAY -> introduce(sessions.relay(message.getRequestRelay(), remote, answerA));
            // B's one-shot answers (§8.3, §8.5, §9): passed on to A, then B's connection has served its purpose
            case PUNCH_HOLE_SENT -> {
                sessions.holeSent(message.getPunchHoleSent(), remote, false);
                ctx.close();
            }
            case LOCAL_ADDR -> {
                sessions.localAddr(message.getLocalAddr());
                ctx.close();
            }
            case RELAY_RESPONSE -> {
                sessions.relayResponse(message.getRelayResponse());
                ctx.close();
            }
            case REGISTER_PK -> registerPk(message.getRegisterPk(), remote);
            // the client's fallback when HTTP to the API fails: one request, its answer on this connection (§12)
            case HTTP_PROXY_REQUEST -> tunnel.forward(message.getHttpProxyRequest(), remote.getAddress())
                    .thenAccept(response -> send(RendezvousMessage.newBuilder().setHttpProxyResponse(response)
                            .build()));
            default -> LOG.debug("ignored {} from {}", message.getUnionCase(), remote);
        }
    }

    private void introduce(SessionSetup.Outcome outcome) {
        switch (outcome) {
            case SessionSetup.Refused refused -> send(refused.toA());
            case SessionSetup.Forward forward -> forward.toB().send(forward.message());
        }
    }

    /** A registration that keeps this connection (§5.3), or an ID change, which is one question and its answer (§5.6). */
    private void registerPk(RegisterPk request, InetSocketAddress remote) {
        if (!request.getOldId().isEmpty()) {
            send(registerPkResponse(service.changeId(request.getOldId(), request.getId(),
                    request.getUuid().toByteArray(), remote)));
            return;
        }
        if (registeredId != null && !registeredId.equals(request.getId())) {
            ctx.close(); // one peer per connection
            return;
        }
        service.registerPk(request.getId(), request.getUuid().toByteArray(), request.getPk().toByteArray(), remote,
                this).ifPresent(result -> {
                    send(registerPkResponse(result));
                    if (result == RegisterPkResponse.Result.OK && registeredId == null) {
                        registeredId = request.getId();
                        heartbeats = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(Unpooled.EMPTY_BUFFER),
                                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                    }
                });
    }

    private static RendezvousMessage registerPkResponse(RegisterPkResponse.Result result) {
        return RendezvousMessage.newBuilder().setRegisterPkResponse(RegisterPkResponse.newBuilder().setResult(result)
                .setKeepAlive(ConnectionHandler.HEARTBEAT_SECONDS * 3)).build();
    }

    /** As B's link: a message from another connection's thread is written in order on this connection's. */
    @Override
    public void send(RendezvousMessage message) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(message.toByteArray()));
    }

    private ChannelFuture sendThen(RendezvousMessage message) {
        return ctx.writeAndFlush(Unpooled.wrappedBuffer(message.toByteArray()));
    }

    private InetSocketAddress remote() {
        return WebSocketFrames.clientAddress(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("connection from {} closed: {}", context.channel().remoteAddress(), cause.toString());
        context.close();
    }
}
