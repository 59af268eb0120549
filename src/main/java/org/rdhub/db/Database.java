package org.rdhub.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.rdhub.config.Config;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The connection pool, JDBI and the schema. SQLite lives in the data folder (WAL, one pooled connection: SQLite
 * has one writer, and one connection keeps transactions from failing with SQLITE_BUSY); PostgreSQL takes a pool.
 */
public final class Database implements AutoCloseable {

    public static final String SQLITE_FILE = "rdhub.sqlite3";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Whether a failure is a unique index refusing a row. Services check names before writing; this catches the
     * two requests that pass that check at the same moment, so the second one is a conflict, not a fault.
     */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
            }
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Opens the database the settings name and brings its schema up to date. */
    public static Database open(Config config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("rdhub-db");
        if (config.usesPostgres()) {
            hikari.setJdbcUrl(config.dbUrl());
            if (!config.dbUser().isEmpty()) {
                hikari.setUsername(config.dbUser());
                hikari.setPassword(config.dbPassword());
            }
            hikari.setMaximumPoolSize(10);
        } else {
            Path file = sqliteFile(config.dataDir());
            hikari.setJdbcUrl("jdbc:sqlite:" + file + "?foreign_keys=on&journal_mode=WAL&synchronous=NORMAL"
                    + "&busy_timeout=10000");
            hikari.setMaximumPoolSize(1);
        }
        hikari.setConnectionTimeout(15_000);
        hikari.setInitializationFailTimeout(15_000);
        Database database = new Database(new HikariDataSource(hikari), Dialect.of(hikari.getJdbcUrl()));
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static Path sqliteFile(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
        return dataDir.resolve(SQLITE_FILE).toAbsolutePath();
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(dialect.migrationPlaceholders())
                .load()
                .migrate();
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Runs the work in one transaction: all of it lands, or none of it does. */
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> work) throws X {
        return jdbi.inTransaction(work);
    }

    /** Runs the work on one handle without an explicit transaction (reads, single statements). */
    public <R, X extends Exception> R withHandle(HandleCallback<R, X> work) throws X {
        return jdbi.withHandle(work);
    }

    public void useTransaction(Consumer<Handle> work) {
        jdbi.useTransaction(work::accept);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
