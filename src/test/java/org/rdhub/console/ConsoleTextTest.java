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
            "error.csrf.title", "error.csrf.message", "error.400.title", "error.403.title", "error.404.title",
            "error.404.message", "error.500.title", "error.500.message");

    private static Set<String> keys(String name, String language) {
        return new TreeSet<>(ConsoleText.bundle(name, language).keySet());
    }

    private static Set<String> allKeys(String language) {
        Set<String> all = new TreeSet<>();
        for (String name : ConsoleText.BUNDLES) {
            all.addAll(keys(name, language));
        }
        return all;
    }

    @Test
    void every_language_has_every_key_and_no_empty_text() {
        for (String name : ConsoleText.BUNDLES) {
            Set<String> english = keys(name, "en");
            for (String language : ConsoleText.LANGUAGES) {
                var bundle = ConsoleText.bundle(name, language);
                assertThat(bundle.getLocale().getLanguage()).as("bundle %s of %s", name, language)
                        .isEqualTo(language);
                assertThat(keys(name, language)).as("keys of %s in %s", name, language).isEqualTo(english);
                Map<String, String> empty = new TreeMap<>();
                for (String key : bundle.keySet()) {
                    if (bundle.getString(key).isBlank()) {
                        empty.put(key, language);
                    }
                }
                assertThat(empty).as("empty texts of %s in %s", name, language).isEmpty();
            }
        }
    }

    @Test
    void a_key_lives_in_one_bundle_only() {
        Map<String, String> owner = new TreeMap<>();
        Set<String> twice = new TreeSet<>();
        for (String name : ConsoleText.BUNDLES) {
            for (String key : keys(name, "en")) {
                if (owner.put(key, name) != null) {
                    twice.add(key);
                }
            }
        }
        assertThat(twice).as("keys in more than one bundle").isEmpty();
    }

    @Test
    void every_key_the_pages_use_is_in_the_bundles() throws IOException {
        Set<String> used = new TreeSet<>(BUILT_KEYS);
        // templates, the console package, and every feature's *Pages class
        for (Path root : new Path[] {Path.of("src/main/jte"), Path.of("src/main/java/org/rdhub")}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).filter(ConsoleTextTest::showsWords).toList()) {
                    Matcher matcher = LITERAL_KEY.matcher(Files.readString(file));
                    while (matcher.find()) {
                        used.add(matcher.group(1));
                    }
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(40);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(allKeys("en"));
        assertThat(missing).as("keys used by templates or console code but in no bundle").isEmpty();
    }

    private static boolean showsWords(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jte") || file.toString().contains("/console/") || name.endsWith("Pages.java")
                || name.endsWith("Page.java");
    }

    @Test
    void the_texts_are_read_as_utf8() {
        assertThat(new ConsoleText().of("fr").t("menu.settings")).isEqualTo("Paramètres");
        assertThat(new ConsoleText().of("es").t("welcome.hello", "ana")).isEqualTo("Sesión iniciada como ana.");
    }
}
