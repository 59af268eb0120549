package org.rdhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String header(int payloadLength) {
        byte[] frame = FrameCodec.encode(new byte[payloadLength]);
        return HEX.formatHex(frame, 0, frame.length - payloadLength);
    }

    @ParameterizedTest(name = "{0} bytes → {1}")
    @CsvSource({
        // the worked examples of protocol.md §2.1
        "5, 14", "300, b104", "70000, c24504", "0, 00", "101, 9501", "87, 5d01",
        // each header size's largest payload, and one more
        "63, fc", "64, 0101", "16383, fdff", "16384, 020001", "4194303, feffff", "4194304, 03000001"})
    void the_header_is_the_shortest_little_endian_form(int payloadLength, String expected) {
        assertThat(header(payloadLength)).isEqualTo(expected);
        assertThat(FrameCodec.headerLength(payloadLength)).isEqualTo(expected.length() / 2);
    }

    @Test
    void the_largest_payload_takes_four_bytes_and_one_more_is_refused() {
        ByteBuf out = Unpooled.buffer();
        FrameCodec.writeHeader(out, FrameCodec.MAX_PAYLOAD);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("ffffffff");
        assertThatThrownBy(() -> FrameCodec.headerLength(FrameCodec.MAX_PAYLOAD + 1))
                .isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void a_register_peer_message_is_framed_as_the_document_shows() {
        byte[] message = HEX.parseHex("320b0a09313233343536373839");

        assertThat(HEX.formatHex(FrameCodec.encode(message))).isEqualTo("34320b0a09313233343536373839");
    }

    @Test
    void decoding_gives_back_each_payload_and_advances_past_it() {
        byte[] first = FrameCodec.encode(new byte[] {1, 2, 3});
        byte[] heartbeat = FrameCodec.encode(new byte[0]);
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 7);
        ByteBuffer in = ByteBuffer.wrap(concat(first, heartbeat, FrameCodec.encode(big)));

        assertThat(FrameCodec.decode(in, 1024)).contains(new byte[] {1, 2, 3});
        assertThat(FrameCodec.decode(in, 1024)).contains(new byte[0]);
        assertThat(FrameCodec.decode(in, 1024)).hasValueSatisfying(p -> assertThat(p).isEqualTo(big));
        assertThat(in.hasRemaining()).isFalse();
        assertThat(FrameCodec.decode(in, 1024)).isEmpty();
    }

    @Test
    void a_longer_header_than_needed_is_accepted() {
        // 5 bytes announced in a 2-byte header: (5 << 2 | 1) = 0x15
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("15000102030405"));

        assertThat(FrameCodec.decode(in, 64)).contains(HEX.parseHex("0102030405"));
    }

    @Test
    void an_incomplete_header_or_payload_consumes_nothing() {
        byte[] frame = FrameCodec.encode(new byte[300]);
        for (int available = 0; available < frame.length; available++) {
            ByteBuffer in = ByteBuffer.wrap(frame, 0, available);
            assertThat(FrameCodec.decode(in, 1024)).as("%d bytes", available).isEmpty();
            assertThat(in.position()).isZero();
        }
    }

    @Test
    void a_frame_over_the_cap_is_refused_as_soon_as_its_header_is_read() {
        byte[] headerOnly = Arrays.copyOf(FrameCodec.encode(new byte[65]), 2);

        assertThatThrownBy(() -> FrameCodec.decode(ByteBuffer.wrap(headerOnly), 64))
                .isInstanceOf(FrameTooLargeException.class)
                .satisfies(e -> {
                    assertThat(((FrameTooLargeException) e).length()).isEqualTo(65);
                    assertThat(((FrameTooLargeException) e).limit()).isEqualTo(64);
                });
        assertThat(FrameCodec.decode(ByteBuffer.wrap(FrameCodec.encode(new byte[64])), 64)).isPresent();
    }

    @Test
    void the_netty_decoder_waits_for_whole_frames_and_passes_heartbeats() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
        byte[] frame = FrameCodec.encode(HEX.parseHex("0a0b0c"));

        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 1));
        assertThat(channel.inboundMessages()).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(concat(Arrays.copyOfRange(frame, 1, 4), new byte[] {0})));

        assertThat(readPayload(channel)).isEqualTo("0a0b0c");
        assertThat(readPayload(channel)).isEmpty();
        assertThat(channel.inboundMessages()).isEmpty();
        channel.finishAndReleaseAll();
    }

    @Test
    void the_netty_decoder_refuses_an_oversized_frame() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(64));

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("0501"))))
                .isInstanceOf(FrameTooLargeException.class);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void the_netty_encoder_writes_header_then_payload() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder());
        byte[] payload = new byte[70_000];

        channel.writeOutbound(Unpooled.wrappedBuffer(payload), Unpooled.EMPTY_BUFFER);

        ByteBuf first = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(first, 0, 3)).isEqualTo("c24504");
        assertThat(first.readableBytes()).isEqualTo(70_003);
        first.release();
        ByteBuf heartbeat = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(heartbeat)).isEqualTo("00");
        heartbeat.release();
        channel.finishAndReleaseAll();
    }

    private static String readPayload(EmbeddedChannel channel) {
        ByteBuf payload = channel.readInbound();
        try {
            return ByteBufUtil.hexDump(payload);
        } finally {
            payload.release();
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        Arrays.stream(parts).forEach(out::put);
        return out.array();
    }
}
