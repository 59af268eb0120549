package org.rdhub.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the REST API answers a failure: a status code and {@code {"error": "<message>"}}, which every RustDesk
 * client path and every Pro script recognises. Unexpected faults are logged here with their stack trace and
 * answered with a bare 500, never with internals.
 */
public final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Another face's way of answering a failure (the console's error page); true when it took the request. */
    @FunctionalInterface
    public interface Pages {
        boolean answer(Context ctx, int status, String message);
    }

    /** Failures of requests {@code pages} takes are answered by it; all others as JSON. */
    public static void register(RoutesConfig routes, Pages pages) {
        routes.exception(ServiceException.class, (e, ctx) -> fail(ctx, pages, status(e.kind()), e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> fail(ctx, pages, e.getStatus(), message(e)));
        routes.exception(Exception.class, (e, ctx) -> {
            if (Database.isUniqueViolation(e)) {
                fail(ctx, pages, 409, "Another request took that name at the same moment; nothing was changed");
                return;
            }
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            fail(ctx, pages, 500, "Internal server error");
        });
    }

    private static void fail(Context ctx, Pages pages, int status, String message) {
        if (!pages.answer(ctx, status, message)) {
            reply(ctx, status, message);
        }
    }

    public static int status(ServiceException.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> 400;
            case NOT_AUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_MANY_REQUESTS -> 429;
        };
    }

    public static void reply(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(Json.write(Map.of("error", message)));
    }

    private static String message(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "The request body is too large";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "Bad request" : e.getMessage();
        };
    }
}
