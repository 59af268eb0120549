package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.rdhub.protocol.BoxKeyPair;
import org.rdhub.protocol.KeyExchanges;
import org.rdhub.protocol.SecureChannelException;
import org.rdhub.protocol.wire.KeyExchange;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.TestNatRequest;

/** TCP port P: the server's KeyExchange first, then an encrypted or a plain connection (protocol.md §10.2), and §7. */
class SecureTcpTest extends OnRendezvousServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theHandshakeVerifiesWithThePublishedKeyAndEncryptsWhatFollows() {
        try (TcpClient client = new TcpClient(server.rendezvous().port())) {
            handshake(client);
            client.send(natTest());
            assertThat(client.receive().orElseThrow().getTestNatResponse().getPort()).isEqualTo(client.localPort());
        }
    }

    @Test
    void aClientConfiguredWithAnotherKeyRefusesTheServer() {
        byte[] wrongKey = new byte[32];
        RANDOM.nextBytes(wrongKey);
        try (TcpClient client = new TcpClient(server.rendezvous().port())) {
            KeyExchange hello = client.receive().orElseThrow().getKeyExchange();
            assertThatThrownBy(() -> KeyExchanges.verifyServerHello(hello, wrongKey))
                    .isInstanceOf(SecureChannelException.class)
                    .hasMessage("Signature mismatch in key exchange");
        }
    }

    @Test
    void aClientThatSkipsTheHandshakeStaysPlain() {
        try (TcpClient client = new TcpClient(server.rendezvous().port())) {
            assertThat(client.receive().orElseThrow().hasKeyExchange()).isTrue();
            client.send(natTest());
            assertThat(client.receive().orElseThrow().getTestNatResponse().getPort()).isEqualTo(client.localPort());
            client.awaitClose();
        }
    }

    @Test
    void aBrokenKeyExchangeOrASecondOneClosesTheConnection() {
        try (TcpClient client = new TcpClient(server.rendezvous().port())) {
            client.receive().orElseThrow();
            client.send(RendezvousMessage.newBuilder().setKeyExchange(KeyExchange.newBuilder()
                    .addKeys(ByteString.copyFrom(new byte[32]))
                    .addKeys(ByteString.copyFrom(new byte[48]))).build());
            client.awaitClose();
        }
        try (TcpClient client = new TcpClient(server.rendezvous().port())) {
            byte[] sessionKey = handshake(client);
            client.send(KeyExchanges.clientReply(BoxKeyPair.generate(RANDOM).publicKey(), BoxKeyPair.generate(RANDOM),
                    sessionKey));
            client.awaitClose();
        }
    }

    @Test
    void theNatTestSeesTheSamePortOnBothTcpPorts() {
        int localPort;
        int first;
        try (TcpClient client = new TcpClient(server.rendezvous().port())) {
            client.receive().orElseThrow(); // the KeyExchange, skipped as the client does
            client.send(natTest());
            first = client.receive().orElseThrow().getTestNatResponse().getPort();
            localPort = client.localPort();
        }
        try (TcpClient client = new TcpClient(server.rendezvous().port() - 1, localPort)) {
            client.send(natTest());
            assertThat(client.receive().orElseThrow().getTestNatResponse().getPort()).isEqualTo(first);
        }
    }

    /** The client's side of §10.2 with the key the console publishes; returns the session key. */
    static byte[] handshake(TcpClient client) {
        return client.handshake(Base64.getDecoder().decode(server.app().serverKey().publicKeyBase64()));
    }

    private static RendezvousMessage natTest() {
        return RendezvousMessage.newBuilder().setTestNatRequest(TestNatRequest.newBuilder().setSerial(0)).build();
    }
}
