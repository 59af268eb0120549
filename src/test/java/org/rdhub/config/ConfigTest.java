package org.rdhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void embedded_defaults_need_no_setting() {
        Config config = Config.load(Map.of(), Map.of(), null);

        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.apiPort()).isEqualTo(21114);
        assertThat(config.rendezvousPort()).isEqualTo(21116);
        assertThat(config.relayPort()).isEqualTo(21117);
        assertThat(config.usesPostgres()).isFalse();
        assertThat(config.logLevel()).isEqualTo("info");
        assertThat(config.consoleUrl()).isEqualTo("http://localhost:21114");
    }

    @Test
    void a_flag_beats_the_environment_which_beats_the_file(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rdhub.properties");
        Files.writeString(file, "api-port=1000\nrelay-port=2000\nlog-level=debug\n");

        Config config = Config.load(Map.of(Setting.API_PORT, "3000"),
                Map.of("RDHUB_API_PORT", "4000", "RDHUB_RELAY_PORT", "5000", "RDHUB_CONFIG", file.toString()), null);

        assertThat(config.apiPort()).isEqualTo(3000);
        assertThat(config.relayPort()).isEqualTo(5000);
        assertThat(config.logLevel()).isEqualTo("debug");
    }

    @Test
    void postgres_url_and_public_url_are_taken() {
        Config config = Config.load(Map.of(), Map.of(
                "RDHUB_DB_URL", "jdbc:postgresql://db:5432/rdhub",
                "RDHUB_PUBLIC_URL", "https://rd.example.com/"), null);

        assertThat(config.usesPostgres()).isTrue();
        assertThat(config.consoleUrl()).isEqualTo("https://rd.example.com");
    }

    @Test
    void bad_values_name_the_setting_and_the_reason() {
        assertThatThrownBy(() -> Config.load(Map.of(), Map.of("RDHUB_API_PORT", "70000"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("RDHUB_API_PORT: '70000' is not a port number (0-65535)");
        assertThatThrownBy(() -> Config.load(Map.of(Setting.RENDEZVOUS_PORT, "1"), Map.of(), null))
                .hasMessage("--rendezvous-port: '1' must leave room for port-1 and port+2 (2-65533)");
        assertThatThrownBy(() -> Config.load(Map.of(), Map.of("RDHUB_DB_URL", "jdbc:mysql://x/y"), null))
                .hasMessageStartingWith("RDHUB_DB_URL: 'jdbc:mysql://x/y' must be empty");
        assertThatThrownBy(() -> Config.load(Map.of(), Map.of("RDHUB_PUBLIC_URL", "rd.example.com"), null))
                .hasMessage("RDHUB_PUBLIC_URL: 'rd.example.com' is not an http:// or https:// URL");
        assertThatThrownBy(() -> Config.load(Map.of(Setting.TRUSTED_PROXIES, "10.0.0.1, proxy.lan"), Map.of(), null))
                .hasMessage("--trusted-proxies: '10.0.0.1, proxy.lan' is not a list of IP addresses: "
                        + "'proxy.lan' is not an IP address");
        assertThatThrownBy(() -> Config.load(Map.of(Setting.LOG_LEVEL, "loud"), Map.of(), null))
                .hasMessage("--log-level: 'loud' is not one of error, warn, info, debug, trace");
        assertThatThrownBy(() -> Config.load(Map.of(Setting.DATA_DIR, " "), Map.of(), null))
                .hasMessage("--data-dir: ' ' must not be empty");
    }

    @Test
    void the_settings_file_must_exist_and_hold_only_known_keys(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rdhub.properties");
        Files.writeString(file, "api_port=1\n");

        assertThatThrownBy(() -> Config.load(Map.of(), Map.of(), file))
                .hasMessage(file + ": unknown setting 'api_port'");
        assertThatThrownBy(() -> Config.load(Map.of(), Map.of(), dir.resolve("missing")))
                .hasMessageStartingWith("settings file " + dir.resolve("missing") + ": cannot be read");
    }

    @Test
    void every_setting_has_a_mechanical_flag_env_name_and_file_key() {
        assertThat(Setting.RENDEZVOUS_PORT.flag()).isEqualTo("--rendezvous-port");
        assertThat(Setting.RENDEZVOUS_PORT.envName()).isEqualTo("RDHUB_RENDEZVOUS_PORT");
        assertThat(Setting.RENDEZVOUS_PORT.key()).isEqualTo("rendezvous-port");
    }
}
