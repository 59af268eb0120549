package org.rdhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {
    // RFC 6238 appendix B, SHA-1 key "12345678901234567890"; rdhub shows the last 6 of the RFC's 8 digits
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924",
            "2000000000, 279037", "20000000000, 353130"})
    void matches_the_rfc_6238_test_vectors(long epochSeconds, String code) {
        assertThat(Totp.code(RFC_KEY, epochSeconds / 30)).isEqualTo(code);
    }

    @Test
    void accepts_the_current_step_and_one_either_side_and_nothing_else() {
        String secret = Base32.toBase32String(RFC_KEY);
        long at = 1_111_111_111_000L;
        long step = at / 1000 / 30;

        assertThat(Totp.matchingStep(secret, "050471", at)).hasValue(step);
        assertThat(Totp.matchingStep(secret, Totp.code(RFC_KEY, step - 1), at)).hasValue(step - 1);
        assertThat(Totp.matchingStep(secret, Totp.code(RFC_KEY, step + 1), at)).hasValue(step + 1);
        assertThat(Totp.matchingStep(secret, Totp.code(RFC_KEY, step + 2), at)).isEmpty();
        assertThat(Totp.matchingStep(secret, "05047", at)).isEmpty();
        assertThat(Totp.matchingStep(secret, "abcdef", at)).isEmpty();
        assertThat(Totp.matchingStep(secret, null, at)).isEmpty();
    }

    @Test
    void new_secrets_are_base32_and_the_uri_is_what_apps_scan() {
        String secret = Totp.newSecret();

        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(Totp.uri("rdhub", "mary ann", secret)).isEqualTo("otpauth://totp/rdhub:mary%20ann?secret=" + secret
                + "&issuer=rdhub&algorithm=SHA1&digits=6&period=30");
    }
}
