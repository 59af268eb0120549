package org.rdhub.addressbook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a book: a RustDesk ID with what the client keeps about it. {@code hash} (a saved login) belongs to
 * personal books and {@code password} to shared ones; either may be null. {@code extra} holds the client's other
 * fields (rdpPort, loginName, same_server, ...) as they were sent, so they come back unchanged.
 */
public record BookPeer(
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

    public BookPeer {
        tags = List.copyOf(tags);
        // kept in the order sent, so a peer reads back as it was written
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public BookPeer withTags(List<String> newTags) {
        return new BookPeer(id, alias, note, newTags, password, hash, username, hostname, platform, extra);
    }

    /** The same peer with the secret that does not belong in this kind of book removed. */
    public BookPeer forBook(boolean personal) {
        return new BookPeer(id, alias, note, tags, personal ? null : password, personal ? hash : null, username,
                hostname, platform, extra);
    }
}
