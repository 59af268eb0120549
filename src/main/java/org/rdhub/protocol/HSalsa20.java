package org.rdhub.protocol;

import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.util.Pack;

/**
 * HSalsa20 (the key derivation of NaCl's crypto_box and the first step of XSalsa20): the Salsa20/20 rounds over
 * constants, a 32-byte key and a 16-byte input, returning eight words of the result without the final addition of
 * the input. Bouncy Castle has it only inside {@code XSalsa20Engine}, so it is built here on its public Salsa20 core.
 */
final class HSalsa20 {
    private static final int[] CONSTANTS = Pack.littleEndianToInt(
            "expand 32-byte k".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 4);
    /** The words that form the output: the diagonal, then the positions of the input. */
    private static final int[] OUTPUT_WORDS = {0, 5, 10, 15, 6, 7, 8, 9};

    private HSalsa20() {
    }

    static byte[] hash(byte[] key, byte[] input) {
        if (key.length != 32 || input.length != 16) {
            throw new IllegalArgumentException("HSalsa20 takes a 32-byte key and a 16-byte input");
        }
        int[] state = new int[16];
        state[0] = CONSTANTS[0];
        state[5] = CONSTANTS[1];
        state[10] = CONSTANTS[2];
        state[15] = CONSTANTS[3];
        Pack.littleEndianToInt(key, 0, state, 1, 4);
        Pack.littleEndianToInt(key, 16, state, 11, 4);
        Pack.littleEndianToInt(input, 0, state, 6, 4);
        int[] mixed = new int[16];
        Salsa20Engine.salsaCore(20, state, mixed);
        byte[] out = new byte[32];
        for (int i = 0; i < OUTPUT_WORDS.length; i++) {
            int word = OUTPUT_WORDS[i];
            // salsaCore adds the input back at the end; HSalsa20 does not
            Pack.intToLittleEndian(mixed[word] - state[word], out, 4 * i);
        }
        return out;
    }
}
