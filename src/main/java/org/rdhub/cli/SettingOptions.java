package org.rdhub.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.rdhub.config.Config;
import org.rdhub.config.Setting;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Gives a command one {@code --flag} per {@link Setting} (plus {@code --config FILE}) and reads them back. */
public final class SettingOptions {

    private SettingOptions() {
    }

    public static void addTo(CommandSpec spec) {
        for (Setting setting : Setting.values()) {
            spec.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel("VALUE")
                    .type(String.class)
                    .description(setting.description() + " Env: " + setting.envName() + "."
                            + (setting.defaultValue().isEmpty() ? "" : " Default: " + setting.defaultValue() + "."))
                    .build());
        }
        spec.addOption(OptionSpec.builder(Config.CONFIG_FILE_FLAG)
                .paramLabel("FILE")
                .type(Path.class)
                .description("Settings file (key=value lines, keys as the flags without --). Env: "
                        + Config.CONFIG_FILE_ENV + ".")
                .build());
    }

    /** The settings from the flags given to this command, the environment and the settings file. */
    public static Config load(CommandSpec spec) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = spec.findOption(setting.flag()).getValue();
            if (value != null) {
                flags.put(setting, value);
            }
        }
        Path file = spec.findOption(Config.CONFIG_FILE_FLAG).getValue();
        return Config.load(flags, System.getenv(), file);
    }
}
