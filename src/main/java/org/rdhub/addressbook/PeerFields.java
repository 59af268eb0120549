package org.rdhub.addressbook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a peer that a request carries; null means "not sent", so an update changes only what is present.
 * {@code extra} holds the sent fields without a column of their own.
 */
public record PeerFields(
        String id,
        String alias,
        String note,
        List<String> tags,
        String password,
        String hash,
        String username,
        String hostname,
        String platform,
        Map<String, JsonNode> extra) {

    /** A new peer from these fields: what was not sent is empty. */
    BookPeer toNewPeer() {
        return new BookPeer(id, orEmpty(alias), orEmpty(note), tags == null ? List.of() : tags, emptyToNull(password),
                emptyToNull(hash), orEmpty(username), orEmpty(hostname), orEmpty(platform), extra);
    }

    /** {@code peer} with the sent fields applied; an empty hash or password forgets it. */
    BookPeer applyTo(BookPeer peer) {
        var mergedExtra = new LinkedHashMap<>(peer.extra());
        mergedExtra.putAll(extra);
        return new BookPeer(peer.id(),
                alias == null ? peer.alias() : alias,
                note == null ? peer.note() : note,
                tags == null ? peer.tags() : tags,
                password == null ? peer.password() : emptyToNull(password),
                hash == null ? peer.hash() : emptyToNull(hash),
                username == null ? peer.username() : username,
                hostname == null ? peer.hostname() : hostname,
                platform == null ? peer.platform() : platform,
                mergedExtra);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
