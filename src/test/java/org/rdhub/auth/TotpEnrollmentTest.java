package org.rdhub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.support.OnEachDatabase;

class TotpEnrollmentTest extends OnEachDatabase {
    private static final String LOGIN = "{\"username\":\"admin\",\"password\":\"test1234\"}";

    private Caller.User admin() {
        long id = server.app().database().withHandle(h -> h.createQuery("SELECT id FROM users WHERE name = 'admin'")
                .mapTo(Long.class).one());
        return new Caller.User(id, "admin", true, "");
    }

    private String currentCode(String secret) {
        return Totp.code(Base32.decode(secret), server.clock().millis() / 1000 / Totp.STEP_SECONDS);
    }

    @Test
    void a_pending_secret_changes_nothing_until_a_matching_code_confirms_it() {
        var enrollment = server.app().totpEnrollment();
        var pending = enrollment.begin(admin());

        assertThat(pending.uri()).startsWith("otpauth://totp/rdhub:admin?secret=" + pending.secret());
        assertThat(http.postJson("/api/login", LOGIN).json().get("type").asText()).isEqualTo("access_token");
        assertThatThrownBy(() -> enrollment.confirm(admin(), "123456x"))
                .hasMessageStartingWith("The code does not match");

        enrollment.confirm(admin(), currentCode(pending.secret()));

        assertThat(http.postJson("/api/login", LOGIN).json().get("tfa_type").asText()).isEqualTo("tfa_check");
        assertThatThrownBy(() -> enrollment.confirm(admin(), currentCode(pending.secret())))
                .hasMessage("There is no two-factor setup waiting for a code");
    }

    @Test
    void removing_totp_returns_to_password_only_sign_in() {
        var enrollment = server.app().totpEnrollment();
        var pending = enrollment.begin(admin());
        enrollment.confirm(admin(), currentCode(pending.secret()));

        enrollment.remove(admin());

        assertThat(http.postJson("/api/login", LOGIN).json().get("type").asText()).isEqualTo("access_token");
    }

    @Test
    void only_a_signed_in_user_sets_up_their_own_totp() {
        var token = new Caller.ApiToken(1, "t", Map.of(), "");

        assertThatThrownBy(() -> server.app().totpEnrollment().begin(token))
                .hasMessage("Only a signed-in user can set up their own two-factor sign-in");
        assertThatThrownBy(() -> server.app().totpEnrollment().begin(new Caller.CommandLine()))
                .hasMessage("Only a signed-in user can set up their own two-factor sign-in");
    }
}
