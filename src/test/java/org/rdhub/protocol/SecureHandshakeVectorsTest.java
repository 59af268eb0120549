package org.rdhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.rdhub.protocol.wire.IdPk;
import org.rdhub.protocol.wire.KeyExchange;
import org.rdhub.protocol.wire.NatType;
import org.rdhub.protocol.wire.PunchHoleRequest;
import org.rdhub.protocol.wire.PunchHoleResponse;
import org.rdhub.protocol.wire.RendezvousMessage;

/** The test vectors of protocol.md §10.7, byte for byte, and the refusals next to them. */
class SecureHandshakeVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY_STRING = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
    private static final String ID_ED25519 =
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8DoQe/884Qvh1w3RjnS8CZZ+TWMJulDV8d3IZkElUxuA==";
    private static final ServerKey SERVER_KEY = ServerKey.parse(ID_ED25519, Path.of("id_ed25519"));
    private static final byte[] SERVER_PUBLIC = Base64.getDecoder().decode(KEY_STRING);
    private static final BoxKeyPair SERVER_BOX = BoxKeyPair.fromSecret(range(0x20));
    private static final BoxKeyPair CLIENT_BOX = BoxKeyPair.fromSecret(range(0x40));
    private static final byte[] SESSION_KEY = range(0x60);
    private static final byte[] DEVICE_SEED = range(0x80);

    private static final String VECTOR_1 = "9501ca01620a60"
            + "b18c5604f6c21cfc0e31d314ab1aa22ce12b6570bb064a227f0a51c896a03d0f"
            + "db400d20df91aab87186fdb400e46e84d8d644bc32f17387ff1caf3e91052a0e"
            + "358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254";
    private static final String VECTOR_2 = "5d01ca01540a20"
            + "79a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a"
            + "0a30"
            + "d307c4b77425aa24a81058f5f6fe5d29a7f06299446adacc4ecd32c36979fe0c"
            + "41a417eb34c1760e9150b58c7defe5c8";
    private static final String VECTOR_3_PLAIN = "42470a0931323334353637383910011a2c41364548762f504f454c3464634e30"
            + "59353076416d57666b316a436270513166486479475a424a564d62673d2a0374"
            + "6f6b3205312e342e39";
    private static final String VECTOR_3 = "65010e00b8299fa39b2d786429eb50afff4fe430e5473b70bee579e84c84549e"
            + "8189f31742eb605ca3029bb4eee1416b1b66793b1d9e91a411437eee6dd1bb53"
            + "eea4fd1845ab55a9661b310eaf001275041644fb5d2425bb2d6196";
    private static final String VECTOR_4 = "50f4f0f36f8c26b3ab27ef2af4cbf3eff8fc75f74c";
    private static final String VECTOR_5 = "50a70cfd01089a86a1970ec3c417331c5cfa76a3cd";
    private static final String VECTOR_6 = "83e3f7acda988bd47fb353f106afd323e9efda61ae94151c2cb4a9a4a061bffd"
            + "402542e5819301754abd3ab74a9f245b0b308054ac64eaddcbe8f8c73e764303"
            + "0a093132333435363738391220"
            + "cd14b37f956e953194ff7fb73b3d81dcc561d61a7538094b7c3e1a643ee5f3aa";

    /** 32 bytes counting up from {@code first}. */
    private static byte[] range(int first) {
        byte[] out = new byte[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (first + i);
        }
        return out;
    }

    private static String frame(RendezvousMessage message) {
        return HEX.formatHex(FrameCodec.encode(message.toByteArray()));
    }

    private static byte[] payload(String frameHex) {
        return FrameCodec.decode(ByteBuffer.wrap(HEX.parseHex(frameHex)), 1024).orElseThrow();
    }

    @Test
    void the_inputs_give_the_documented_keys() {
        assertThat(HEX.formatHex(SERVER_PUBLIC))
                .isEqualTo("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
        assertThat(SERVER_KEY.publicKeyBase64()).isEqualTo(KEY_STRING);
        assertThat(HEX.formatHex(SERVER_BOX.publicKey()))
                .isEqualTo("358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254");
        assertThat(HEX.formatHex(CLIENT_BOX.publicKey()))
                .isEqualTo("79a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a");
        String shared = "fe65e85cfc1193f2ee4d48b49e6847e50276e5faf0968d8a0e189223271204b0";
        assertThat(HEX.formatHex(CryptoBox.sharedKey(CLIENT_BOX.publicKey(), SERVER_BOX.secretKey())))
                .isEqualTo(shared);
        assertThat(HEX.formatHex(CryptoBox.sharedKey(SERVER_BOX.publicKey(), CLIENT_BOX.secretKey())))
                .isEqualTo(shared);
    }

    @Test
    void vector_1_the_servers_key_exchange_and_the_client_verifies_it() {
        RendezvousMessage hello = KeyExchanges.serverHello(SERVER_KEY, SERVER_BOX);

        assertThat(frame(hello)).isEqualTo(VECTOR_1);
        assertThat(KeyExchanges.verifyServerHello(hello.getKeyExchange(), SERVER_PUBLIC))
                .isEqualTo(SERVER_BOX.publicKey());
    }

    @Test
    void vector_2_the_clients_reply_from_which_the_server_recovers_the_session_key() throws Exception {
        RendezvousMessage reply = KeyExchanges.clientReply(SERVER_BOX.publicKey(), CLIENT_BOX, SESSION_KEY);

        assertThat(frame(reply)).isEqualTo(VECTOR_2);
        RendezvousMessage received = RendezvousMessage.parseFrom(payload(VECTOR_2));
        assertThat(KeyExchanges.openClientReply(received.getKeyExchange(), SERVER_BOX)).isEqualTo(SESSION_KEY);
    }

    @Test
    void vectors_3_to_5_the_first_encrypted_messages_each_way() throws Exception {
        SecureChannel client = new SecureChannel(SESSION_KEY);
        SecureChannel server = new SecureChannel(SESSION_KEY);
        RendezvousMessage request = RendezvousMessage.newBuilder()
                .setPunchHoleRequest(PunchHoleRequest.newBuilder()
                        .setId("123456789").setNatType(NatType.ASYMMETRIC).setLicenceKey(KEY_STRING)
                        .setToken("tok").setVersion("1.4.9"))
                .build();
        assertThat(HEX.formatHex(request.toByteArray())).isEqualTo(VECTOR_3_PLAIN);

        assertThat(HEX.formatHex(FrameCodec.encode(client.seal(request.toByteArray())))).isEqualTo(VECTOR_3);
        assertThat(RendezvousMessage.parseFrom(server.open(payload(VECTOR_3)))).isEqualTo(request);

        RendezvousMessage offline = RendezvousMessage.newBuilder()
                .setPunchHoleResponse(PunchHoleResponse.newBuilder().setFailure(PunchHoleResponse.Failure.OFFLINE))
                .build();
        assertThat(HEX.formatHex(offline.toByteArray())).isEqualTo("5a021802");
        assertThat(HEX.formatHex(FrameCodec.encode(server.seal(offline.toByteArray())))).isEqualTo(VECTOR_4);
        assertThat(HEX.formatHex(FrameCodec.encode(server.seal(offline.toByteArray())))).isEqualTo(VECTOR_5);
        assertThat(client.open(payload(VECTOR_4))).isEqualTo(offline.toByteArray());
        assertThat(client.open(new byte[0])).as("a heartbeat between the two").isEmpty();
        assertThat(client.open(payload(VECTOR_5))).isEqualTo(offline.toByteArray());
    }

    @Test
    void the_nonce_for_counter_1_is_01_then_23_zero_bytes() {
        assertThat(HEX.formatHex(SecureChannel.nonce(1))).isEqualTo("01" + "00".repeat(23));
        assertThat(HEX.formatHex(SecureChannel.nonce(0x0102))).isEqualTo("0201" + "00".repeat(22));
    }

    @Test
    void vector_6_the_server_signed_key_of_a_device() {
        byte[] deviceKey = ed25519PublicKey(DEVICE_SEED);
        assertThat(HEX.formatHex(deviceKey))
                .isEqualTo("cd14b37f956e953194ff7fb73b3d81dcc561d61a7538094b7c3e1a643ee5f3aa");

        byte[] signed = SignedIdPk.sign(SERVER_KEY, "123456789", deviceKey);

        assertThat(HEX.formatHex(signed)).isEqualTo(VECTOR_6);
        assertThat(SignedIdPk.verify(signed, SERVER_PUBLIC)).contains(
                IdPk.newBuilder().setId("123456789").setPk(ByteString.copyFrom(deviceKey)).build());
        assertThat(SignedIdPk.verify(signed, deviceKey)).isEmpty();
    }

    @Test
    void a_key_exchange_signed_by_another_server_key_is_refused_by_the_client() {
        ServerKey other = ServerKey.parse(idEd25519Of(DEVICE_SEED), Path.of("other"));
        RendezvousMessage hello = KeyExchanges.serverHello(other, SERVER_BOX);

        assertThatThrownBy(() -> KeyExchanges.verifyServerHello(hello.getKeyExchange(), SERVER_PUBLIC))
                .isInstanceOf(SecureChannelException.class).hasMessage("Signature mismatch in key exchange");
        KeyExchange twoKeys = hello.getKeyExchange().toBuilder().addKeys(ByteString.EMPTY).build();
        assertThatThrownBy(() -> KeyExchanges.verifyServerHello(twoKeys, SERVER_PUBLIC))
                .hasMessage("Handshake failed: invalid key exchange message");
    }

    @Test
    void a_client_reply_that_does_not_hold_together_is_refused_by_the_server() {
        KeyExchange good = KeyExchanges.clientReply(SERVER_BOX.publicKey(), CLIENT_BOX, SESSION_KEY).getKeyExchange();

        KeyExchange oneKey = KeyExchange.newBuilder().addKeys(good.getKeys(0)).build();
        assertThatThrownBy(() -> KeyExchanges.openClientReply(oneKey, SERVER_BOX))
                .isInstanceOf(SecureChannelException.class)
                .hasMessage("Handshake failed: invalid key exchange message");

        KeyExchange shortKey = good.toBuilder().setKeys(0, good.getKeys(0).substring(1)).build();
        assertThatThrownBy(() -> KeyExchanges.openClientReply(shortKey, SERVER_BOX))
                .hasMessage("Handshake failed: pk length 31");

        byte[] sealed = good.getKeys(1).toByteArray();
        sealed[20] ^= 1;
        KeyExchange tampered = good.toBuilder().setKeys(1, ByteString.copyFrom(sealed)).build();
        assertThatThrownBy(() -> KeyExchanges.openClientReply(tampered, SERVER_BOX))
                .hasMessage("Handshake failed: box decryption failure");

        KeyExchange shortSecret = KeyExchanges.clientReply(SERVER_BOX.publicKey(), CLIENT_BOX, new byte[31])
                .getKeyExchange();
        assertThatThrownBy(() -> KeyExchanges.openClientReply(shortSecret, SERVER_BOX))
                .hasMessage("Handshake failed: invalid secret key length from peer");
    }

    private static String idEd25519Of(byte[] seed) {
        byte[] secret = Arrays.copyOf(seed, 64);
        System.arraycopy(ed25519PublicKey(seed), 0, secret, 32, 32);
        return Base64.getEncoder().encodeToString(secret);
    }

    /** A device's Ed25519 public key from its seed, as the client derives its own. */
    private static byte[] ed25519PublicKey(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }
}
