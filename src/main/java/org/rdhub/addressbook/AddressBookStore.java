package org.rdhub.addressbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;
import org.rdhub.access.AccessPolicy.Viewer;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.db.Filters;
import org.rdhub.http.Json;

/** SQL for address books, their peers and tags. Every method takes the caller's handle. */
public final class AddressBookStore {

    /**
     * The viewer's rule on book {@code b}: the one statement of who may use a book. A personal book is its owner's
     * alone (administrators included: it holds saved logins); a shared book gives full control to its owner and to
     * administrators. For anybody else the most specific matching rule decides, as in Pro: a rule for the user,
     * else one for the user's group, else one for everyone; a user rule may give less than the group's.
     */
    private static final String RULE = """
            (CASE WHEN b.personal = TRUE THEN (CASE WHEN b.owner_user_id = :viewerId THEN 3 ELSE 0 END)
                  WHEN b.owner_user_id = :viewerId OR :viewerAdmin = TRUE THEN 3
                  ELSE COALESCE(
                      (SELECT MAX(r.rule) FROM address_book_rules r
                       WHERE r.address_book_id = b.id AND r.user_id = :viewerId),
                      (SELECT MAX(r.rule) FROM address_book_rules r
                       WHERE r.address_book_id = b.id AND r.user_group_id = :viewerGroup),
                      (SELECT MAX(r.rule) FROM address_book_rules r
                       WHERE r.address_book_id = b.id AND r.user_id IS NULL AND r.user_group_id IS NULL),
                      0)
             END)""";

    private static final String BOOK_COLUMNS = """
            b.id, b.guid, b.name, b.note, b.owner_user_id, o.name AS owner_name, b.personal, b.password,
            b.updated_at""";
    private static final String FROM_BOOKS = " FROM address_books b JOIN users o ON o.id = b.owner_user_id";
    private static final String SELECT_BOOK = "SELECT " + BOOK_COLUMNS + FROM_BOOKS;

    private static final RowMapper<AddressBook> BOOK = (rs, ctx) -> new AddressBook(
            rs.getLong("id"),
            rs.getString("guid"),
            rs.getString("name"),
            rs.getString("note"),
            rs.getLong("owner_user_id"),
            rs.getString("owner_name"),
            rs.getBoolean("personal"),
            rs.getString("password"),
            rs.getLong("updated_at"));

    private static final String PEER_COLUMNS =
            "rustdesk_id, alias, note, tags, password, hash, username, hostname, platform, extra";

    private static final RowMapper<BookPeer> PEER = (rs, ctx) -> new BookPeer(
            rs.getString("rustdesk_id"),
            rs.getString("alias"),
            rs.getString("note"),
            readJson(rs.getString("tags"), new TypeReference<List<String>>() { }),
            rs.getString("password"),
            rs.getString("hash"),
            rs.getString("username"),
            rs.getString("hostname"),
            rs.getString("platform"),
            readJson(rs.getString("extra"), new TypeReference<Map<String, JsonNode>>() { }));

    private static Map<String, Object> viewerBindings(Viewer viewer) {
        return Map.of("viewerId", viewer.userId(), "viewerGroup", viewer.groupId(), "viewerAdmin", viewer.admin());
    }

    public Optional<AddressBook> findByGuid(Handle h, String guid) {
        return h.createQuery(SELECT_BOOK + " WHERE b.guid = :guid").bind("guid", guid).map(BOOK).findOne();
    }

    private static final String SELECT_RULE = """
            SELECT r.id, r.guid, b.guid AS book_guid, r.rule, u.name AS user_name, g.name AS group_name
            FROM address_book_rules r
            JOIN address_books b ON b.id = r.address_book_id
            LEFT JOIN users u ON u.id = r.user_id
            LEFT JOIN user_groups g ON g.id = r.user_group_id""";

    private static final RowMapper<BookRule> RULE_ROW = (rs, ctx) -> new BookRule(rs.getLong("id"),
            rs.getString("guid"), rs.getString("book_guid"), rs.getInt("rule"), rs.getString("user_name"),
            rs.getString("group_name"));

    /** A book's rules, oldest first. */
    public Page<BookRule> listRules(Handle h, long bookId, PageRequest page) {
        long total = h.createQuery("SELECT COUNT(*) FROM address_book_rules WHERE address_book_id = :bookId")
                .bind("bookId", bookId).mapTo(Long.class).one();
        List<BookRule> rules = h.createQuery(SELECT_RULE + " WHERE r.address_book_id = :bookId"
                        + " ORDER BY r.created_at, r.id LIMIT :limit OFFSET :offset")
                .bind("bookId", bookId).bind("limit", page.pageSize()).bind("offset", page.offset())
                .map(RULE_ROW).list();
        return new Page<>(total, rules);
    }

