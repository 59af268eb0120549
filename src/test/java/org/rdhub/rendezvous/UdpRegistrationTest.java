package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.devices.Device;
import org.rdhub.protocol.wire.RegisterPkResponse.Result;

/** Registration over UDP (protocol.md §5.1), played by clients that know only the wire format. */
class UdpRegistrationTest extends OnRendezvousServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aNewPeerIsAskedForItsKeyThenRegistersAndCountsOnline() {
        try (UdpPeer peer = peer()) {
            String id = newId();
            byte[] uuid = uuid();
            byte[] pk = key();
            assertThat(peer.registerPeer(id)).isTrue();
            assertThat(peer.registerPk(id, uuid, pk)).contains(Result.OK);
            assertThat(peer.registerPeer(id)).isFalse();

            Device device = server.app().devices().registered(id).orElseThrow();
            assertThat(device.uuid()).isEqualTo(Base64.getEncoder().encodeToString(uuid));
            assertThat(device.publicKey()).isEqualTo(Base64.getEncoder().encodeToString(pk));
            assertThat(server.app().devices().isOnline(id)).isTrue();

            // the same machine again with the same key: still fine, nothing else to store
            assertThat(peer.registerPk(id, uuid, pk)).contains(Result.OK);
        }
    }

    @Test
    void anotherMachineClaimingARegisteredIdIsToldUuidMismatch() {
        try (UdpPeer first = peer(); UdpPeer second = peer()) {
            String id = newId();
            assertThat(first.registerPk(id, uuid(), key())).contains(Result.OK);
            assertThat(second.registerPk(id, uuid(), key())).contains(Result.UUID_MISMATCH);
        }
    }

    @Test
    void idsOutsideTheRulesAreRefused() {
        try (UdpPeer peer = peer()) {
            assertThat(peer.registerPk("12345", uuid(), key())).contains(Result.UUID_MISMATCH);
            assertThat(peer.registerPk("bad id!", uuid(), key())).contains(Result.INVALID_ID_FORMAT);
            assertThat(peer.registerPk(newId(), uuid(), new byte[5])).contains(Result.INVALID_ID_FORMAT);
            peer.timeout(300);
            assertThat(peer.registerPk(newId(), uuid(), new byte[0])).isEmpty();
            assertThat(peer.registerPk(newId(), new byte[0], key())).isEmpty();
        }
    }

    @Test
    void aDisabledDeviceIsRefusedAndAskedForItsKeyAgain() {
        try (UdpPeer peer = peer()) {
            String id = newId();
            byte[] uuid = uuid();
            byte[] pk = key();
            assertThat(peer.registerPk(id, uuid, pk)).contains(Result.OK);
            Device device = server.app().devices().registered(id).orElseThrow();
            server.app().devices().setEnabled(new Caller.CommandLine(), List.of(device.guid()), false);

            assertThat(peer.registerPeer(id)).isTrue();
            assertThat(peer.registerPk(id, uuid, pk)).contains(Result.NOT_DEPLOYED);
            assertThat(peer.registerPeer(id)).isTrue();
        }
    }

    @Test
    void keyRegistrationsOfOnePeerAreLimited() {
        try (UdpPeer peer = peer()) {
            String id = newId();
            byte[] uuid = uuid();
            byte[] pk = key();
            Optional<Result> last = Optional.empty();
            for (int i = 0; i < 6 && !last.equals(Optional.of(Result.TOO_FREQUENT)); i++) {
                last = peer.registerPk(id, uuid, pk);
            }
            assertThat(last).contains(Result.TOO_FREQUENT);
            server.clock().advance(Duration.ofSeconds(7));
            assertThat(peer.registerPk(id, uuid, pk)).contains(Result.OK);
        }
    }

    @Test
    void oneAddressMayNotRegisterKeysInBulk() {
        try (UdpPeer peer = peer()) {
            Optional<Result> last = Optional.empty();
            for (int i = 0; i < 40 && !last.equals(Optional.of(Result.TOO_FREQUENT)); i++) {
                last = peer.registerPk(newId(), uuid(), key());
            }
            assertThat(last).contains(Result.TOO_FREQUENT);
        }
    }

    @Test
    void badDatagramsAreDroppedWithoutHarmingOtherPeers() {
        try (UdpPeer attacker = peer(); UdpPeer peer = peer()) {
            attacker.sendRaw("not a protobuf at all".getBytes(StandardCharsets.UTF_8));
            attacker.sendRaw(new byte[] {0x32, 0x7f, 0x0a});
            attacker.sendRaw(new byte[60_000]);
            for (int i = 0; i < 2000; i++) {
                attacker.sendRaw(new byte[] {(byte) 0xff, (byte) i});
            }
            // a flood may overflow the socket's buffer, so like the client (§5.1 step 2) the peer asks again
            String id = newId();
            byte[] uuid = uuid();
            byte[] pk = key();
            peer.timeout(1000);
            Optional<Result> result = Optional.empty();
            for (int i = 0; i < 3 && result.isEmpty(); i++) {
                result = peer.registerPk(id, uuid, pk);
            }
            assertThat(result).contains(Result.OK);
            assertThat(peer.registerPeer(id)).isFalse();
            attacker.timeout(300);
            assertThat(attacker.receive()).isEmpty();
        }
    }

    private static UdpPeer peer() {
        return new UdpPeer(server.rendezvous().port());
    }

    static String newId() {
        return Integer.toString(1_000_000_000 + RANDOM.nextInt(999_999_999));
    }

    static byte[] uuid() {
        byte[] uuid = new byte[16];
        RANDOM.nextBytes(uuid);
        return uuid;
    }

    static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
