package org.rdhub.cli;

import java.util.concurrent.Callable;
import org.rdhub.App;
import org.rdhub.access.Caller;
import org.rdhub.settings.ServerSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rdhub setting list|set}: the run-time settings, until the console's settings page exists. */
@Command(name = "setting", description = "Show or change the settings stored in the database.",
        mixinStandardHelpOptions = true, subcommands = {SettingCommand.ListSettings.class, SettingCommand.Set.class})
public final class SettingCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print every setting as KEY=VALUE (secrets as ********), with what it does.")
    public static final class ListSettings implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (App app = App.open(SettingOptions.load(spec))) {
                app.settings().shown(new Caller.CommandLine()).forEach((setting, value) ->
                        spec.commandLine().getOut().println(setting.key() + "=" + value + "\t# "
                                + setting.description()));
            }
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change one setting; a running server applies it within seconds.")
    public static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "The setting, as `setting list` names it.")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "Its new value; \"\" for empty.")
        String value;

        @Override
        public Integer call() {
            ServerSetting setting = ServerSetting.byKey(key);
            try (App app = App.open(SettingOptions.load(spec))) {
                app.settings().set(new Caller.CommandLine(), setting, value);
            }
            spec.commandLine().getOut().println(setting.key() + " is changed.");
            return 0;
        }
    }
}
