package org.rdhub.addressbook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rdhub.common.ServiceException;
import org.rdhub.http.Json;
import org.rdhub.http.Web;

/**
 * The RustDesk client's address-book calls: the new API (personal and shared books, one change per call) and the
 * legacy one-document API over the personal book. Changes answer 200 with an empty body: the client counts
 * anything else, even {@code {}}, as a failure.
 */
public final class AddressBookApi {

    /** One shared book as the client's AbProfile reads it. */
    public record Profile(String guid, String name, String owner, String note, int rule, Map<String, String> info) {

        static Profile of(SharedBook shared) {
            AddressBook book = shared.book();
            Map<String, String> info = new LinkedHashMap<>();
            if (book.password() != null && !book.password().isEmpty()) {
                info.put("password", book.password());
            }
            return new Profile(book.guid(), book.name(), book.ownerName(), book.note(), shared.rule(), info);
        }
    }

    private final AddressBookService books;
    private final Web web;

    public AddressBookApi(AddressBookService books, Web web) {
        this.books = books;
        this.web = web;
    }

    /** {@code POST|GET /api/ab/personal} → {@code {"guid": "..."}}. */
    public void personal(Context ctx) {
        ctx.json(Map.of("guid", books.personalGuid(web.caller(ctx))));
    }

    /** {@code POST|GET /api/ab/settings} → {@code {"max_peer_one_ab": n}}, 0 for no limit. */
    public void settings(Context ctx) {
        ctx.json(Map.of("max_peer_one_ab", books.maxPeersPerBook(web.caller(ctx))));
    }

    /** {@code POST /api/ab/shared/add} with {@code {"name", "note", "info"?}} → {@code {"guid": "..."}}. */
    public void addShared(Context ctx) {
        ctx.json(Map.of("guid", books.addSharedBook(web.caller(ctx), BookJson.newBook(body(ctx)))));
    }

    /** {@code PUT /api/ab/shared/update/profile} with {@code {"guid", "name"?, "note"?, "owner"?, "info"?}}. */
    public void updateShared(Context ctx) {
        books.updateSharedBook(web.caller(ctx), BookJson.bookUpdate(body(ctx)));
        done(ctx);
    }

    /** {@code DELETE /api/ab/shared} with a JSON array of book guids: all of them or none. */
    public void deleteShared(Context ctx) {
        books.deleteSharedBooks(web.caller(ctx), BookJson.stringArray(body(ctx), "address book guids"));
        done(ctx);
    }

    /** A rule as ab.py's {@code view-rule} prints it: {@code user} or {@code group}, neither for everyone. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleItem(String guid, int rule, String user, String group) {
        static RuleItem of(BookRule rule) {
            return new RuleItem(rule.guid(), rule.rule(), rule.userName(), rule.groupName());
        }
    }

    /** {@code POST /api/ab/rule} {@code {"guid": <book>, "rule", "user"?|"group"?}}; {@code PATCH} takes the rule's guid. */
    public record RuleBody(String guid, Integer rule, String user, String group) {
    }

    /** {@code GET /api/ab/rules?ab=<guid>&current=&pageSize=} → a page of rules. */
    public void rules(Context ctx) {
        ctx.json(books.rules(web.caller(ctx), ctx.queryParam("ab"), Web.page(ctx)).map(RuleItem::of));
    }

    /** {@code POST /api/ab/rule} → {@code {"guid": <new rule>}}. */
    public void addRule(Context ctx) {
        RuleBody body = Json.read(ctx, RuleBody.class);
        ctx.json(Map.of("guid", books.addRule(web.caller(ctx), body.guid(), body.rule(), body.user(), body.group())));
    }

    /** {@code PATCH /api/ab/rule} {@code {"guid": <rule>, "rule"}}. */
    public void updateRule(Context ctx) {
        RuleBody body = Json.read(ctx, RuleBody.class);
        books.updateRule(web.caller(ctx), body.guid(), body.rule());
        done(ctx);
    }

    /** {@code DELETE /api/ab/rules} with a JSON array of rule guids: all of them or none. */
    public void deleteRules(Context ctx) {
        books.deleteRules(web.caller(ctx), BookJson.stringArray(body(ctx), "rule guids"));
        done(ctx);
    }

