package org.rdhub.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Base of suites that run every test against a fresh server on SQLite and again on PostgreSQL. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
public abstract class OnEachDatabase {
    @Parameter
    protected DatabaseKind database;

    protected TestServer server;
    protected Http http;

    @BeforeEach
    void startServer() {
        server = TestServer.start(database);
        http = server.http();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
