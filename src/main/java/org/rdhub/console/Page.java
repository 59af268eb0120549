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

    private MenuItem link(String key, String href, String name) {
        return new MenuItem(key, href, name.equals(active), false);
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
        items.add(link("menu.devices", "/devices", "devices"));
        if (viewer != null && viewer.admin()) {
            items.add(link("menu.users", "/users", "users"));
            items.add(link("menu.user_groups", "/user-groups", "user_groups"));
            items.add(link("menu.device_groups", "/device-groups", "device_groups"));
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