    /** {@code POST|GET /api/ab/shared/profiles?current=&pageSize=&name=} → a page of profiles. */
    public void sharedProfiles(Context ctx) {
        ctx.json(books.sharedBooks(web.caller(ctx), ctx.queryParam("name"), Web.page(ctx)).map(Profile::of));
    }

    /** {@code POST|GET /api/ab/peers?current=&pageSize=&ab=<guid>[&id=][&alias=]} → a page of peers. */
    public void peers(Context ctx) {
        String guid = ctx.queryParam("ab");
        if (guid == null || guid.isBlank()) {
            throw ServiceException.invalid("Query parameter 'ab' is required");
        }
        ctx.json(books.peers(web.caller(ctx), guid, ctx.queryParam("id"), ctx.queryParam("alias"), Web.page(ctx))
                .map(BookJson::peerNode));
    }

    /** {@code POST|GET /api/ab/tags/{guid}} → a bare array of {@code {"name", "color"}}. */
    public void tags(Context ctx) {
        ctx.json(books.tags(web.caller(ctx), ctx.pathParam("guid")));
    }

    public void addPeer(Context ctx) {
        PeerFields peer = BookJson.peer(body(ctx));
        books.addPeer(web.caller(ctx), ctx.pathParam("guid"), peer);
        done(ctx);
    }

    public void updatePeer(Context ctx) {
        PeerFields peer = BookJson.peer(body(ctx));
        books.updatePeer(web.caller(ctx), ctx.pathParam("guid"), peer);
        done(ctx);
    }

    public void deletePeers(Context ctx) {
        var ids = BookJson.stringArray(body(ctx), "peer ids");
        books.deletePeers(web.caller(ctx), ctx.pathParam("guid"), ids);
        done(ctx);
    }

    public void addTag(Context ctx) {
        BookTag tag = BookJson.tag(body(ctx));
        books.addTag(web.caller(ctx), ctx.pathParam("guid"), tag);
        done(ctx);
    }

    /** {@code {"old": "...", "new": "..."}}. */
    public void renameTag(Context ctx) {
        JsonNode body = body(ctx);
        if (!body.isObject()) {
            throw ServiceException.invalid("The request body must be a JSON object");
        }
        String oldName = BookJson.tagName(body.get("old"), "old");
        String newName = BookJson.tagName(body.get("new"), "new");
        books.renameTag(web.caller(ctx), ctx.pathParam("guid"), oldName, newName);
        done(ctx);
    }

    public void updateTag(Context ctx) {
        BookTag tag = BookJson.tag(body(ctx));
        books.setTagColor(web.caller(ctx), ctx.pathParam("guid"), tag);
        done(ctx);
    }

    public void deleteTags(Context ctx) {
        var names = BookJson.stringArray(body(ctx), "tag names");
        books.deleteTags(web.caller(ctx), ctx.pathParam("guid"), names);
        done(ctx);
    }

    /** {@code GET /api/ab} (Flutter legacy) → {@code {"data": "<document>"}}. */
    public void legacyPull(Context ctx) {
        var book = books.legacyBook(web.caller(ctx));
        ctx.json(legacyReply(book));
    }

    /** {@code POST /api/ab/get} (Sciter) → {@code {"data": "<document>", "updated_at": <epoch ms>}}. */
    public void legacyPullSciter(Context ctx) {
        var book = books.legacyBook(web.caller(ctx));
        ObjectNode reply = legacyReply(book);
        reply.put("updated_at", book.updatedAt());
        ctx.json(reply);
    }

    /** {@code POST /api/ab} with {@code {"data": "<document>"}}: the whole personal book, replaced. */
    public void legacyPush(Context ctx) {
        var document = BookJson.legacy(body(ctx));
        books.replaceLegacyBook(web.caller(ctx), document);
        done(ctx);
    }

    private static ObjectNode legacyReply(AddressBookService.LegacyBook book) {
        ObjectNode reply = Json.MAPPER.createObjectNode();
        reply.put("data", BookJson.legacyDocument(book.peers(), book.tags()));
        return reply;
    }

    private static JsonNode body(Context ctx) {
        return Json.read(ctx, JsonNode.class);
    }

    /** Success for a change: 200 and nothing else. */
    private static void done(Context ctx) {
        ctx.status(200);
    }
}