    public Optional<BookRule> findRule(Handle h, String guid) {
        return h.createQuery(SELECT_RULE + " WHERE r.guid = :guid").bind("guid", guid).map(RULE_ROW).findOne();
    }

    /** Whether the book has a rule for exactly this subject (user, group, or neither for everyone). */
    public boolean ruleExists(Handle h, long bookId, Long userId, Long groupId) {
        return h.createQuery("""
                SELECT COUNT(*) FROM address_book_rules WHERE address_book_id = :bookId
                  AND (user_id = :userId OR (user_id IS NULL AND :userId IS NULL))
                  AND (user_group_id = :groupId OR (user_group_id IS NULL AND :groupId IS NULL))""")
                .bind("bookId", bookId).bind("userId", userId).bind("groupId", groupId)
                .mapTo(Long.class).one() > 0;
    }

    public void insertRule(Handle h, String guid, long bookId, Long userId, Long groupId, int rule, long now) {
        h.createUpdate("""
                INSERT INTO address_book_rules (guid, address_book_id, user_id, user_group_id, rule, created_at)
                VALUES (:guid, :bookId, :userId, :groupId, :rule, :now)""")
                .bind("guid", guid).bind("bookId", bookId).bind("userId", userId).bind("groupId", groupId)
                .bind("rule", rule).bind("now", now).execute();
    }

    public void setRule(Handle h, long ruleId, int rule) {
        h.createUpdate("UPDATE address_book_rules SET rule = :rule WHERE id = :id").bind("rule", rule)
                .bind("id", ruleId).execute();
    }

    public void deleteRule(Handle h, long ruleId) {
        h.createUpdate("DELETE FROM address_book_rules WHERE id = :id").bind("id", ruleId).execute();
    }

    /** Shared books with this name, whoever owns them (names are unique per owner, not across owners). */
    public List<AddressBook> findSharedByName(Handle h, String name) {
        return h.createQuery(SELECT_BOOK + " WHERE b.personal = FALSE AND LOWER(b.name) = LOWER(:name) ORDER BY b.id")
                .bind("name", name).map(BOOK).list();
    }

    public Optional<AddressBook> findPersonal(Handle h, long userId) {
        return h.createQuery(SELECT_BOOK + " WHERE b.owner_user_id = :userId AND b.personal = TRUE")
                .bind("userId", userId).map(BOOK).findOne();
    }

    /** Creates the user's personal book unless it exists (two first calls at once create one book). */
    public void insertPersonalIfMissing(Handle h, long userId, String guid, long now) {
        h.createUpdate("""
                INSERT INTO address_books (guid, name, owner_user_id, personal, created_at, updated_at)
                VALUES (:guid, :name, :userId, TRUE, :now, :now)
                ON CONFLICT DO NOTHING""")
                .bind("guid", guid).bind("name", AddressBook.PERSONAL_NAME).bind("userId", userId).bind("now", now)
                .execute();
    }

    /** The user who created an API token, if any (tokens made at the command line have none). */
    public Optional<Long> tokenCreator(Handle h, long tokenId) {
        return h.createQuery("SELECT created_by_user_id FROM api_tokens WHERE id = :id")
                .bind("id", tokenId).mapTo(Long.class).findOne().filter(Objects::nonNull);
    }

    /** The first active administrator, who owns the shared books a token without a creator adds. */
    public Optional<Long> firstAdministrator(Handle h) {
        return h.createQuery("SELECT id FROM users WHERE is_admin = TRUE AND status = 1 ORDER BY id LIMIT 1")
                .mapTo(Long.class).findOne();
    }

    /** Adds a shared book unless its owner has one of that name (whatever its case); true when added. */
    public boolean insertShared(Handle h, String guid, long ownerId, String name, String note, String password,
            long now) {
        return h.createUpdate("""
                INSERT INTO address_books (guid, name, note, owner_user_id, personal, password, created_at, updated_at)
                VALUES (:guid, :name, :note, :ownerId, FALSE, :password, :now, :now)
                ON CONFLICT DO NOTHING""")
                .bind("guid", guid).bind("name", name).bind("note", note).bind("ownerId", ownerId)
                .bind("password", password).bind("now", now)
                .execute() == 1;
    }

    /** Deletes a book; its peers, tags and rules go with it. */
    public void deleteBook(Handle h, long bookId) {
        h.createUpdate("DELETE FROM address_books WHERE id = :id").bind("id", bookId).execute();
    }

    public Optional<Long> userIdByName(Handle h, String name) {
        return h.createQuery("SELECT id FROM users WHERE name = :name").bind("name", name).mapTo(Long.class).findOne();
    }

