package org.rdhub.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdhub.support.Browser;
import org.rdhub.support.DatabaseKind;
import org.rdhub.support.TestServer;

/**
 * The API reference page ({@code /api/docs}) as a person reads it in Chromium: sections, links, operations that open.
 * One SQLite server serves the whole class: the page is built from openapi.yaml and reads no data.
 */
class ApiDocsBrowserTest {
    @RegisterExtension
    static final Browser browser = new Browser();

    private static TestServer server;
    private Page page;

    @BeforeAll
    static void start() {
        server = TestServer.start(DatabaseKind.SQLITE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void openReference() {
        page = browser.open(server);
        Response response = page.navigate("/api/docs");
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void the_page_lists_every_section_with_a_link_to_it() {
        assertThat(page).hasTitle("rdhub API");
        assertThat(page.locator("h1")).hasText("rdhub API");
        List<String> links = page.locator("nav a").allTextContents();
        List<String> headings = page.locator("h2").allTextContents();

        assertThat(links).contains("Sign-in", "Address books", "Users", "User groups", "Devices", "Audit logs")
                .doesNotContain("Other") // every operation belongs to a documented section
                .containsExactlyElementsOf(headings);
    }

    @Test
    void each_section_link_scrolls_to_its_section() {
        Locator links = page.locator("nav a");
        for (int i = links.count() - 1; i >= 0; i--) {
            Locator link = links.nth(i);
            String href = link.getAttribute("href");
            Locator heading = page.locator("h2" + href);

            link.click();

            assertThat(page).hasURL(server.http().base() + "/api/docs" + href);
            assertThat(heading).hasText(link.textContent());
            assertThat(heading).isInViewport();
        }
    }

    @Test
    void an_operation_opens_to_show_its_permission_parameters_and_replies() {
        Locator operation = page.locator("details")
                .filter(new Locator.FilterOptions().setHasText("get /api/ab/tags/{guid}"));
        Locator permission = operation.getByText("API token permission:");
        assertThat(operation).hasCount(1);
        assertThat(permission).isHidden();

        operation.locator("summary").click();

        assertThat(operation).hasAttribute("open", "");
        assertThat(permission).isVisible();
        assertThat(permission.locator("code")).hasText("address-book=r");
        assertThat(operation.locator("table").first()).containsText("guid");
        assertThat(operation.locator("table").last()).containsText("200");
    }

    @Test
    void the_machine_readable_link_serves_the_openapi_document() {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("/api/openapi.json")).click();

        assertThat(page).hasURL(server.http().base() + "/api/openapi.json");
        assertThat(page.locator("body")).containsText("\"openapi\":\"3.");
    }
}
