package org.rdhub.addressbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;

/**
 * The client's JSON for peers and tags, both ways. Reading is strict about the fields the client's models cast (a
 * wrong type there would break every later pull of the book) and keeps any other field as it was sent.
 */
final class BookJson {
    private static final Set<String> COLUMNS =
            Set.of("id", "alias", "note", "tags", "password", "hash", "username", "hostname", "platform");
    /** Peer fields without a column that the client reads as strings (peer_model.dart). */
    private static final Set<String> STRING_EXTRAS =
            Set.of("forceAlwaysRelay", "rdpPort", "rdpUsername", "loginName", "device_group_name");
    private static final String SAME_SERVER = "same_server";

    private static final int MAX_ID = 100;
    private static final int MAX_NAME = 255;
    private static final int MAX_PLATFORM = 64;

    private BookJson() {
    }

    /** A peer object as the client sends it; {@code id} is required, every other field optional. */
    static PeerFields peer(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ServiceException.invalid("A peer must be a JSON object");
        }
        String id = string(node, "id", MAX_ID);
        if (id == null || id.isBlank()) {
            throw ServiceException.invalid("Field 'id' is required");
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        node.properties().forEach(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (COLUMNS.contains(key)) {
                return;
            }
            if (STRING_EXTRAS.contains(key) && !value.isTextual() && !value.isNull()) {
                throw ServiceException.invalid("Field '" + key + "' must be a string");
            }
            if (key.equals(SAME_SERVER) && !value.isBoolean() && !value.isNull()) {
                throw ServiceException.invalid("Field '" + SAME_SERVER + "' must be true, false or null");
            }
            extra.put(key, value);
        });
        return new PeerFields(id.strip(), string(node, "alias", MAX_NAME), string(node, "note", Integer.MAX_VALUE),
                tagList(node.get("tags")), string(node, "password", Integer.MAX_VALUE),
                string(node, "hash", Integer.MAX_VALUE), string(node, "username", MAX_NAME),
                string(node, "hostname", MAX_NAME), string(node, "platform", MAX_PLATFORM), extra);
    }

    /** A new shared book: {@code {"name", "note": string|null (none is ""), "info"?: {"password": string|null}}}. */
    record NewBook(String name, String note, String password) {
    }

    static NewBook newBook(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ServiceException.invalid("The request body must be a JSON object");
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw ServiceException.invalid("Field 'name' must be a non-blank string");
        }
        if (name.asText().length() > MAX_NAME) {
            throw ServiceException.invalid("Field 'name' is longer than " + MAX_NAME + " characters");
        }
        JsonNode info = node.get("info");
        if (info != null && !info.isNull() && !info.isObject()) {
            throw ServiceException.invalid("Field 'info' must be an object");
        }
        String password = info == null || info.isNull() ? null : string(info, "password", MAX_NAME);
        String note = string(node, "note", Integer.MAX_VALUE);
        return new NewBook(name.asText().strip(), note == null ? "" : note, password);
    }

    /** A shared book's profile change: only the fields sent change; {@code owner} is a user name. */
    record BookUpdate(String guid, String name, String note, String owner, boolean passwordSent, String password) {
    }

    static BookUpdate bookUpdate(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ServiceException.invalid("The request body must be a JSON object");
        }
        JsonNode guid = node.get("guid");
        if (guid == null || !guid.isTextual() || guid.asText().isBlank()) {
            throw ServiceException.invalid("Field 'guid' must be an address book guid");
        }
        String name = string(node, "name", MAX_NAME);
        if (name != null && name.isBlank()) {
            throw ServiceException.invalid("Field 'name' must be a non-blank string");
        }
        JsonNode info = node.get("info");
        if (info != null && !info.isNull() && !info.isObject()) {
            throw ServiceException.invalid("Field 'info' must be an object");
        }
        boolean passwordSent = info != null && info.isObject() && info.has("password");
        return new BookUpdate(guid.asText(), name == null ? null : name.strip(), string(node, "note", Integer.MAX_VALUE),
                string(node, "owner", MAX_NAME), passwordSent, passwordSent ? string(info, "password", MAX_NAME) : null);
    }

    /** {@code {"name": "...", "color": <unsigned 32-bit>}}. */
    static BookTag tag(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ServiceException.invalid("The request body must be a JSON object");
        }
        return new BookTag(tagName(node.get("name"), "name"), color(node.get("color"), "color"));
    }

    /** A tag name: a non-blank string of at most 255 characters. */
    static String tagName(JsonNode value, String field) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ServiceException.invalid("Field '" + field + "' must be a tag name");
        }
        if (value.asText().length() > MAX_NAME) {
            throw ServiceException.invalid("Field '" + field + "' is longer than " + MAX_NAME + " characters");
        }
        return value.asText();
    }

    static long color(JsonNode value, String field) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || value.asLong() < 0 || value.asLong() > BookTag.MAX_COLOR) {
            throw ServiceException.invalid("Field '" + field + "' must be a whole number from 0 to "
                    + BookTag.MAX_COLOR);
        }
        return value.asLong();
    }

    /** A JSON array of strings (peer ids, tag names), as the client's DELETE calls send it. */
    static List<String> stringArray(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw ServiceException.invalid("The request body must be a JSON array of " + what);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ServiceException.invalid("The request body must be a JSON array of " + what);
            }
            values.add(item.asText());
        }
        return values;
    }

    /** A peer as the client's Peer.fromJson reads it. */
    static ObjectNode peerNode(BookPeer peer) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        peer.extra().forEach(node::set);
        node.put("id", peer.id());
        node.put("alias", peer.alias());
        ArrayNode tags = node.putArray("tags");
        peer.tags().forEach(tags::add);
        node.put("username", peer.username());
        node.put("hostname", peer.hostname());
        node.put("platform", peer.platform());
        node.put("note", peer.note());
        if (peer.hash() != null) {
            node.put("hash", peer.hash());
        }
        if (peer.password() != null) {
            node.put("password", peer.password());
        }
        return node;
    }

    /**
     * The legacy single document, {@code {"tags": [...], "peers": [...], "tag_colors": "<JSON map as a string>"}},
     * itself returned as a string by the legacy calls.
     */
    static String legacyDocument(List<BookPeer> peers, List<BookTag> tags) {
        ObjectNode document = Json.MAPPER.createObjectNode();
        ArrayNode tagNames = document.putArray("tags");
        Map<String, Long> colors = new LinkedHashMap<>();
        for (BookTag tag : tags) {
            tagNames.add(tag.name());
            colors.put(tag.name(), tag.color());
        }
        ArrayNode peerNodes = document.putArray("peers");
        peers.forEach(peer -> peerNodes.add(peerNode(peer)));
        document.put("tag_colors", Json.write(colors));
        return Json.write(document);
    }

    /** Reads the legacy document a client pushes; {@code tag_colors} is optional (Sciter leaves it out). */
    static LegacyDocument legacy(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("data").isTextual()) {
            throw ServiceException.invalid("Field 'data' must be a string holding the address book as JSON");
        }
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(body.get("data").asText());
        } catch (JsonProcessingException e) {
            throw ServiceException.invalid("Field 'data' is not valid JSON");
        }
        if (document == null || !document.isObject()) {
            throw ServiceException.invalid("Field 'data' must hold a JSON object");
        }
        List<String> tags = document.hasNonNull("tags") ? stringArray(document.get("tags"), "tag names")
                : List.of();
        for (String tag : tags) {
            tagName(Json.MAPPER.getNodeFactory().textNode(tag), "tags");
        }
        List<PeerFields> peers = new ArrayList<>();
        JsonNode peerNodes = document.path("peers");
        if (!peerNodes.isMissingNode() && !peerNodes.isNull()) {
            if (!peerNodes.isArray()) {
                throw ServiceException.invalid("Field 'peers' must be a list");
            }
            peerNodes.forEach(peer -> peers.add(peer(peer)));
        }
        return new LegacyDocument(peers, tags, colors(document.path("tag_colors")));
    }

    private static Map<String, Long> colors(JsonNode tagColors) {
        Map<String, Long> colors = new LinkedHashMap<>();
        if (tagColors.isMissingNode() || tagColors.isNull()) {
            return colors;
        }
        JsonNode map;
        try {
            map = tagColors.isTextual() ? Json.MAPPER.readTree(tagColors.asText()) : null;
        } catch (JsonProcessingException e) {
            map = null;
        }
        if (map == null || !map.isObject()) {
            throw ServiceException.invalid("Field 'tag_colors' must be a string holding a JSON object");
        }
        map.properties().forEach(entry -> colors.put(entry.getKey(), color(entry.getValue(), "tag_colors")));
        return colors;
    }

    private static String string(JsonNode node, String field, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ServiceException.invalid("Field '" + field + "' must be a string");
        }
        if (value.asText().length() > maxLength) {
            throw ServiceException.invalid("Field '" + field + "' is longer than " + maxLength + " characters");
        }
        return value.asText();
    }

    private static List<String> tagList(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw ServiceException.invalid("Field 'tags' must be a list of tag names");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : value) {
            String name = tagName(tag, "tags");
            if (!tags.contains(name)) {
                tags.add(name);
            }
        }
        return tags;
    }

    /** What a legacy push carries: the whole personal book. */
    record LegacyDocument(List<PeerFields> peers, List<String> tags, Map<String, Long> colors) {
    }
}
