package org.rdhub.http;

import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.rdhub.access.Caller;
import org.rdhub.auth.Authenticator;
import org.rdhub.common.Csv;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;

/** Small helpers every REST handler uses to read the request. */
public final class Web {
    private static final String CALLER = "rdhub.caller";

    private final Authenticator authenticator;

    public Web(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Who sent the request, from its {@code Authorization: Bearer} header; worked out once per request. */
    public Caller caller(Context ctx) {
        Caller cached = ctx.attribute(CALLER);
        if (cached == null) {
            cached = authenticator.authenticate(bearer(ctx), ctx.ip());
            ctx.attribute(CALLER, cached);
        }
        return cached;
    }

    /** The secret of an {@code Authorization: Bearer} header, or null. */
    public static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    /**
     * Answers a CSV download named {@code name}.csv, written straight to the response by {@code rows}: the one
     * shape of every export. Call it after the service has answered, so a refusal is still a JSON error.
     */
    public static void csv(Context ctx, String name, Consumer<Csv> rows) {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
            rows.accept(new Csv(out));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code current} (default 1) and {@code pageSize} (default 30) from the query string. */
    public static PageRequest page(Context ctx) {
        return new PageRequest(intParam(ctx, "current", 1), intParam(ctx, "pageSize", PageRequest.DEFAULT_PAGE_SIZE));
    }

    private static int intParam(Context ctx, String name, int fallback) {
        Integer value = optionalInt(ctx, name);
        return value == null ? fallback : value;
    }

    /** A whole-number query parameter, or null when it is absent or empty. */
    public static Integer optionalInt(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ServiceException.invalid(name + " must be a whole number");
        }
    }
}
