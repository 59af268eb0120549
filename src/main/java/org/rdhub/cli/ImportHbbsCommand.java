package org.rdhub.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rdhub.App;
import org.rdhub.access.Caller;
import org.rdhub.config.Config;
import org.rdhub.config.ConfigException;
import org.rdhub.devices.DeviceService;
import org.rdhub.hbbs.HbbsFolder;
import org.rdhub.protocol.ServerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rdhub import-hbbs PATH}: brings the devices and the key pair of an open-source hbbs into rdhub. Devices rdhub
 * knows already are left alone; a different rdhub key is only replaced when asked.
 */
@Command(name = "import-hbbs", mixinStandardHelpOptions = true,
        description = "Import the devices (db_v2.sqlite3) and the key pair (id_ed25519) of an open-source hbbs.")
public final class ImportHbbsCommand implements Callable<Integer> {
    /** Unusable input (no such file, not an hbbs database, malformed key), as picocli answers bad arguments. */
    static final int UNUSABLE_INPUT = 2;
    private static final int SHOWN_IDS = 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH",
            description = "hbbs's working folder (with db_v2.sqlite3 and id_ed25519), or its db_v2.sqlite3.")
    Path path;

    @Option(names = "--replace-key",
            description = "Replace rdhub's key pair with hbbs's when they differ (the server must then be restarted).")
    boolean replaceKey;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Config config = SettingOptions.load(spec);
        HbbsFolder hbbs;
        try {
            hbbs = HbbsFolder.read(path);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("rdhub: " + e.getMessage());
            return UNUSABLE_INPUT;
        }
        // before the App is opened: opening it makes a key when the data folder has none
        String keyLine = hbbs.key().map(key -> keyLine(ServerKey.adopt(config.dataDir(), key, replaceKey), config))
                .orElse("key: none in " + hbbs.database().toAbsolutePath().getParent() + ", rdhub's is kept");

        DeviceService.ImportResult result;
        try (App app = App.open(config)) {
            result = app.devices().importDevices(new Caller.CommandLine(), hbbs.database().toString(),
                    hbbs.devices(), hbbs.rejected().size());
        }
        out.println("imported " + result.imported().size());
        out.println("skipped " + result.skipped().size() + " (already present)"
                + (result.skipped().isEmpty() ? "" : ": " + firstIds(result.skipped())));
        out.println("rejected " + hbbs.rejected().size());
        hbbs.rejected().forEach(row -> out.println("  " + (row.id().isEmpty() ? "(no id)" : row.id()) + ": "
                + row.reason()));
        out.println(keyLine);
        return 0;
    }

    /** A second run skips every device: the ids are named only while the line stays readable. */
    private static String firstIds(List<String> ids) {
        return ids.size() <= SHOWN_IDS ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, SHOWN_IDS)) + " and " + (ids.size() - SHOWN_IDS) + " more";
    }

    private String keyLine(ServerKey.Adoption adoption, Config config) {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        return switch (adoption) {
            case COPIED -> "key: copied to " + dataDir + " (clients keep the key they were given for hbbs)";
            case SAME -> "key: same (rdhub already has hbbs's key)";
            case DIFFERS -> "key: differs (not replaced). rdhub's key in " + dataDir + " is not hbbs's: clients set up"
                    + " for hbbs will not trust rdhub. To use hbbs's key, run again with --replace-key (clients set up"
                    + " with rdhub's current key must then be reconfigured).";
            case REPLACED -> "key: replaced by hbbs's key in " + dataDir + ". Restart the server to use it; clients"
                    + " configured with rdhub's old key must be reconfigured with the new one.";
        };
    }
}
