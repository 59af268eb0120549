package org.rdhub.console;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's words in English, Spanish and French, from one bundle per feature,
 * {@code i18n/<feature>_<lang>.properties} (UTF-8), merged: a key lives in exactly one bundle. The language is the
 * one the user picked (a cookie), else the best match of the browser's {@code Accept-Language}, else English.
 */
public final class ConsoleText {
    public static final List<String> LANGUAGES = List.of("en", "es", "fr");
    /** The shell, sign-in, account and welcome pages' words are in {@code console}; each feature has its own. */
    public static final List<String> BUNDLES = List.of("console", "devices", "users", "groups");
    static final String COOKIE = "rdhub_lang";

    /** One language's words; {@code {0}}, {@code {1}}… in a text are replaced by the arguments. */
    public record Messages(String language, Map<String, String> texts) {
        public String t(String key, Object... args) {
            String text = texts.get(key);
            if (text == null) {
                throw new MissingResourceException("No console text " + key, "ConsoleText", key);
            }
            for (int i = 0; i < args.length; i++) {
                text = text.replace("{" + i + "}", String.valueOf(args[i]));
            }
            return text;
        }

        /** A refusal a page has no words of its own for: a translated title and the service's English reason. */
        public String refusal(String englishReason) {
            return t("error.400.title") + ": " + englishReason;
        }
    }

    private final Map<String, Messages> byLanguage = new LinkedHashMap<>();

    public ConsoleText() {
        for (String language : LANGUAGES) {
            Map<String, String> texts = new HashMap<>();
            for (String name : BUNDLES) {
                ResourceBundle bundle = bundle(name, language);
                for (String key : bundle.keySet()) {
                    texts.put(key, bundle.getString(key));
                }
            }
            byLanguage.put(language, new Messages(language, Map.copyOf(texts)));
        }
    }

    /** One feature's bundle in one language alone (no fallback to another), as the completeness test reads it. */
    public static ResourceBundle bundle(String name, String language) {
        return ResourceBundle.getBundle("i18n/" + name, Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public Messages of(String language) {
        return byLanguage.getOrDefault(language, byLanguage.get("en"));
    }

    /** The language for this request: the remembered choice, else the browser's, else English. */
    public Messages of(Context ctx) {
        String chosen = ctx.cookie(COOKIE);
        if (chosen != null && LANGUAGES.contains(chosen)) {
            return of(chosen);
        }
        String accept = ctx.header("Accept-Language");
        if (accept != null && !accept.isBlank()) {
            try {
                String match = Locale.lookupTag(Locale.LanguageRange.parse(accept), LANGUAGES);
                if (match != null) {
                    return of(match);
                }
            } catch (IllegalArgumentException e) {
                // a malformed header is the same as none
            }
        }
        return of("en");
    }
}
