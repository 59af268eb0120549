package org.rdhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Level;
import org.rdhub.access.Resource;
import org.rdhub.support.DatabaseKind;
import org.rdhub.support.Http;
import org.rdhub.support.TestServer;

/**
 * Every operation the API reference marks with {@code x-permission: resource=r|rw} refuses, with 403 and an
 * {@code error}, a token lacking that permission (and a read-only token where it needs read-write), and lets a
 * token holding exactly that permission past the check. Sends each operation's documented example body, so the
 * check is seen to come before the input is looked at.
 */
class TokenPermissionTest {
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start(DatabaseKind.SQLITE);
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Operation(String method, String path, Resource resource, Level level, String body) {
    }

    @Test
    void each_operation_needs_the_permission_the_reference_names() {
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(50);
        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : operations) {
            String without = server.apiToken(allBut(operation.resource()));
            Http.Response refused = call(operation, without);
            softly.assertThat(refused.status()).as(operation + " without the permission").isEqualTo(403);
            softly.assertThat(refused.body()).as(operation + " error body").startsWith("{\"error\":");
            if (operation.level() == Level.READ_WRITE) {
                Map<Resource, Level> readOnly = allBut(operation.resource());
                readOnly.put(operation.resource(), Level.READ);
                Http.Response readOnlyReply = call(operation, server.apiToken(readOnly));
                softly.assertThat(readOnlyReply.status()).as(operation + " with read only").isEqualTo(403);
            }
            Http.Response allowed = call(operation, server.apiToken(operation.resource(), operation.level()));
            softly.assertThat(allowed.status()).as(operation + " with exactly the permission: " + allowed.body())
                    .isNotIn(401, 403);
        }
        softly.assertAll();
    }

    private static Map<Resource, Level> allBut(Resource resource) {
        Map<Resource, Level> levels = new EnumMap<>(Resource.class);
        for (Resource other : Resource.values()) {
            if (other != resource) {
                levels.put(other, Level.READ_WRITE);
            }
        }
        return levels;
    }

    private static Http.Response call(Operation operation, String token) {
        String path = operation.path().replace("{guid}", UUID.randomUUID().toString());
        if (operation.body() == null) {
            return http.send(operation.method(), path, null, "Authorization", "Bearer " + token);
        }
        return http.send(operation.method(), path, operation.body(), "Content-Type", "application/json",
                "Authorization", "Bearer " + token);
    }

    private static List<Operation> operations() {
        JsonNode document = ApiReference.load().document();
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            JsonNode operation = entry.getValue();
            if (!operation.has(ApiReference.PERMISSION)) {
                return;
            }
            String[] permission = operation.get(ApiReference.PERMISSION).asText().split("=");
            Resource resource = Resource.fromKey(permission[0]).orElseThrow();
            Level level = permission[1].equals("rw") ? Level.READ_WRITE : Level.READ;
            operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT),
                    path.getKey() + requiredQuery(operation, document), resource, level,
                    exampleBody(operation.path("requestBody"), document)));
        }));
        return operations;
    }

    /** The required query parameters with their documented examples, as {@code ?a=1&b=2} or "". */
    private static String requiredQuery(JsonNode operation, JsonNode document) {
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            String ref = parameter.path("$ref").asText("");
            JsonNode resolved = ref.isEmpty() ? parameter : document.at(ref.substring(1));
            if (resolved.path("in").asText().equals("query") && resolved.path("required").asBoolean()) {
                query.append(query.isEmpty() ? '?' : '&').append(resolved.path("name").asText()).append('=')
                        .append(resolved.path("example").asText());
            }
        }
        return query.toString();
    }

    /** The documented example, else the simplest body of the documented shape; null for operations without one. */
    private static String exampleBody(JsonNode requestBody, JsonNode document) {
        String ref = requestBody.path("$ref").asText("");
        JsonNode body = ref.isEmpty() ? requestBody : document.at(ref.substring(1));
        JsonNode media = body.path("content").path("application/json");
        if (media.isMissingNode()) {
            return null;
        }
        if (media.has("example")) {
            return media.get("example").toString();
        }
        return switch (media.path("schema").path("type").asText("object")) {
            case "array" -> "[]";
            case "boolean" -> "true";
            default -> "{}";
        };
    }
}
