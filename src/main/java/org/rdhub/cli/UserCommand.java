package org.rdhub.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.rdhub.App;
import org.rdhub.access.Caller;
import org.rdhub.common.ServiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rdhub user reset-password NAME}: the way back in for a locked-out administrator. */
@Command(name = "user", description = "Manage users.", mixinStandardHelpOptions = true,
        subcommands = UserCommand.ResetPassword.class)
public final class UserCommand {

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Set a new password (asked twice on a terminal, else read as one line from stdin) and "
                    + "sign the user out of every client.")
    public static final class ResetPassword implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The user's name.")
        String name;

        @Override
        public Integer call() throws IOException {
            String password = readPassword();
            try (App app = App.open(SettingOptions.load(spec))) {
                app.users().resetPassword(new Caller.CommandLine(), name, password);
            }
            spec.commandLine().getOut().println("The password of '" + name + "' is changed.");
            return 0;
        }

        private String readPassword() throws IOException {
            Console console = System.console();
            if (interactive(console)) {
                char[] first = console.readPassword("New password for %s: ", name);
                char[] second = console.readPassword("Repeat it: ");
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    throw ServiceException.invalid("the two passwords differ");
                }
                return new String(first);
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw ServiceException.invalid("no password on standard input");
            }
            return line;
        }

        /** JDK 22+ hands out a Console even when stdin is a pipe and says so by isTerminal(); 21 hands out none. */
        private static boolean interactive(Console console) {
            if (console == null) {
                return false;
            }
            try {
                return (boolean) Console.class.getMethod("isTerminal").invoke(console);
            } catch (ReflectiveOperationException e) {
                return true;
            }
        }
    }
}
