package org.rdhub.hbbs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.rdhub.config.ConfigException;
import org.rdhub.devices.DeviceService;
import org.rdhub.devices.DeviceStore;
import org.rdhub.protocol.ServerKey;
import org.sqlite.SQLiteConfig;

/**
 * What the open-source hbbs leaves in its working folder: the devices of its {@code db_v2.sqlite3} ({@code peer}
 * table) and its key pair. Rows are turned into rdhub's encodings here: uuid and public key as the standard Base64
 * clients send (hbbs keeps the raw bytes), {@code created_at} as epoch milliseconds, the address without the
 * {@code ::ffff:} of an IPv4 client on a dual-stack socket. Unusable input throws {@link ConfigException}.
 */
public final class HbbsFolder {
    public static final String DATABASE_FILE = "db_v2.sqlite3";
    private static final int PUBLIC_KEY_BYTES = 32;
    private static final int MAX_IP = 64;
    private static final String MAPPED_IPV4 = "::ffff:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A row that cannot become a device, and why. */
    public record Rejected(String id, String reason) {
    }

    private final Path database;
    private final Optional<ServerKey> key;
    private final List<DeviceStore.Known> devices;
    private final List<Rejected> rejected;

    private HbbsFolder(Path database, Optional<ServerKey> key, List<DeviceStore.Known> devices,
            List<Rejected> rejected) {
        this.database = database;
        this.key = key;
        this.devices = devices;
        this.rejected = rejected;
    }

    /**
     * Reads hbbs's folder, or its database file given directly (the key is then looked for beside it). Every row is
     * read before anything is written, so unusable input leaves rdhub untouched.
     */
    public static HbbsFolder read(Path path) {
        Path database = Files.isDirectory(path) ? path.resolve(DATABASE_FILE) : path;
        if (!Files.isRegularFile(database)) {
            throw new ConfigException("No hbbs database at " + database);
        }
        Path keyFile = database.toAbsolutePath().getParent().resolve(ServerKey.SECRET_FILE);
        Optional<ServerKey> key = Files.exists(keyFile) ? Optional.of(ServerKey.read(keyFile)) : Optional.empty();
        List<DeviceStore.Known> devices = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        readPeers(database, devices, rejected);
        return new HbbsFolder(database, key, List.copyOf(devices), List.copyOf(rejected));
    }

    public Path database() {
        return database;
    }

    /** hbbs's key pair, when its folder has one. */
    public Optional<ServerKey> key() {
        return key;
    }

    public List<DeviceStore.Known> devices() {
        return devices;
    }

    public List<Rejected> rejected() {
        return rejected;
    }

    private static void readPeers(Path database, List<DeviceStore.Known> devices, List<Rejected> rejected) {
        if (!isSqlite(database)) {
            throw new ConfigException(database + " is not an hbbs database (not an SQLite file)");
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        // hbbs may be running: read only, and never create or change anything
        readOnly.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database, readOnly.toProperties());
                Statement s = c.createStatement()) {
            try (ResultSet table = s.executeQuery(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'peer'")) {
                if (!table.next() || table.getInt(1) == 0) {
                    throw new ConfigException(database + " is not an hbbs database (it has no peer table)");
                }
            }
            try (ResultSet rows = s.executeQuery("SELECT id, uuid, pk, created_at, note, info FROM peer ORDER BY id")) {
                while (rows.next()) {
                    String id = rows.getString("id");
                    try {
                        devices.add(device(id, rows.getBytes("uuid"), rows.getBytes("pk"),
                                rows.getString("created_at"), rows.getString("note"), rows.getString("info")));
                    } catch (IllegalArgumentException e) {
                        rejected.add(new Rejected(id == null ? "" : id.strip(), e.getMessage()));
                    }
                }
            }
        } catch (SQLException e) {
            throw new ConfigException("Cannot read the hbbs database " + database + ": " + e.getMessage());
        }
    }

    private static boolean isSqlite(Path file) {
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        try (var in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /** One peer row as a device; throws IllegalArgumentException naming what is wrong with it. */
    private static DeviceStore.Known device(String id, byte[] uuid, byte[] pk, String createdAt, String note,
            String info) {
        String rustdeskId = id == null ? "" : id.strip();
        if (rustdeskId.isEmpty()) {
            throw new IllegalArgumentException("empty ID");
        }
        if (!DeviceService.isRustdeskId(rustdeskId)) {
            throw new IllegalArgumentException("not a RustDesk ID (letters, digits, '-' and '_', at most 100)");
        }
        if (pk == null || pk.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("public key of " + (pk == null ? 0 : pk.length) + " bytes, expected "
                    + PUBLIC_KEY_BYTES);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        return new DeviceStore.Known(rustdeskId,
                uuid == null || uuid.length == 0 ? null : base64.encodeToString(uuid),
                base64.encodeToString(pk), millis(createdAt), ip(info), note == null ? "" : note);
    }

    /** hbbs writes SQLite's {@code current_timestamp}: {@code YYYY-MM-DD HH:MM:SS} in UTC. */
    private static long millis(String createdAt) {
        try {
            return LocalDateTime.parse(createdAt.strip().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (NullPointerException | DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable created_at '" + createdAt + "'");
        }
    }

    /** The last address from hbbs's {@code info} JSON ({@code {"ip":"…"}}); none is an empty address. */
    private static String ip(String info) {
        JsonNode node;
        try {
            node = info == null ? null : JSON.readTree(info);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("unreadable info '" + info + "'");
        }
        String ip = node.path("ip").asText("").strip();
        if (ip.regionMatches(true, 0, MAPPED_IPV4, 0, MAPPED_IPV4.length()) && ip.indexOf('.') > 0) {
            ip = ip.substring(MAPPED_IPV4.length());
        }
        if (ip.length() > MAX_IP) {
            throw new IllegalArgumentException("address longer than " + MAX_IP + " characters");
        }
        return ip;
    }
}
