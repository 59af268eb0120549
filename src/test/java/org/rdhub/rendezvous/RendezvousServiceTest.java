package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.rendezvous.UdpRegistrationTest.key;
import static org.rdhub.rendezvous.UdpRegistrationTest.newId;
import static org.rdhub.rendezvous.UdpRegistrationTest.uuid;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rdhub.protocol.wire.RegisterPkResponse.Result;

/** The registration rules without sockets: addresses are only values here. */
class RendezvousServiceTest extends OnRendezvousServer {
    private static final InetSocketAddress HOME = new InetSocketAddress("203.0.113.7", 40000);
    private static final InetSocketAddress ELSEWHERE = new InetSocketAddress("198.51.100.9", 40000);
    /** Nothing is sent to peers in these tests. */
    private static final PeerLink NOWHERE = message -> { };

    @Test
    void aPeerThatMovedToAnotherAddressIsAskedForItsKeyAgain() {
        RendezvousService service = new RendezvousService(server.app().devices(), server.clock());
        String id = newId();
        assertThat(service.registerPk(id, uuid(), key(), HOME, NOWHERE)).contains(Result.OK);
        assertThat(service.registerPeer(id, HOME, NOWHERE)).isFalse();
        assertThat(service.registerPeer(id, ELSEWHERE, NOWHERE)).isTrue();
    }

    @Test
    void theSameMachineIdWithAnotherKeyFromElsewhereIsNotTheRegisteredMachine() {
        RendezvousService service = new RendezvousService(server.app().devices(), server.clock());
        String id = newId();
        byte[] uuid = uuid();
        assertThat(service.registerPk(id, uuid, key(), HOME, NOWHERE)).contains(Result.OK);
        assertThat(service.registerPk(id, uuid, key(), ELSEWHERE, NOWHERE)).contains(Result.UUID_MISMATCH);
    }

    @Test
    void theOnlineBitmapOfTheSpecificationsExample() {
        RendezvousService service = new RendezvousService(server.app().devices(), server.clock());
        String a = newId();
        String c = newId();
        assertThat(service.registerPk(a, uuid(), key(), HOME, NOWHERE)).contains(Result.OK);
        assertThat(service.registerPk(c, uuid(), key(), ELSEWHERE, NOWHERE)).contains(Result.OK);
        assertThat(service.onlineStates(List.of(a, newId(), c))).containsExactly(0xa0);
        server.clock().advance(Duration.ofSeconds(30));
        assertThat(service.onlineStates(List.of(a, newId(), c))).containsExactly(0x00);
    }
}
