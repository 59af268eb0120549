package org.rdhub.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdhub.rendezvous.UdpRegistrationTest.key;
import static org.rdhub.rendezvous.UdpRegistrationTest.newId;
import static org.rdhub.rendezvous.UdpRegistrationTest.uuid;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.rdhub.protocol.wire.RegisterPkResponse.Result;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.TestNatRequest;

/** Truncated, oversized and garbage packets, and floods from one address, are dropped without harming other peers. */
class BadPacketsTest extends OnRendezvousServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aFloodOfGarbageDatagramsLeavesRegistrationWorking() {
        String id = newId();
        try (UdpPeer honest = new UdpPeer(port()); UdpPeer flooder = new UdpPeer(port())) {
            assertThat(honest.registerPk(id, uuid(), key())).contains(Result.OK);
            for (int i = 0; i < 2000; i++) {
                byte[] garbage = new byte[1 + RANDOM.nextInt(i % 10 == 0 ? 4000 : 200)];
                RANDOM.nextBytes(garbage);
                flooder.sendRaw(garbage);
            }
            // a registration cut short: the envelope's tag and length promise more than follows
            flooder.sendRaw(new byte[] {0x32, 0x0b, 0x0a, 0x09, '1', '2'});
            flooder.timeout(300);
            assertThat(flooder.receive()).as("garbage is not answered").isEmpty();

            assertThat(honest.registerPeer(id)).isFalse();
            assertThat(TcpClient.online(port(), id)).isTrue();
        }
    }

    @Test
    void garbageOrAnOversizedFrameClosesOnlyThatConnection() {
        try (TcpClient bystander = new TcpClient(port()); TcpClient garbage = new TcpClient(port());
                TcpClient oversized = new TcpClient(port()); TcpClient truncated = new TcpClient(port())) {
            bystander.receive().orElseThrow();
            garbage.receive().orElseThrow();
            oversized.receive().orElseThrow();
            truncated.receive().orElseThrow();

            garbage.sendFrame(new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02});
            garbage.awaitClose();
            // a four-byte header announcing a 1 GiB payload is refused at the header (§2.1)
            oversized.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            oversized.awaitClose();
            truncated.sendRaw(new byte[] {0x28, 0x01}); // a frame of 10 bytes of which one came
            truncated.close();

            bystander.send(RendezvousMessage.newBuilder().setTestNatRequest(
                    TestNatRequest.newBuilder().setSerial(0)).build());
            assertThat(bystander.receive().orElseThrow().getTestNatResponse().getPort())
                    .isEqualTo(bystander.localPort());
        }
    }
}
