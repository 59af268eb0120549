package org.rdhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every console word exists, non-empty, in English, Spanish and French, and every key a page uses exists. */
class ConsoleTextTest {
    /** {@code t("key")} or {@code t("key", args)} in templates and console code (not the prefixes of built keys). */
    private static final Pattern LITERAL_KEY = Pattern.compile("\\bt\\(\"([a-z0-9_.]+)\"\\s*[,)]");
    /** Keys templates build at run time: the language names, the menu, the account notices. */
    private static final Set<String> BUILT_KEYS = Set.of("lang.en", "lang.es", "lang.fr", "menu.welcome",
            "menu.devices", "menu.users", "menu.user_groups", "menu.device_groups", "menu.strategies",
            "menu.address_books", "menu.logs", "menu.settings", "account.done.password", "account.done.totp_on",
            "account.done.totp_off", "account.done.email_on", "account.done.email_off", "account.done.totp_started",
            "error.csrf.title", "error.csrf.message");

    private static Set<String> keys(String language) {
        return new TreeSet<>(ConsoleText.bundle(language).keySet());
    }

    @Test
    void every_language_has_every_key_and_no_empty_text() {
        Set<String> english = keys("en");
        assertThat(english).isNotEmpty();
        for (String language : ConsoleText.LANGUAGES) {
            var bundle = ConsoleText.bundle(language);
            assertThat(bundle.getLocale().getLanguage()).as("bundle of %s", language).isEqualTo(language);
            assertThat(keys(language)).as("keys of %s", language).isEqualTo(english);
            Map<String, String> empty = new TreeMap<>();
            for (String key : bundle.keySet()) {
                if (bundle.getString(key).isBlank()) {
                    empty.put(key, language);
                }
            }
            assertThat(empty).as("empty texts in %s", language).isEmpty();
        }
    }

    @Test
    void every_key_the_pages_use_is_in_the_bundles() throws IOException {
        Set<String> used = new TreeSet<>(BUILT_KEYS);
        for (Path root : new Path[] {Path.of("src/main/jte"), Path.of("src/main/java/org/rdhub/console")}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Matcher matcher = LITERAL_KEY.matcher(Files.readString(file));
                    while (matcher.find()) {
                        used.add(matcher.group(1));
                    }
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(40);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(keys("en"));
        assertThat(missing).as("keys used by templates or console code but in no bundle").isEmpty();
    }

    @Test
    void the_texts_are_read_as_utf8() {
        assertThat(new ConsoleText().of("fr").t("menu.settings")).isEqualTo("Paramètres");
        assertThat(new ConsoleText().of("es").t("welcome.hello", "ana")).isEqualTo("Sesión iniciada como ana.");
    }
}
