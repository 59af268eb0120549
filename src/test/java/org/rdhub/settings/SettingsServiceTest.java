package org.rdhub.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.support.OnEachDatabase;

class SettingsServiceTest extends OnEachDatabase {

    @Test
    void an_unset_setting_has_its_default_and_a_change_is_stored_cached_and_audited() {
        SettingsService settings = server.app().settings();
        assertThat(settings.isOn(ServerSetting.REQUIRE_DEPLOYMENT)).isFalse();

        settings.set(new Caller.CommandLine(), ServerSetting.REQUIRE_DEPLOYMENT, " true ");

        assertThat(settings.isOn(ServerSetting.REQUIRE_DEPLOYMENT)).isTrue();
        server.restart();
        assertThat(server.app().settings().get(ServerSetting.REQUIRE_DEPLOYMENT)).isEqualTo("true");
        var audit = server.app().database().withHandle(h -> h.createQuery(
                "SELECT action, target, details FROM console_audits").mapToMap().one());
        assertThat(audit).isEqualTo(Map.of("action", "setting.change", "target", "require-deployment",
                "details", "true"));
    }

    @Test
    void secrets_are_never_shown_or_audited() {
        SettingsService settings = server.app().settings();

        settings.set(new Caller.CommandLine(), ServerSetting.SMTP_PASSWORD, "hunter22");

        assertThat(settings.shown(new Caller.CommandLine())).containsEntry(ServerSetting.SMTP_PASSWORD, "********")
                .containsEntry(ServerSetting.SMTP_PORT, "587");
        String details = server.app().database().withHandle(h -> h.createQuery(
                "SELECT details FROM console_audits").mapTo(String.class).one());
        assertThat(details).isEqualTo("(secret)");
    }

    @Test
    void only_administrators_change_settings() {
        var token = new Caller.ApiToken(1, "t", Map.of(Resource.USER, Level.READ_WRITE), "");

        assertThatThrownBy(() -> server.app().settings().set(token, ServerSetting.DISABLE_NEW_DEVICES, "true"))
                .hasMessage("API tokens cannot do this");
        assertThat(server.app().settings().isOn(ServerSetting.DISABLE_NEW_DEVICES)).isFalse();
    }
}