    /** Whether the owner has another shared book of this name, whatever its case. */
    public boolean sharedNameTaken(Handle h, long ownerId, String name, long exceptBookId) {
        return h.createQuery("""
                SELECT COUNT(*) FROM address_books WHERE owner_user_id = :ownerId AND personal = FALSE
                AND LOWER(name) = LOWER(:name) AND id <> :id""")
                .bind("ownerId", ownerId).bind("name", name).bind("id", exceptBookId).mapTo(Long.class).one() > 0;
    }

    public void updateProfile(Handle h, long bookId, String name, String note, long ownerId, String password,
            long now) {
        h.createUpdate("""
                UPDATE address_books SET name = :name, note = :note, owner_user_id = :ownerId, password = :password,
                       updated_at = :now
                WHERE id = :id""")
                .bind("name", name).bind("note", note).bind("ownerId", ownerId).bind("password", password)
                .bind("now", now).bind("id", bookId).execute();
    }

    public int ruleOf(Handle h, Viewer viewer, long bookId) {
        var query = h.createQuery("SELECT " + RULE + " FROM address_books b WHERE b.id = :bookId")
                .bind("bookId", bookId);
        viewerBindings(viewer).forEach(query::bind);
        return query.mapTo(Integer.class).findOne().orElse(AddressBook.NONE);
    }

    /** The shared books the viewer may see, oldest first, with the viewer's rule on each. */
    public Page<SharedBook> listShared(Handle h, Viewer viewer, String nameFilter, PageRequest page) {
        Filters where = new Filters()
                .where("b.personal = FALSE AND " + RULE + " > 0", viewerBindings(viewer))
                .like("b.name", nameFilter);
        long total = where.bind(h.createQuery("SELECT COUNT(*)" + FROM_BOOKS + where.sql())).mapTo(Long.class).one();
        List<SharedBook> rows = where.bind(h.createQuery("SELECT " + BOOK_COLUMNS + ", " + RULE + " AS rule"
                        + FROM_BOOKS + where.sql() + " ORDER BY b.created_at, b.id LIMIT :limit OFFSET :offset"))
                .bind("limit", page.pageSize())
                .bind("offset", page.offset())
                .map((rs, ctx) -> new SharedBook(BOOK.map(rs, ctx), rs.getInt("rule")))
                .list();
        return new Page<>(total, rows);
    }

    public void touch(Handle h, long bookId, long now) {
        h.createUpdate("UPDATE address_books SET updated_at = :now WHERE id = :id")
                .bind("now", now).bind("id", bookId).execute();
    }

    public long countPeers(Handle h, long bookId) {
        return h.createQuery("SELECT COUNT(*) FROM address_book_peers WHERE address_book_id = :bookId")
                .bind("bookId", bookId).mapTo(Long.class).one();
    }

    public long countTags(Handle h, long bookId) {
        return h.createQuery("SELECT COUNT(*) FROM address_book_tags WHERE address_book_id = :bookId")
                .bind("bookId", bookId).mapTo(Long.class).one();
    }

    public long countSharedOwnedBy(Handle h, long ownerId) {
        return h.createQuery("SELECT COUNT(*) FROM address_books WHERE owner_user_id = :ownerId AND personal = FALSE")
                .bind("ownerId", ownerId).mapTo(Long.class).one();
    }

    /** Peers in the order they were added; {@code id} and {@code alias} are LIKE filters or null. */
    public Page<BookPeer> listPeers(Handle h, long bookId, String id, String alias, PageRequest page) {
        Filters where = new Filters().where("address_book_id = :bookId", Map.of("bookId", bookId))
                .like("rustdesk_id", id).like("alias", alias);
        long total = where.bind(h.createQuery("SELECT COUNT(*) FROM address_book_peers" + where.sql()))
                .mapTo(Long.class).one();
        List<BookPeer> rows = where.bind(h.createQuery("SELECT " + PEER_COLUMNS + " FROM address_book_peers"
                        + where.sql() + " ORDER BY id LIMIT :limit OFFSET :offset"))
                .bind("limit", page.pageSize()).bind("offset", page.offset())
                .map(PEER).list();
        return new Page<>(total, rows);
    }

    public List<BookPeer> allPeers(Handle h, long bookId) {
        return h.createQuery("SELECT " + PEER_COLUMNS + " FROM address_book_peers"
                        + " WHERE address_book_id = :bookId ORDER BY id")
                .bind("bookId", bookId).map(PEER).list();
    }

    public Optional<BookPeer> findPeer(Handle h, long bookId, String rustdeskId) {
        return h.createQuery("SELECT " + PEER_COLUMNS + " FROM address_book_peers"
                        + " WHERE address_book_id = :bookId AND rustdesk_id = :id")
                .bind("bookId", bookId).bind("id", rustdeskId).map(PEER).findOne();
    }

