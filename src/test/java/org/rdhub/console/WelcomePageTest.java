package org.rdhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.settings.ServerSetting;
import org.rdhub.support.ConsoleBrowser;
import org.rdhub.support.Http;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.users.NewAccount;

/** The welcome page: how to point a client at this server, and for administrators the counts and the chart. */
class WelcomePageTest extends OnEachDatabase {
    private static final String PASSWORD = "Correct-horse-9";
    private static final Pattern CONFIG = Pattern.compile("id=\"config-string\" value=\"([^\"]+)\"");

    private ConsoleBrowser admin;

    @BeforeEach
    void signInAdmin() {
        server.app().users().resetPassword(new Caller.CommandLine(), "admin", PASSWORD);
        admin = new ConsoleBrowser(http, "Accept-Language", "en");
        admin.signIn("admin", PASSWORD);
    }

    /** As the RustDesk client reads it: reverse, Base64url. */
    private static String decodedConfig(String page) {
        Matcher matcher = CONFIG.matcher(page);
        assertThat(matcher.find()).as("config string on the page").isTrue();
        String base64 = new StringBuilder(matcher.group(1)).reverse().toString();
        return new String(Base64.getUrlDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private String publicKeyFile() throws Exception {
        return Files.readString(Path.of(server.config().dataDir().toString(), "id_ed25519.pub"));
    }

    @Test
    void the_page_gives_the_servers_key_and_the_config_string_exe_name_and_qr_code_for_clients() throws Exception {
        Http.Response page = admin.get("/");

        String key = publicKeyFile();
        String api = "http://127.0.0.1:" + server.web().port();
        assertThat(page.body()).contains("id=\"server-key\" value=\"" + key + "\"")
                .contains("data-testid=\"id-server\">127.0.0.1<")
                .contains("data-testid=\"api-server\">" + api + "<")
                .contains("value=\"rustdesk-licensed-").contains("<svg");
        // the API is not on the ID host's port 21114 here, so the string carries it; the relay is derived
        assertThat(decodedConfig(page.body())).isEqualTo("{\"host\":\"127.0.0.1\",\"key\":\"" + key + "\",\"api\":\""
                + api + "\"}");
    }

    @Test
    void the_relay_the_id_server_hands_out_is_the_one_shown_and_carried_by_the_string() throws Exception {
        server.app().settings().set(new Caller.CommandLine(), ServerSetting.RELAY_SERVERS,
                "relay1.example.com:21117, relay2.example.com");
        try {
            Http.Response page = admin.get("/?host=rd.example.com&api=http%3A%2F%2Frd.example.com%3A21114");
            assertThat(page.body()).contains("data-testid=\"relay-server\">relay1.example.com:21117<");
            assertThat(decodedConfig(page.body())).isEqualTo("{\"host\":\"rd.example.com\",\"key\":\""
                    + publicKeyFile() + "\",\"relay\":\"relay1.example.com:21117\"}");
        } finally {
            server.app().settings().set(new Caller.CommandLine(), ServerSetting.RELAY_SERVERS, "");
        }
    }

    @Test
    void another_host_typed_in_the_form_makes_its_own_string_and_junk_is_ignored() throws Exception {
        String key = publicKeyFile();
        Http.Response page = admin.get("/?host=rd.example.com&api=http%3A%2F%2Frd.example.com%3A21114%2F");
        assertThat(decodedConfig(page.body())).isEqualTo("{\"host\":\"rd.example.com\",\"key\":\"" + key + "\"}");

        Http.Response junk = admin.get("/?host=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&api=javascript%3Aalert(1)");
        assertThat(junk.status()).isEqualTo(200);
        assertThat(junk.body()).doesNotContain("<script>alert").doesNotContain("javascript:alert");
        assertThat(decodedConfig(junk.body())).startsWith("{\"host\":\"127.0.0.1\"");
    }

    @Test
    void other_users_see_how_to_connect_but_not_the_counts_or_the_chart() {
        server.app().users().create(new Caller.CommandLine(), new NewAccount("ana", null, "", null, false),
                PASSWORD);
        ConsoleBrowser ana = new ConsoleBrowser(http, "Accept-Language", "en");
        ana.signIn("ana", PASSWORD);

        String body = ana.get("/").body();
        assertThat(body).contains("data-testid=\"client-setup\"").doesNotContain("data-testid=\"users-count\"")
                .doesNotContain("online-chart").doesNotContain("chart-empty");
    }

    @Test
    void the_chart_shows_the_recorded_samples_of_the_last_day() {
        assertThat(admin.get("/").body()).contains("data-testid=\"chart-empty\"");

        server.app().onlineHistory().sample();
        server.clock().advance(java.time.Duration.ofMinutes(5));
        server.app().onlineHistory().sample();

        assertThat(admin.get("/").body()).contains("data-testid=\"online-chart\"").contains("data-online=\"0,0\"");
    }
}
