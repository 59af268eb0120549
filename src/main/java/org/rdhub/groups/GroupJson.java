package org.rdhub.groups;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;

/** What the two group APIs read and write alike. */
final class GroupJson {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private GroupJson() {
    }

    /** A bare JSON array of strings, as the membership calls send it. */
    static List<String> stringArray(Context ctx, String what) {
        JsonNode body = ctx.body().isBlank() ? null : Json.read(ctx, JsonNode.class);
        if (body == null || !body.isArray()) {
            throw ServiceException.invalid("The request body must be a JSON array of " + what);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : body) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw ServiceException.invalid("The request body must be a JSON array of " + what);
            }
            values.add(item.asText());
        }
        return values;
    }

    /** Creation time as users are listed: UTC, without an offset. */
    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
