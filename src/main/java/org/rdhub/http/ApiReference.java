package org.rdhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API reference: {@code openapi.yaml} (kept beside the code, checked against the routes by a test) served as
 * OpenAPI JSON at {@code /api/openapi.json} and as a readable page at {@code /api/docs}. Both are built once.
 */
public final class ApiReference {
    /** Extension naming the API-token permission an operation needs, as {@code resource=r|rw}. */
    static final String PERMISSION = "x-permission";
    private static final List<String> METHODS = List.of("get", "head", "post", "put", "patch", "delete");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");

    private final JsonNode document;
    private final String json;
    private final String page;

    private ApiReference(JsonNode document) {
        this.document = document;
        try {
            this.json = Json.MAPPER.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.page = render(document);
    }

    public static ApiReference load() {
        try (InputStream in = ApiReference.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the jar");
            }
            // SnakeYAML (under jackson-dataformat-yaml) rather than YAMLMapper.readTree, which reads an alias such
            // as `post: *abTags` as the string "abTags" instead of the operation it names
            Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return new ApiReference(Json.MAPPER.valueToTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /** Every documented operation as {@code "METHOD /path"}, for the test that compares them with the routes. */
    public Set<String> operations() {
        Set<String> operations = new LinkedHashSet<>();
        document.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return operations;
    }

    public void json(Context ctx) {
        ctx.contentType("application/json").result(json);
    }

    public void page(Context ctx) {
        ctx.html(page);
    }

    private static String render(JsonNode document) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        document.path("tags").forEach(tag -> sections.put(tag.path("name").asText(), new ArrayList<>()));
        document.path("paths").properties().forEach(path -> METHODS.forEach(method -> {
            JsonNode operation = path.getValue().get(method);
            if (operation != null) {
                String tag = operation.path("tags").path(0).asText("Other");
                sections.computeIfAbsent(tag, t -> new ArrayList<>())
                        .add(operation(method, path.getKey(), operation, document));
            }
        }));

        StringBuilder html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>rdhub API</title><style>
                body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f8fb}
                main{max-width:980px;margin:0 auto;padding:24px}
                h1{margin:0 0 4px}h2{margin:32px 0 8px;border-bottom:1px solid #d9dee6;padding-bottom:4px}
                nav a{margin-right:12px}
                details{background:#fff;border:1px solid #d9dee6;border-radius:6px;margin:6px 0;padding:6px 10px}
                summary{cursor:pointer}
                .m{display:inline-block;min-width:58px;font:600 12px monospace;text-transform:uppercase}
                .get{color:#1f7a3d}.post{color:#1c5fb8}.put,.patch{color:#9a5b00}.delete{color:#b3261e}.head{color:#555}
                code{background:#eef1f5;border-radius:3px;padding:0 3px}
                table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #d9dee6;padding:2px 8px;text-align:left}
                pre{background:#eef1f5;padding:8px;overflow:auto;font-size:13px}
                </style></head><body><main><h1>rdhub API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3)</p>
                """);
        html.append(paragraphs(document.path("info").path("description").asText()));
        html.append("<nav>");
        sections.keySet().forEach(name -> html.append("<a href=\"#").append(anchor(name)).append("\">")
                .append(escape(name)).append("</a>"));
        html.append("</nav>");
        sections.forEach((name, operations) -> {
            html.append("<h2 id=\"").append(anchor(name)).append("\">").append(escape(name)).append("</h2>");
            operations.forEach(html::append);
        });
        return html.append("</main></body></html>").toString();
    }

    private static String operation(String method, String path, JsonNode operation, JsonNode document) {
        StringBuilder html = new StringBuilder("<details><summary><span class=\"m ").append(method).append("\">")
                .append(method).append("</span> <code>").append(escape(path)).append("</code> ")
                .append(inline(operation.path("summary").asText())).append("</summary>");
        if (operation.path("security").isArray() && operation.path("security").isEmpty()) {
            html.append("<p>No token needed.</p>");
        }
        if (operation.has(PERMISSION)) {
            html.append("<p>API token permission: <code>").append(escape(operation.get(PERMISSION).asText()))
                    .append("</code></p>");
        }
        html.append(paragraphs(operation.path("description").asText()));
        JsonNode parameters = operation.path("parameters");
        if (!parameters.isEmpty()) {
            html.append("<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>About</th></tr>");
            parameters.forEach(p -> {
                JsonNode parameter = resolve(p, document);
                html.append("<tr><td><code>").append(escape(parameter.path("name").asText())).append("</code>")
                        .append(parameter.path("required").asBoolean() ? " *" : "").append("</td><td>")
                        .append(escape(parameter.path("in").asText())).append("</td><td>")
                        .append(escape(parameter.path("schema").path("type").asText())).append("</td><td>")
                        .append(inline(parameter.path("description").asText())).append("</td></tr>");
            });
            html.append("</table>");
        }
        JsonNode body = resolve(operation.path("requestBody"), document);
        if (!body.isMissingNode()) {
            body.path("content").properties().forEach(content -> {
                html.append("<p>Body (").append(escape(content.getKey())).append("):</p><pre>")
                        .append(escape(schema(content.getValue().path("schema"), document).toPrettyString()))
                        .append("</pre>");
                if (content.getValue().has("example")) {
                    html.append("<p>Example:</p><pre>").append(escape(content.getValue().get("example").toString()))
                            .append("</pre>");
                }
            });
        }
        html.append("<table><tr><th>Status</th><th>Reply</th></tr>");
        operation.path("responses").properties().forEach(response -> html.append("<tr><td>")
                .append(escape(response.getKey())).append("</td><td>")
                .append(inline(resolve(response.getValue(), document).path("description").asText()))
                .append("</td></tr>"));
        return html.append("</table></details>").toString();
    }

    /** A schema with its {@code $ref}s replaced by what they name, for reading. */
    private static JsonNode schema(JsonNode schema, JsonNode document) {
        JsonNode resolved = resolve(schema, document);
        if (!resolved.isObject()) {
            return resolved;
        }
        ObjectNode copy = ((ObjectNode) resolved).deepCopy();
        copy.properties().forEach(field -> {
            if (field.getValue().isObject()) {
                field.setValue(schema(field.getValue(), document));
            }
        });
        return copy;
    }

    private static JsonNode resolve(JsonNode node, JsonNode document) {
        String ref = node.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        return resolve(document.at(ref.substring(1)), document);
    }

    private static String paragraphs(String text) {
        StringBuilder html = new StringBuilder();
        for (String paragraph : text.strip().split("\n\\s*\n")) {
            if (!paragraph.isBlank()) {
                html.append("<p>").append(inline(paragraph.strip())).append("</p>");
            }
        }
        return html.toString();
    }

    /** Escapes, then turns the descriptions' {@code `code`} and {@code **bold**} into HTML. */
    private static String inline(String text) {
        String escaped = escape(text);
        Matcher code = CODE.matcher(escaped);
        escaped = code.replaceAll("<code>$1</code>");
        return BOLD.matcher(escaped).replaceAll("<b>$1</b>");
    }

    private static String anchor(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
