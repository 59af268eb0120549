package org.rdhub.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The validated settings rdhub runs with. Each value comes from, in order of precedence: a command-line flag, an
 * {@code RDHUB_*} environment variable, the settings file named by {@code --config} / {@code RDHUB_CONFIG}, the default.
 */
public record Config(
        Path dataDir,
        String bindAddress,
        int apiPort,
        int rendezvousPort,
        int relayPort,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Optional<URI> publicUrl,
        TrustedProxies trustedProxies,
        String logLevel) {

    public static final String CONFIG_FILE_FLAG = "--config";
    public static final String CONFIG_FILE_ENV = "RDHUB_CONFIG";
    private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    /** The embedded defaults, with the data folder moved: what tests and tools start from. */
    public static Config defaults(Path dataDir) {
        return load(Map.of(Setting.DATA_DIR, dataDir.toString()), Map.of(), null);
    }

    /**
     * Resolves every setting from the three sources and validates it.
     *
     * @param flags values given on the command line
     * @param env the process environment
     * @param configFile the settings file, or null for none (then {@code RDHUB_CONFIG} is consulted)
     * @throws ConfigException naming the first setting that is wrong and why
     */
    public static Config load(Map<Setting, String> flags, Map<String, String> env, Path configFile) {
        Path file = configFile != null ? configFile : blankToNull(env.get(CONFIG_FILE_ENV)) == null ? null
                : Path.of(env.get(CONFIG_FILE_ENV));
        Properties fromFile = file == null ? new Properties() : readFile(file);

        Map<Setting, Value> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (flags.containsKey(s)) {
                values.put(s, new Value(flags.get(s), s.flag()));
            } else if (env.containsKey(s.envName())) {
                values.put(s, new Value(env.get(s.envName()), s.envName()));
            } else if (fromFile.containsKey(s.key())) {
                values.put(s, new Value(fromFile.getProperty(s.key()), s.key() + " in " + file));
            } else {
                values.put(s, new Value(s.defaultValue(), "the default of " + s.flag()));
            }
        }
        for (String key : fromFile.stringPropertyNames()) {
            if (Arrays.stream(Setting.values()).noneMatch(s -> s.key().equals(key))) {
                throw new ConfigException(file + ": unknown setting '" + key + "'");
            }
        }

        int rendezvousPort = values.get(Setting.RENDEZVOUS_PORT).port();
        if (rendezvousPort != 0 && (rendezvousPort < 2 || rendezvousPort > 65533)) {
            throw values.get(Setting.RENDEZVOUS_PORT).invalid("must leave room for port-1 and port+2 (2-65533)");
        }
        int relayPort = values.get(Setting.RELAY_PORT).port();
        if (relayPort > 65533) {
            throw values.get(Setting.RELAY_PORT).invalid("must leave room for port+2 (at most 65533)");
        }
        return new Config(
                Path.of(values.get(Setting.DATA_DIR).nonBlank()),
                values.get(Setting.BIND_ADDRESS).nonBlank(),
                values.get(Setting.API_PORT).port(),
                rendezvousPort,
                relayPort,
                values.get(Setting.DB_URL).dbUrl(),
                values.get(Setting.DB_USER).raw.strip(),
                values.get(Setting.DB_PASSWORD).raw,
                values.get(Setting.PUBLIC_URL).publicUrl(),
                values.get(Setting.TRUSTED_PROXIES).trustedProxies(),
                values.get(Setting.LOG_LEVEL).logLevel());
    }

    public boolean usesPostgres() {
        return !dbUrl.isEmpty();
    }

    /** Where people reach the console: the public URL when set, else this machine's API port. */
    public String consoleUrl() {
        return publicUrl.map(URI::toString).orElseGet(() -> {
            String host = bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "localhost" : bindAddress;
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + apiPort;
        });
    }

    private static Properties readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("settings file " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        return properties;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A raw value and where it came from, so an error can point at the place to fix it. */
    private record Value(String raw, String source) {

        ConfigException invalid(String why) {
            return new ConfigException(source + ": '" + raw + "' " + why);
        }

        String nonBlank() {
            if (raw.isBlank()) {
                throw invalid("must not be empty");
            }
            return raw.strip();
        }

        TrustedProxies trustedProxies() {
            try {
                return TrustedProxies.parse(raw);
            } catch (IllegalArgumentException e) {
                throw invalid("is not a list of IP addresses: " + e.getMessage());
            }
        }

        int port() {
            try {
                int port = Integer.parseInt(raw.strip());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the message below
            }
            throw invalid("is not a port number (0-65535)");
        }

        String dbUrl() {
            String url = raw.strip();
            if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
                throw invalid("must be empty (SQLite in the data folder) or a jdbc:postgresql:// URL");
            }
            return url;
        }

        Optional<URI> publicUrl() {
            String url = raw.strip();
            if (url.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException ignored) {
                // falls through to the message below
            }
            throw invalid("is not an http:// or https:// URL");
        }

        String logLevel() {
            String level = raw.strip().toLowerCase(Locale.ROOT);
            if (!LOG_LEVELS.contains(level)) {
                throw invalid("is not one of error, warn, info, debug, trace");
            }
            return level;
        }
    }
}
