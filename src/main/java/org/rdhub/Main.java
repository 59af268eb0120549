package org.rdhub;

import org.rdhub.cli.ImportHbbsCommand;
import org.rdhub.cli.ServeCommand;
import org.rdhub.cli.SettingCommand;
import org.rdhub.cli.SettingOptions;
import org.rdhub.cli.TokenCommand;
import org.rdhub.cli.UserCommand;
import org.rdhub.common.ServiceException;
import org.rdhub.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rdhub} command: {@code serve}, {@code token create}, {@code user reset-password}, {@code setting},
 * {@code import-hbbs}.
 */
@Command(name = "rdhub", mixinStandardHelpOptions = true,
        description = "A self-hosted RustDesk server: web console, REST API, ID and relay servers.",
        subcommands = {ServeCommand.class, TokenCommand.class, UserCommand.class, SettingCommand.class,
                ImportHbbsCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command with the given output streams and returns its exit code; tests call this. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
        SettingOptions.addTo(cli.getSubcommands().get("serve").getCommandSpec());
        SettingOptions.addTo(cli.getSubcommands().get("import-hbbs").getCommandSpec());
        SettingOptions.addTo(cli.getSubcommands().get("token").getSubcommands().get("create").getCommandSpec());
        SettingOptions.addTo(cli.getSubcommands().get("user").getSubcommands().get("reset-password")
                .getCommandSpec());
        cli.getSubcommands().get("setting").getSubcommands().values()
                .forEach(command -> SettingOptions.addTo(command.getCommandSpec()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof ServiceException) {
                commandLine.getErr().println("rdhub: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        int exitCode = cli.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }
}
