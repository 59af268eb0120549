package org.rdhub.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rdhub.App;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.common.ServiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rdhub token create}: mints an API token for scripts; the secret is the last line of stdout. */
@Command(name = "token", description = "Manage API tokens.", mixinStandardHelpOptions = true,
        subcommands = TokenCommand.Create.class)
public final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API token and print it (shown this once) as the last line.")
    public static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "What the token is for.")
        String name;

        @Option(names = "--permission", paramLabel = "RESOURCE=r|rw",
                description = "Grant read (r) or read-write (rw) on a resource; repeatable. Resources: device, "
                        + "audit-log, user, user-group, device-group, strategy, address-book.")
        List<String> permissions = new ArrayList<>();

        @Option(names = "--all", description = "Read-write on every resource.")
        boolean all;

        @Option(names = "--expires-days", paramLabel = "N", description = "Expire after N days (default: never).")
        Integer expiresDays;

        @Override
        public Integer call() {
            Map<Resource, Level> granted = parse();
            try (App app = App.open(SettingOptions.load(spec))) {
                var token = app.apiTokens().create(new Caller.CommandLine(), name, granted, expiresDays);
                var out = spec.commandLine().getOut();
                out.println("Created API token '" + name.strip() + "' (" + token.guid() + "). It is shown once:");
                out.println(token.secret());
                out.flush();
            }
            return 0;
        }

        private Map<Resource, Level> parse() {
            Map<Resource, Level> granted = new EnumMap<>(Resource.class);
            if (all) {
                for (Resource resource : Resource.values()) {
                    granted.put(resource, Level.READ_WRITE);
                }
            }
            for (String permission : permissions) {
                String[] parts = permission.split("=", 2);
                Resource resource = Resource.fromKey(parts[0].strip()).orElseThrow(() -> ServiceException.invalid(
                        "unknown resource '" + parts[0].strip() + "' in --permission " + permission));
                Level level = parts.length < 2 ? null : Level.fromKey(parts[1].strip()).orElse(null);
                if (level == null) {
                    throw ServiceException.invalid("--permission " + permission + ": the level must be r or rw");
                }
                granted.merge(resource, level, (a, b) -> a.includes(b) ? a : b);
            }
            return granted;
        }
    }
}
