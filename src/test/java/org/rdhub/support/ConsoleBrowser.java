package org.rdhub.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without a screen for the console's HTTP tests: keeps cookies as Set-Cookie says, does not follow
 * redirects, and sends the CSRF token of the last page it read with each form, as the page's hidden field would.
 */
public final class ConsoleBrowser {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final Http http;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<String> extraHeaders = new ArrayList<>();
    private String csrf;

    public ConsoleBrowser(Http http, String... headers) {
        this.http = http;
        extraHeaders.addAll(List.of(headers));
    }

    public Http.Response get(String path, String... headers) {
        return remember(http.send("GET", path, null, headers(headers)));
    }

    /** A form POST with the page's CSRF token added; {@code fields} are name, value, name, value... */
    public Http.Response submit(String path, String... fields) {
        List<String> all = new ArrayList<>(List.of(fields));
        if (csrf != null) {
            all.add("_csrf");
            all.add(csrf);
        }
        return post(path, all.toArray(String[]::new));
    }

    /** A form POST exactly as given (no CSRF token unless listed). */
    public Http.Response post(String path, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return remember(http.send("POST", path, body.toString(),
                headers("Content-Type", "application/x-www-form-urlencoded")));
    }

    /** Signs in with name and password from the login page; returns the reply to the POST. */
    public Http.Response signIn(String username, String password) {
        get("/login");
        return submit("/login", "username", username, "password", password);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    /** The CSRF token of the last page that had one. */
    public String csrf() {
        return csrf;
    }

    private String[] headers(String... more) {
        List<String> all = new ArrayList<>(extraHeaders);
        all.addAll(List.of(more));
        if (!cookies.isEmpty()) {
            all.add("Cookie");
            all.add(String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        return all.toArray(String[]::new);
    }

    private Http.Response remember(Http.Response response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (header.contains("Max-Age=0") || value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        Matcher matcher = CSRF_FIELD.matcher(response.body());
        if (matcher.find()) {
            csrf = matcher.group(1);
        }
        return response;
    }
}
