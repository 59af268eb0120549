package org.rdhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecureChannelTest {
    private static final byte[] KEY = new byte[32];

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void each_direction_counts_its_own_frames() {
        SecureChannel server = new SecureChannel(KEY);
        SecureChannel client = new SecureChannel(KEY);

        byte[] fromClient1 = client.seal(text("a1"));
        byte[] fromClient2 = client.seal(text("a2"));
        byte[] fromServer1 = server.seal(text("b1"));

        // the first frame each way uses counter 1, so equal plaintexts would give equal boxes
        assertThat(fromServer1).isEqualTo(SecretBox.seal(text("b1"), SecureChannel.nonce(1), KEY));
        assertThat(fromClient2).isEqualTo(SecretBox.seal(text("a2"), SecureChannel.nonce(2), KEY));
        assertThat(server.open(fromClient1)).isEqualTo(text("a1"));
        assertThat(client.open(fromServer1)).isEqualTo(text("b1"));
        assertThat(server.open(fromClient2)).isEqualTo(text("a2"));
    }

    @Test
    void a_frame_replayed_or_out_of_order_does_not_open() {
        SecureChannel sender = new SecureChannel(KEY);
        byte[] first = sender.seal(text("first"));
        byte[] second = sender.seal(text("second"));

        assertThatThrownBy(() -> new SecureChannel(KEY).open(second))
                .isInstanceOf(SecureChannelException.class).hasMessage("decryption error");
        SecureChannel receiver = new SecureChannel(KEY);
        receiver.open(first);
        assertThatThrownBy(() -> receiver.open(first)).isInstanceOf(SecureChannelException.class);
    }

    @Test
    void a_tampered_frame_does_not_open() {
        byte[] box = new SecureChannel(KEY).seal(text("punch"));
        box[box.length - 1] ^= (byte) 0x80;

        assertThatThrownBy(() -> new SecureChannel(KEY).open(box)).isInstanceOf(SecureChannelException.class);
    }

    @Test
    void frames_of_zero_or_one_byte_pass_through_without_using_a_counter() {
        SecureChannel sender = new SecureChannel(KEY);
        SecureChannel receiver = new SecureChannel(KEY);
        byte[] box = sender.seal(text("after"));

        assertThat(receiver.open(new byte[0])).isEmpty();
        assertThat(receiver.open(new byte[] {42})).containsExactly(42);
        assertThat(receiver.open(box)).isEqualTo(text("after"));
    }

    @Test
    void an_empty_message_is_still_encrypted_and_counted() {
        SecureChannel sender = new SecureChannel(KEY);
        byte[] empty = sender.seal(new byte[0]);

        assertThat(empty).hasSize(SecretBox.TAG_BYTES);
        assertThat(sender.seal(text("x"))).isEqualTo(SecretBox.seal(text("x"), SecureChannel.nonce(2), KEY));
        assertThat(new SecureChannel(KEY).open(empty)).isEmpty();
    }
}
