package org.rdhub.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The server settings a RustDesk client is given in one string, as Pro's console encodes them: the compact JSON
 * {@code {"host","key","api","relay"}} (empty fields left out), Base64url without padding, reversed. The client
 * reads it from {@code rustdesk --config <string>}, from an EXE named {@code rustdesk-licensed-<string>.exe}, from
 * "Import server config", and from a QR code holding {@code config=<string>}.
 */
public record ClientConfig(String host, String key, String api, String relay) {

    public String encoded() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        put(json, "host", host);
        put(json, "key", key);
        put(json, "api", api);
        put(json, "relay", relay);
        String base64 = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        return new StringBuilder(base64).reverse().toString();
    }

    /** The name to give the stock Windows client so it configures itself on first start. */
    public String windowsExeName() {
        return "rustdesk-licensed-" + encoded() + ".exe";
    }

    /** What the mobile client's scanner accepts. */
    public String qrPayload() {
        return "config=" + encoded();
    }

    private static void put(ObjectNode json, String name, String value) {
        if (value != null && !value.isBlank()) {
            json.put(name, value.strip());
        }
    }
}
