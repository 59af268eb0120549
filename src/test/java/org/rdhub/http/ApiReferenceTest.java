package org.rdhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdhub.support.DatabaseKind;
import org.rdhub.support.Http;
import org.rdhub.support.TestServer;

/** The API reference describes every route there is, and nothing that is not a route. */
class ApiReferenceTest {
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

    @Test
    void every_route_is_documented_and_every_documented_operation_is_a_route() {
        Set<String> routes = server.web().routes();
        Set<String> documented = ApiReference.load().operations();

        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(routes);
        assertThat(undocumented).as("routes missing from src/main/resources/openapi.yaml").isEmpty();
        assertThat(stale).as("operations in openapi.yaml that no route serves").isEmpty();
    }

    @Test
    void the_document_is_served_as_openapi_json_and_as_a_page_without_a_token() {
        Http.Response json = http.get("/api/openapi.json");
        Http.Response page = http.get("/api/docs");

        assertThat(json.status()).isEqualTo(200);
        JsonNode document = json.json();
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("paths").has("/api/ab/peer/add/{guid}")).isTrue();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<code>/api/ab/tags/{guid}</code>").contains("Address books")
                .contains("API token permission: <code>device=rw</code>")
                .contains("{&quot;type&quot;:&quot;note&quot;,&quot;value&quot;:&quot;front desk&quot;}")
                .doesNotContain("$ref");
    }

    @Test
    void every_operation_is_described_under_a_section_even_when_written_as_a_yaml_alias() {
        JsonNode paths = ApiReference.load().document().path("paths");
        Set<String> bare = new TreeSet<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            boolean described = operation.getValue().path("tags").isArray() && operation.getValue().has("summary");
            if (!described && !operation.getKey().equals("parameters")) {
                bare.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        assertThat(bare).isEmpty();
        assertThat(paths.path("/api/ab/tags/{guid}").path("post").path("summary").asText()).startsWith("Tags of a book");
    }

    @Test
    void every_reference_in_the_document_resolves() {
        JsonNode document = ApiReference.load().document();
        Set<String> broken = new TreeSet<>();
        collectBrokenRefs(document, document, broken);
        assertThat(broken).isEmpty();
    }

    private static void collectBrokenRefs(JsonNode node, JsonNode document, Set<String> broken) {
        if (node.has("$ref") && document.at(node.get("$ref").asText().substring(1)).isMissingNode()) {
            broken.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectBrokenRefs(child, document, broken));
    }
}
