package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.rendezvous.UdpRegistrationTest.key;
import static org.rdhub.rendezvous.UdpRegistrationTest.newId;
import static org.rdhub.rendezvous.UdpRegistrationTest.uuid;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.rdhub.protocol.wire.NatType;
import org.rdhub.protocol.wire.PunchHoleRequest;
import org.rdhub.protocol.wire.RegisterPk;
import org.rdhub.protocol.wire.RegisterPkResponse;
import org.rdhub.protocol.wire.RegisterPkResponse.Result;
import org.rdhub.protocol.wire.RendezvousMessage;

/**
 * A client in TCP mode (protocol.md §5.3) registers on a secure connection and is reached through it; an ID change
 * (§5.6) is one RegisterPk with {@code old_id} on a plain connection.
 */
class TcpRegistrationTest extends OnRendezvousServer {
    @Test
    void aPeerRegisteredOverTcpIsOnlineAndHearsOfPunchRequestsOnItsConnection() {
        String bId = newId();
        try (TcpClient b = secureClient()) {
            RegisterPkResponse registered = registerPk(b, bId, uuid(), key());
            assertThat(registered.getResult()).isEqualTo(Result.OK);
            assertThat(registered.getKeepAlive()).isEqualTo(ConnectionHandler.HEARTBEAT_SECONDS * 3);
            assertThat(online(bId)).isTrue();

            try (TcpClient a = new TcpClient(port())) {
                a.receive().orElseThrow(); // the KeyExchange, skipped by a logged-out client
                a.send(RendezvousMessage.newBuilder().setPunchHoleRequest(PunchHoleRequest.newBuilder().setId(bId)
                        .setLicenceKey(serverKey()).setNatType(NatType.SYMMETRIC)).build());
                // A and B share 127.0.0.1, so B is asked for its local address, over its own (encrypted) connection
                assertThat(b.receive().orElseThrow().getUnionCase())
                        .isEqualTo(RendezvousMessage.UnionCase.FETCH_LOCAL_ADDR);
            }
        }
    }

    @Test
    void echoedHeartbeatsKeepAPeerOnlineAndClosingItsConnectionTakesItOffline() throws InterruptedException {
        String bId = newId();
        try (TcpClient b = secureClient()) {
            assertThat(registerPk(b, bId, uuid(), key()).getResult()).isEqualTo(Result.OK);
            server.clock().advance(Duration.ofSeconds(25));
            b.sendRaw(new byte[] {0}); // an empty frame: the echo of a heartbeat (§5.4)
            server.clock().advance(Duration.ofSeconds(25));
            await(() -> online(bId));
        }
        await(() -> !online(bId));
    }

    @Test
    void aRegisteredMachineChangesItsIdAndKeepsItsRecord() {
        String oldId = newId();
        String newId = newId();
        byte[] uuid = uuid();
        try (TcpClient b = secureClient()) {
            assertThat(registerPk(b, oldId, uuid, key()).getResult()).isEqualTo(Result.OK);
        }
        long deviceId = server.app().devices().registered(oldId).orElseThrow().id();

        assertThat(changeId(oldId, newId, uuid)).isEqualTo(Result.OK);

        assertThat(server.app().devices().registered(newId).orElseThrow().id()).isEqualTo(deviceId);
        assertThat(server.app().devices().registered(oldId)).isEmpty();
    }

    @Test
    void anIdChangeIsRefusedForAnotherMachineATakenIdOrABadOne() {
        String oldId = newId();
        String taken = newId();
        byte[] uuid = uuid();
        try (TcpClient b = secureClient(); TcpClient other = secureClient()) {
            assertThat(registerPk(b, oldId, uuid, key()).getResult()).isEqualTo(Result.OK);
            assertThat(registerPk(other, taken, uuid(), key()).getResult()).isEqualTo(Result.OK);
        }
        assertThat(changeId(oldId, newId(), uuid())).isEqualTo(Result.UUID_MISMATCH);
        assertThat(changeId(newId(), newId(), uuid)).isEqualTo(Result.UUID_MISMATCH);
        assertThat(changeId(oldId, taken, uuid)).isEqualTo(Result.ID_EXISTS);
        assertThat(changeId(oldId, "no spaces", uuid)).isEqualTo(Result.INVALID_ID_FORMAT);
        assertThat(server.app().devices().registered(oldId)).isPresent();
    }

    /** What the client's ID change does (§5.6): plain TCP, RegisterPk without a key, the next non-KeyExchange answer. */
    private static Result changeId(String oldId, String newId, byte[] uuid) {
        try (TcpClient client = new TcpClient(port())) {
            client.receive().orElseThrow();
            client.send(RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setOldId(oldId)
                    .setId(newId).setUuid(ByteString.copyFrom(uuid))).build());
            return client.receive().orElseThrow().getRegisterPkResponse().getResult();
        }
    }

    private static RegisterPkResponse registerPk(TcpClient client, String id, byte[] uuid, byte[] pk) {
        client.send(RendezvousMessage.newBuilder().setRegisterPk(RegisterPk.newBuilder().setId(id)
                .setUuid(ByteString.copyFrom(uuid)).setPk(ByteString.copyFrom(pk))).build());
        return client.receive().orElseThrow().getRegisterPkResponse();
    }

    private static TcpClient secureClient() {
        TcpClient client = new TcpClient(port());
        client.handshake(Base64.getDecoder().decode(serverKey()));
        return client;
    }

    private static boolean online(String id) {
        return TcpClient.online(port(), id);
    }

}
