package org.rdhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rdhub.settings.ServerSetting;

/**
 * The README's two settings tables are the {@link Setting} and {@link ServerSetting} lists; this fails when they
 * drift apart.
 */
class ReadmeSettingsTest {

    static String table() {
        return "| Environment | Flag | Default | What it does |\n|---|---|---|---|\n"
                + Arrays.stream(Setting.values())
                        .map(s -> "| `" + s.envName() + "` | `" + s.flag() + "` | "
                                + (s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`") + " | "
                                + s.description() + " |")
                        .collect(Collectors.joining("\n"));
    }

    static String serverTable() {
        return "| Key | Default | What it does |\n|---|---|---|\n"
                + Arrays.stream(ServerSetting.values())
                        .map(s -> "| `" + s.key() + "` | "
                                + (s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`") + " | "
                                + s.description() + " |")
                        .collect(Collectors.joining("\n"));
    }

    @Test
    void readme_lists_every_setting_as_the_code_defines_it() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(readme).as("README.md must contain this table:\n" + table()).contains(table());
        assertThat(readme).as("README.md must contain this table:\n" + serverTable()).contains(serverTable());
    }
}