    /** Adds a peer unless its id is in the book already; true when added. */
    public boolean insertPeer(Handle h, long bookId, BookPeer peer, long now) {
        var update = h.createUpdate("""
                INSERT INTO address_book_peers (address_book_id, rustdesk_id, alias, note, tags, password, hash,
                                                username, hostname, platform, extra, created_at, updated_at)
                VALUES (:bookId, :id, :alias, :note, :tags, :password, :hash, :username, :hostname, :platform,
                        :extra, :now, :now)
                ON CONFLICT (address_book_id, rustdesk_id) DO NOTHING""")
                .bind("bookId", bookId).bind("now", now);
        return bindPeer(update, peer).execute() == 1;
    }

    /** Writes every field of a peer that exists already. */
    public void updatePeer(Handle h, long bookId, BookPeer peer, long now) {
        var update = h.createUpdate("""
                UPDATE address_book_peers SET alias = :alias, note = :note, tags = :tags, password = :password,
                       hash = :hash, username = :username, hostname = :hostname, platform = :platform,
                       extra = :extra, updated_at = :now
                WHERE address_book_id = :bookId AND rustdesk_id = :id""")
                .bind("bookId", bookId).bind("now", now);
        bindPeer(update, peer).execute();
    }

    public void deletePeers(Handle h, long bookId, Collection<String> rustdeskIds) {
        if (rustdeskIds.isEmpty()) {
            return;
        }
        h.createUpdate("DELETE FROM address_book_peers WHERE address_book_id = :bookId AND rustdesk_id IN (<ids>)")
                .bind("bookId", bookId).bindList("ids", List.copyOf(rustdeskIds)).execute();
    }

    public void deleteAllPeers(Handle h, long bookId) {
        h.createUpdate("DELETE FROM address_book_peers WHERE address_book_id = :bookId").bind("bookId", bookId)
                .execute();
    }

    /** Tags in the order they were added. */
    public List<BookTag> tags(Handle h, long bookId) {
        return h.createQuery("SELECT name, color FROM address_book_tags WHERE address_book_id = :bookId ORDER BY id")
                .bind("bookId", bookId)
                .map((rs, ctx) -> new BookTag(rs.getString("name"), rs.getLong("color")))
                .list();
    }

    public boolean tagExists(Handle h, long bookId, String name) {
        return h.createQuery("SELECT COUNT(*) FROM address_book_tags WHERE address_book_id = :bookId AND name = :name")
                .bind("bookId", bookId).bind("name", name).mapTo(Long.class).one() > 0;
    }

    /** Adds a tag unless the book has one of that name; true when added. */
    public boolean insertTag(Handle h, long bookId, BookTag tag) {
        return h.createUpdate("""
                INSERT INTO address_book_tags (address_book_id, name, color) VALUES (:bookId, :name, :color)
                ON CONFLICT (address_book_id, name) DO NOTHING""")
                .bind("bookId", bookId).bind("name", tag.name()).bind("color", tag.color()).execute() == 1;
    }

    public void renameTag(Handle h, long bookId, String oldName, String newName) {
        h.createUpdate("UPDATE address_book_tags SET name = :newName WHERE address_book_id = :bookId AND name = :old")
                .bind("bookId", bookId).bind("old", oldName).bind("newName", newName).execute();
    }

    public void setTagColor(Handle h, long bookId, BookTag tag) {
        h.createUpdate("UPDATE address_book_tags SET color = :color WHERE address_book_id = :bookId AND name = :name")
                .bind("bookId", bookId).bind("name", tag.name()).bind("color", tag.color()).execute();
    }

    public void deleteTags(Handle h, long bookId, Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        h.createUpdate("DELETE FROM address_book_tags WHERE address_book_id = :bookId AND name IN (<names>)")
                .bind("bookId", bookId).bindList("names", List.copyOf(names)).execute();
    }

    public void deleteAllTags(Handle h, long bookId) {
        h.createUpdate("DELETE FROM address_book_tags WHERE address_book_id = :bookId").bind("bookId", bookId)
                .execute();
    }

    private static Update bindPeer(Update update, BookPeer peer) {
        return update.bind("id", peer.id())
                .bind("alias", peer.alias())
                .bind("note", peer.note())
                .bind("tags", Json.write(peer.tags()))
                .bind("password", peer.password())
                .bind("hash", peer.hash())
                .bind("username", peer.username())
                .bind("hostname", peer.hostname())
                .bind("platform", peer.platform())
                .bind("extra", Json.write(peer.extra()));
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored address-book JSON is unreadable", e);
        }
    }
}
