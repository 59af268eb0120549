package org.rdhub.rendezvous;

import com.google.protobuf.ByteString;
import org.rdhub.protocol.wire.OnlineResponse;
import org.rdhub.protocol.wire.RendezvousMessage;
import org.rdhub.protocol.wire.TestNatResponse;

/** The answers to the stateless questions both TCP ports take: the online query (§6) and the NAT test (§7). */
final class Answers {
    private Answers() {
    }

    /** The answer to {@code question}, or null when it is not one of these questions. */
    static RendezvousMessage query(RendezvousService service, RendezvousMessage question, int sourcePort) {
        return switch (question.getUnionCase()) {
            case ONLINE_REQUEST -> RendezvousMessage.newBuilder().setOnlineResponse(OnlineResponse.newBuilder()
                    .setStates(ByteString.copyFrom(service.onlineStates(question.getOnlineRequest().getPeersList()))))
                    .build();
            case TEST_NAT_REQUEST -> RendezvousMessage.newBuilder()
                    .setTestNatResponse(TestNatResponse.newBuilder().setPort(sourcePort)).build();
            default -> null;
        };
    }
}
