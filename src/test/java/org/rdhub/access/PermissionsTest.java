package org.rdhub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.rdhub.common.ServiceException;

class PermissionsTest {
    private final Permissions permissions = new Permissions();

    private static Caller.ApiToken token(Resource resource, Level level) {
        return new Caller.ApiToken(1, "t", Map.of(resource, level), "127.0.0.1");
    }

    @ParameterizedTest
    @EnumSource(Resource.class)
    void a_token_reads_with_r_writes_only_with_rw_and_nothing_else(Resource resource) {
        assertThat(permissions.allows(token(resource, Level.READ), resource, Level.READ)).isTrue();
        assertThat(permissions.allows(token(resource, Level.READ), resource, Level.READ_WRITE)).isFalse();
        assertThat(permissions.allows(token(resource, Level.READ_WRITE), resource, Level.READ)).isTrue();
        assertThat(permissions.allows(token(resource, Level.READ_WRITE), resource, Level.READ_WRITE)).isTrue();
        for (Resource other : Resource.values()) {
            if (other != resource) {
                assertThat(permissions.allows(token(resource, Level.READ_WRITE), other, Level.READ)).isFalse();
            }
        }
    }

    @Test
    void refusals_say_which_permission_is_missing() {
        assertThatThrownBy(() -> permissions.require(token(Resource.DEVICE, Level.READ), Resource.DEVICE,
                Level.READ_WRITE))
                .isInstanceOf(ServiceException.class)
                .hasMessage("This token lacks the Device read-write permission")
                .extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.FORBIDDEN);
        assertThatThrownBy(() -> permissions.require(new Caller.Anonymous("x"), Resource.USER, Level.READ))
                .extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.NOT_AUTHENTICATED);
    }

    @Test
    void administrators_and_the_command_line_may_do_everything_other_users_nothing_yet() {
        var admin = new Caller.User(1, "admin", true, "");
        var user = new Caller.User(2, "alice", false, "");
        for (Resource resource : Resource.values()) {
            assertThat(permissions.allows(admin, resource, Level.READ_WRITE)).isTrue();
            assertThat(permissions.allows(new Caller.CommandLine(), resource, Level.READ_WRITE)).isTrue();
            assertThat(permissions.allows(user, resource, Level.READ)).isFalse();
        }
    }

    @Test
    void only_administrators_and_the_command_line_act_outside_token_resources() {
        permissions.requireAdministrator(new Caller.User(1, "admin", true, ""));
        permissions.requireAdministrator(new Caller.CommandLine());
        var allResources = new Caller.ApiToken(1, "t", Map.of(Resource.USER, Level.READ_WRITE), "");
        assertThatThrownBy(() -> permissions.requireAdministrator(allResources))
                .hasMessage("API tokens cannot do this");
        assertThatThrownBy(() -> permissions.requireAdministrator(new Caller.User(2, "alice", false, "")))
                .hasMessage("Only administrators may do this");
    }
}
