package org.rdhub.console;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The console's words in English, Spanish and French, from {@code i18n/console_<lang>.properties} (UTF-8). The
 * language is the one the user picked (a cookie), else the best match of the browser's {@code Accept-Language},
 * else English.
 */
public final class ConsoleText {
    public static final List<String> LANGUAGES = List.of("en", "es", "fr");
    public static final String BUNDLE = "i18n/console";
    static final String COOKIE = "rdhub_lang";

    /** One language's words; {@code {0}}, {@code {1}}… in a text are replaced by the arguments. */
    public record Messages(String language, ResourceBundle bundle) {
        public String t(String key, Object... args) {
            String text = bundle.getString(key);
            for (int i = 0; i < args.length; i++) {
                text = text.replace("{" + i + "}", String.valueOf(args[i]));
            }
            return text;
        }
    }

    private final Map<String, Messages> byLanguage = new LinkedHashMap<>();

    public ConsoleText() {
        for (String language : LANGUAGES) {
            byLanguage.put(language, new Messages(language, bundle(language)));
        }
    }

    /** The bundle of one language alone (no fallback to another), as the completeness test reads it too. */
    public static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language),
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
