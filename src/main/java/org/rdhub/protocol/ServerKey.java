package org.rdhub.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.rdhub.config.ConfigException;

/**
 * The server's Ed25519 key pair, kept in the data folder exactly as the open-source hbbs keeps it, so an organisation
 * moving from hbbs copies two files and its clients keep working: {@code id_ed25519} holds the standard Base64 of
 * the 64-byte libsodium secret key (32-byte seed, then the public key) and {@code id_ed25519.pub} the Base64 of the
 * 32-byte public key, both without a line break. The public key is what clients are configured with.
 */
public final class ServerKey {
    public static final String SECRET_FILE = "id_ed25519";
    public static final String PUBLIC_FILE = "id_ed25519.pub";
    private static final int SEED_BYTES = 32;
    private static final int SECRET_BYTES = 64;

    private final byte[] seed;
    private final byte[] publicKey;

    private ServerKey(byte[] seed, byte[] publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    /** The key pair of {@code dataDir}: read when {@code id_ed25519} exists, else made and written there. */
    public static ServerKey loadOrCreate(Path dataDir) {
        Path secretFile = dataDir.resolve(SECRET_FILE);
        try {
            if (Files.exists(secretFile)) {
                ServerKey key = parse(Files.readString(secretFile, StandardCharsets.US_ASCII), secretFile);
                Path publicFile = dataDir.resolve(PUBLIC_FILE);
                if (!Files.exists(publicFile)) {
                    Files.writeString(publicFile, key.publicKeyBase64(), StandardCharsets.US_ASCII);
                }
                return key;
            }
            ServerKey key = generate(new SecureRandom());
            Files.createDirectories(dataDir);
            key.write(dataDir);
            return key;
        } catch (IOException e) {
            throw new ConfigException("Cannot read or write the server key " + secretFile + ": " + e.getMessage());
        }
    }

    /** What {@link #adopt} did with a key brought from elsewhere (an hbbs folder). */
    public enum Adoption {
        /** The data folder had no key: it now has this one. */
        COPIED,
        /** The data folder already had this very key. */
        SAME,
        /** The data folder has another key, kept as it is. */
        DIFFERS,
        /** The data folder had another key, now replaced by this one. */
        REPLACED
    }

    /** The key of an {@code id_ed25519} file written by hbbs (or rdhub); a malformed one is refused. */
    public static ServerKey read(Path secretFile) {
        try {
            return parse(Files.readString(secretFile, StandardCharsets.US_ASCII), secretFile);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the server key " + secretFile + ": " + e.getMessage());
        }
    }

    /**
     * Makes {@code key} the key of {@code dataDir} when it has none, or when {@code replace} is set and it has
     * another; an existing different key is otherwise left alone. Both files are written from the secret key.
     */
    public static Adoption adopt(Path dataDir, ServerKey key, boolean replace) {
        Path secretFile = dataDir.resolve(SECRET_FILE);
        boolean present = Files.exists(secretFile);
        if (present) {
            if (read(secretFile).publicKeyBase64().equals(key.publicKeyBase64())) {
                return Adoption.SAME;
            }
            if (!replace) {
                return Adoption.DIFFERS;
            }
        }
        try {
            Files.createDirectories(dataDir);
            key.write(dataDir);
        } catch (IOException e) {
            throw new ConfigException("Cannot write the server key " + secretFile + ": " + e.getMessage());
        }
        return present ? Adoption.REPLACED : Adoption.COPIED;
    }

    private void write(Path dataDir) throws IOException {
        Path secretFile = dataDir.resolve(SECRET_FILE);
        Files.writeString(dataDir.resolve(PUBLIC_FILE), publicKeyBase64(), StandardCharsets.US_ASCII);
        Files.writeString(secretFile, secretKeyBase64(), StandardCharsets.US_ASCII);
        restrictToOwner(secretFile);
    }

    /** The secret key file's text: Base64 of seed + public key; a key that does not hold together is refused. */
    static ServerKey parse(String text, Path source) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            secret = new byte[0];
        }
        if (secret.length != SECRET_BYTES) {
            throw new ConfigException("Malformed private key in " + source + ": expected the Base64 of "
                    + SECRET_BYTES + " bytes, as hbbs writes it");
        }
        byte[] seed = Arrays.copyOf(secret, SEED_BYTES);
        byte[] stored = Arrays.copyOfRange(secret, SEED_BYTES, SECRET_BYTES);
        if (!Arrays.equals(derivePublic(seed), stored)) {
            throw new ConfigException("Malformed private key in " + source
                    + ": its public half does not belong to its seed");
        }
        return new ServerKey(seed, stored);
    }

    /**
     * A new key pair. Like hbbs, it draws again while the public key's Base64 has a {@code /} or a {@code :}, which
     * would not survive in a Windows file name ({@code rustdesk-host=…,key=….exe}) or a {@code host:key} string.
     */
    static ServerKey generate(SecureRandom random) {
        while (true) {
            byte[] seed = new byte[SEED_BYTES];
            random.nextBytes(seed);
            ServerKey key = new ServerKey(seed, derivePublic(seed));
            String text = key.publicKeyBase64();
            if (text.indexOf('/') < 0 && text.indexOf(':') < 0) {
                return key;
            }
        }
    }

    private static byte[] derivePublic(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the folder's own permissions apply
        }
    }

    /** {@code message} signed with this key in the combined form clients verify (signature, then message). */
    public byte[] sign(byte[] message) {
        return CombinedSignature.sign(seed, message);
    }

    /** What clients are configured with as "Key", and what {@code id_ed25519.pub} holds. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey);
    }

    private String secretKeyBase64() {
        byte[] secret = Arrays.copyOf(seed, SECRET_BYTES);
        System.arraycopy(publicKey, 0, secret, SEED_BYTES, publicKey.length);
        return Base64.getEncoder().encodeToString(secret);
    }
}
