package org.rdhub.console;

import io.javalin.http.Context;
import java.util.function.Consumer;

/** Stops a console handler and answers otherwise (a redirect to the login page, a 403 page). */
final class Halt extends RuntimeException {
    private final transient Consumer<Context> reply;

    Halt(Consumer<Context> reply) {
        super(null, null, false, false);
        this.reply = reply;
    }

    void reply(Context ctx) {
        reply.accept(ctx);
    }
}
