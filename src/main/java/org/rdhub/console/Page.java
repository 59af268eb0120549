package org.rdhub.console;

import java.util.ArrayList;
import java.util.List;

/** What every console template gets: the words, the CSRF token, who is signed in and where they are. */
public record Page(ConsoleText.Messages text, String csrf, Viewer viewer, String active, String path) {

    /** The signed-in user as the shell shows them; null on the sign-in pages. */
    public record Viewer(String name, boolean admin) {
    }

    /** A left-menu entry; {@code coming} entries are shown but not yet links. */
    public record MenuItem(String key, String href, boolean active, boolean coming) {
    }

    public String t(String key, Object... args) {
        return text.t(key, args);
    }

    public String language() {
        return text.language();
    }

    public List<String> languages() {
        return ConsoleText.LANGUAGES;
    }

    /** The {@code hx-headers} value that carries the CSRF token on every htmx request. */
    public String htmxHeaders() {
        return "{\"" + ConsoleWeb.CSRF_HEADER + "\": \"" + csrf + "\"}";
    }

    /** The left menu: administrators see every entry, other users their own devices and logs. */
    public List<MenuItem> menu() {
        List<MenuItem> items = new ArrayList<>();
        items.add(new MenuItem("menu.welcome", "/", "welcome".equals(active), false));
        items.add(new MenuItem("menu.devices", null, false, true));
        if (viewer != null && viewer.admin()) {
            items.add(new MenuItem("menu.users", null, false, true));
            items.add(new MenuItem("menu.user_groups", null, false, true));
            items.add(new MenuItem("menu.device_groups", null, false, true));
            items.add(new MenuItem("menu.strategies", null, false, true));
            items.add(new MenuItem("menu.address_books", null, false, true));
        }
        items.add(new MenuItem("menu.logs", null, false, true));
        if (viewer != null && viewer.admin()) {
            items.add(new MenuItem("menu.settings", null, false, true));
        }
        return items;
    }
}
