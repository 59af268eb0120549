package org.rdhub.addressbook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.AccessPolicy;
import org.rdhub.access.AccessPolicy.Viewer;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.addressbook.BookJson.BookUpdate;
import org.rdhub.addressbook.BookJson.LegacyDocument;
import org.rdhub.addressbook.BookJson.NewBook;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.db.Database;
import org.rdhub.groups.UserGroupStore;
import org.rdhub.settings.ServerSetting;
import org.rdhub.settings.SettingsService;

/**
 * Address books as signed-in users use them from the client: the personal book, shared books opened by rules, their
 * peers and tags, and the legacy one-document view of the personal book. Every call is one transaction; every read
 * needs a rule of at least read-only and every change at least read-write, as {@link #ruleOf} decides.
 * <p>
 * API tokens act for the organisation over shared books: Address Book read opens every shared book read-only,
 * read-write gives full control of every shared book. Personal books stay their owners' alone; a token's personal
 * book call answers the guid of its creator's book, which the token still may not open.
 */
public final class AddressBookService {
    private final UserGroupStore groups = new UserGroupStore();

    /** The client shows this text translated ("You have reached the maximum number of managed devices."). */
    static final String LIMIT_REACHED = "exceed_max_devices";

    /** No user has this id, so an API token's viewer owns no book and matches no user or group rule. */
    private static final long NO_USER = -1;

    private final Database database;
    private final AddressBookStore store;
    private final AccessPolicy accessPolicy;
    private final Permissions permissions;
    private final SettingsService settings;
    private final ConsoleAudit audit;
    private final Clock clock;

    public AddressBookService(Database database, AddressBookStore store, AccessPolicy accessPolicy,
            Permissions permissions, SettingsService settings, ConsoleAudit audit, Clock clock) {
        this.database = database;
        this.store = store;
        this.accessPolicy = accessPolicy;
        this.permissions = permissions;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** The guid of the caller's personal book, which is created on first use. */
    public String personalGuid(Caller caller) {
        return database.inTransaction(h -> {
            if (caller instanceof Caller.ApiToken token) {
                permissions.require(token, Resource.ADDRESS_BOOK, Level.READ);
                long creator = store.tokenCreator(h, token.tokenId()).orElseThrow(() -> ServiceException.notFound(
                        "This token belongs to no user, so it has no personal address book"));
                return personalBook(h, creator).guid();
            }
            return personalBook(h, user(h, caller).userId()).guid();
        });
    }

    /** The most peers one book may hold; 0 is no limit. */
    public int maxPeersPerBook(Caller caller) {
        database.withHandle(h -> viewer(h, caller));
        return maxPeers();
    }

    /** Shared books the caller may see, with the caller's rule on each; {@code name} is a LIKE filter or null. */
    public Page<SharedBook> sharedBooks(Caller caller, String name, PageRequest page) {
        return database.withHandle(h -> {
            BookViewer viewer = viewer(h, caller);
            return store.listShared(h, viewer.viewer(), name, page)
                    .map(shared -> new SharedBook(shared.book(), Math.min(shared.rule(), viewer.maxRule())));
        });
    }

    /**
     * Adds a shared book and answers its guid. A signed-in user owns the books they add; a read-write token's book
     * is owned by the token's creator, or by the first administrator when the token was made at the command line.
     */
    public String addSharedBook(Caller caller, NewBook fields) {
        return database.inTransaction(h -> {
            long ownerId;
            if (caller instanceof Caller.ApiToken token) {
                permissions.require(token, Resource.ADDRESS_BOOK, Level.READ_WRITE);
                ownerId = store.tokenCreator(h, token.tokenId()).or(() -> store.firstAdministrator(h))
                        .orElseThrow(() -> ServiceException.notFound("There is no administrator to own the book"));
            } else {
                ownerId = user(h, caller).userId();
            }
            requireRoomForSharedBook(h, ownerId);
            String guid = Ids.newGuid();
            if (!store.insertShared(h, guid, ownerId, fields.name(), fields.note(), fields.password(),
                    clock.millis())) {
                throw ServiceException.conflict("The owner already has an address book named '" + fields.name() + "'");
            }
            audit.record(h, caller, ConsoleAction.ADDRESS_BOOK_CREATE, guid, fields.name());
            return guid;
        });
    }

    /**
     * Changes a shared book's name, note, owner (a user name) or password, only those sent; needs full control.
     * An unknown owner is 404 and a name the owner already uses 409, with nothing changed.
     */
    public void updateSharedBook(Caller caller, BookUpdate update) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            BookViewer viewer = viewer(h, caller);
            AddressBook book = book(h, viewer, update.guid(), AddressBook.READ_ONLY);
            if (book.personal()) {
                throw ServiceException.invalid("A personal address book's profile cannot be changed");
            }
            if (ruleOf(h, viewer, book) < AddressBook.FULL_CONTROL) {
                throw ServiceException.forbidden("Changing address book '" + book.name() + "' needs full control");
            }
            long ownerId = update.owner() == null ? book.ownerUserId() : store.userIdByName(h, update.owner())
                    .orElseThrow(() -> ServiceException.notFound("No user named '" + update.owner() + "'"));
            String name = update.name() == null ? book.name() : update.name();
            if (store.sharedNameTaken(h, ownerId, name, book.id())) {
                throw ServiceException.conflict("The owner already has an address book named '" + name + "'");
            }
            if (ownerId != book.ownerUserId()) {
                requireRoomForSharedBook(h, ownerId);
            }
            store.updateProfile(h, book.id(), name, update.note() == null ? book.note() : update.note(), ownerId,
                    update.passwordSent() ? update.password() : book.password(), clock.millis());
            boolean renamed = !name.equals(book.name());
            audit.record(h, caller, renamed ? ConsoleAction.ADDRESS_BOOK_RENAME : ConsoleAction.ADDRESS_BOOK_UPDATE,
                    book.guid(), renamed ? book.name() + " -> " + name : name);
        });
    }

    /**
     * Deletes shared books, all or none: a guid the caller cannot see is 404, a personal book 400, and each book
     * needs full control (its owner, an administrator, a full-control rule, or a read-write token).
     */
    public void deleteSharedBooks(Caller caller, List<String> guids) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            BookViewer viewer = viewer(h, caller);
            List<AddressBook> books = new ArrayList<>();
            for (String guid : guids.stream().distinct().toList()) {
                AddressBook book = store.findByGuid(h, guid).orElseThrow(
                        () -> ServiceException.notFound("Address book '" + guid + "' not found"));
                if (book.personal()) {
                    throw ServiceException.invalid(
                            "'" + guid + "' is a personal address book, which cannot be deleted");
                }
                int rule = ruleOf(h, viewer, book);
                if (rule == AddressBook.NONE) {
                    throw ServiceException.notFound("Address book '" + guid + "' not found");
                }
                if (rule < AddressBook.FULL_CONTROL) {
                    throw ServiceException.forbidden("Deleting address book '" + book.name() + "' needs full control");
                }
                books.add(book);
            }
            for (AddressBook book : books) {
                store.deleteBook(h, book.id());
                audit.record(h, caller, ConsoleAction.ADDRESS_BOOK_DELETE, book.guid(), book.name());
            }
        });
    }

    /** A book's sharing rules: for those with full control of it, or a token that may read every shared book. */
    public Page<BookRule> rules(Caller caller, String bookGuid, PageRequest page) {
        return database.withHandle(h -> {
            AddressBook book = ruleManaged(h, caller, bookGuid, Level.READ);
            return store.listRules(h, book.id(), page);
        });
    }

    /**
     * Shares a book with one user ({@code userName}), one user group ({@code groupName}) or, with neither,
     * everyone; one rule per subject. Returns the new rule's guid.
     */
    public String addRule(Caller caller, String bookGuid, Integer rule, String userName, String groupName) {
        requireWriteToken(caller);
        int level = ruleLevel(rule);
        if (userName != null && groupName != null) {
            throw ServiceException.invalid("A rule is for a user or for a group, not both");
        }
        String guid = Ids.newGuid();
        database.useTransaction(h -> {
            AddressBook book = ruleManaged(h, caller, bookGuid, Level.READ_WRITE);
            Long userId = userName == null ? null : store.userIdByName(h, userName)
                    .orElseThrow(() -> ServiceException.notFound("No user named '" + userName + "'"));
            Long groupId = groupName == null ? null : groups.findIdByName(h, groupName)
                    .orElseThrow(() -> ServiceException.notFound("No user group named '" + groupName + "'"));
            if (store.ruleExists(h, book.id(), userId, groupId)) {
                throw ServiceException.conflict("Address book '" + book.name() + "' already has a rule for "
                        + subject(userName, groupName) + "; change that one");
            }
            store.insertRule(h, guid, book.id(), userId, groupId, level, clock.millis());
            audit.record(h, caller, ConsoleAction.ADDRESS_BOOK_RULE_ADD, book.name(),
                    subject(userName, groupName) + ": " + level);
        });
        return guid;
    }

    public void updateRule(Caller caller, String ruleGuid, Integer rule) {
        requireWriteToken(caller);
        int level = ruleLevel(rule);
        database.useTransaction(h -> {
            BookRule existing = store.findRule(h, ruleGuid == null ? "" : ruleGuid)
                    .orElseThrow(() -> ServiceException.notFound("Rule not found"));
            AddressBook book = ruleManaged(h, caller, existing.bookGuid(), Level.READ_WRITE);
            store.setRule(h, existing.id(), level);
            audit.record(h, caller, ConsoleAction.ADDRESS_BOOK_RULE_UPDATE, book.name(),
                    subject(existing.userName(), existing.groupName()) + ": " + level);
        });
    }

    /** Deletes the rules, all or none. */
    public void deleteRules(Caller caller, List<String> ruleGuids) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            List<BookRule> rules = new ArrayList<>();
            for (String guid : ruleGuids.stream().distinct().toList()) {
                BookRule rule = store.findRule(h, guid)
                        .orElseThrow(() -> ServiceException.notFound("Rule '" + guid + "' not found"));
                ruleManaged(h, caller, rule.bookGuid(), Level.READ_WRITE);
                rules.add(rule);
            }
            for (BookRule rule : rules) {
                store.deleteRule(h, rule.id());
                audit.record(h, caller, ConsoleAction.ADDRESS_BOOK_RULE_DELETE, rule.guid(),
                        subject(rule.userName(), rule.groupName()));
            }
        });
    }

    /**
     * The shared book whose rules the caller reads ({@code READ}) or changes ({@code READ_WRITE}): a user needs
     * full control of it either way; a token needs the Address Book permission at that level.
     */
    private AddressBook ruleManaged(Handle h, Caller caller, String bookGuid, Level wanted) {
        BookViewer viewer = viewer(h, caller);
        AddressBook book = book(h, viewer, bookGuid, AddressBook.READ_ONLY);
        if (book.personal()) {
            throw ServiceException.invalid("A personal address book cannot be shared");
        }
        boolean token = caller instanceof Caller.ApiToken;
        int needed = token && wanted == Level.READ ? AddressBook.READ_ONLY : AddressBook.FULL_CONTROL;
        if (ruleOf(h, viewer, book) < needed) {
            throw ServiceException.forbidden("Managing who may use address book '" + book.name()
                    + "' needs full control of it");
        }
        return book;
    }

    private static int ruleLevel(Integer rule) {
        if (rule == null || rule < AddressBook.READ_ONLY || rule > AddressBook.FULL_CONTROL) {
            throw ServiceException.invalid("rule must be 1 (read-only), 2 (read-write) or 3 (full control)");
        }
        return rule;
    }

    private static String subject(String userName, String groupName) {
        return userName != null ? "user " + userName : groupName != null ? "group " + groupName : "everyone";
    }

    /**
     * A page of a book's peers, {@code id} and {@code alias} LIKE filters or null (ab.py's {@code view-peer}); a
     * personal book's peers carry no password and a shared book's no hash.
     */
    public Page<BookPeer> peers(Caller caller, String bookGuid, String id, String alias, PageRequest page) {
        return database.withHandle(h -> {
            AddressBook book = book(h, viewer(h, caller), bookGuid, AddressBook.READ_ONLY);
            return store.listPeers(h, book.id(), id, alias, page).map(peer -> peer.forBook(book.personal()));
        });
    }

    public List<BookTag> tags(Caller caller, String bookGuid) {
        return database.withHandle(h -> store.tags(h, book(h, viewer(h, caller), bookGuid, AddressBook.READ_ONLY).id()));
    }

    /** Adds one peer; an id already in the book is a conflict, and a full book refuses more. */
    public void addPeer(Caller caller, String bookGuid, PeerFields fields) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            AddressBook book = book(h, viewer(h, caller), bookGuid, AddressBook.READ_WRITE);
            requireRoomFor(h, book, fields.id());
            long now = clock.millis();
            // the insert itself detects a duplicate, so two clients adding the same id at once get one 409
            if (!store.insertPeer(h, book.id(), fields.toNewPeer().forBook(book.personal()), now)) {
                throw ServiceException.conflict("Peer '" + fields.id() + "' is already in this address book");
            }
            store.touch(h, book.id(), now);
        });
    }

    /** Changes only the fields that were sent; an empty hash or password forgets it. */
    public void updatePeer(Caller caller, String bookGuid, PeerFields fields) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            AddressBook book = book(h, viewer(h, caller), bookGuid, AddressBook.READ_WRITE);
            BookPeer peer = store.findPeer(h, book.id(), fields.id())
                    .orElseThrow(() -> ServiceException.notFound("Peer '" + fields.id() + "' is not in this address book"));
            long now = clock.millis();
            store.updatePeer(h, book.id(), fields.applyTo(peer).forBook(book.personal()), now);
            store.touch(h, book.id(), now);
        });
    }

    /** Removes the peers with these ids; ids not in the book are skipped. */
    public void deletePeers(Caller caller, String bookGuid, List<String> ids) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            AddressBook book = book(h, viewer(h, caller), bookGuid, AddressBook.READ_WRITE);
            store.deletePeers(h, book.id(), ids);
            store.touch(h, book.id(), clock.millis());
        });
    }

    public void addTag(Caller caller, String bookGuid, BookTag tag) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            AddressBook book = book(h, viewer(h, caller), bookGuid, AddressBook.READ_WRITE);
            if (store.tagExists(h, book.id(), tag.name())) {
                throw ServiceException.conflict("Tag '" + tag.name() + "' already exists");
            }
            requireRoomForTag(h, book);
            if (!store.insertTag(h, book.id(), tag)) {
                throw ServiceException.conflict("Tag '" + tag.name() + "' already exists");
            }
            store.touch(h, book.id(), clock.millis());
        });
    }

    /** Renames a tag, on every peer of the book too. */
    public void renameTag(Caller caller, String bookGuid, String oldName, String newName) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            AddressBook book = book(h, viewer(h, caller), bookGuid, AddressBook.READ_WRITE);
            requireTag(h, book, oldName);
            if (oldName.equals(newName)) {
                return;
            }
            if (store.tagExists(h, book.id(), newName)) {
                throw ServiceException.conflict("Tag '" + newName + "' already exists");
            }
            store.renameTag(h, book.id(), oldName, newName);
            long now = clock.millis();
            retagPeers(h, book, now, tags -> tags.stream().map(t -> t.equals(oldName) ? newName : t).distinct().toList());
            store.touch(h, book.id(), now);
        });
    }

    public void setTagColor(Caller caller, String bookGuid, BookTag tag) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            AddressBook book = book(h, viewer(h, caller), bookGuid, AddressBook.READ_WRITE);
            requireTag(h, book, tag.name());
            store.setTagColor(h, book.id(), tag);
            store.touch(h, book.id(), clock.millis());
        });
    }

    /** Deletes tags, and takes them off every peer of the book; names not in the book are skipped. */
    public void deleteTags(Caller caller, String bookGuid, List<String> names) {
        requireWriteToken(caller);
        database.useTransaction(h -> {
            AddressBook book = book(h, viewer(h, caller), bookGuid, AddressBook.READ_WRITE);
            store.deleteTags(h, book.id(), names);
            long now = clock.millis();
            retagPeers(h, book, now, tags -> tags.stream().filter(t -> !names.contains(t)).toList());
            store.touch(h, book.id(), now);
        });
    }

    /** The caller's personal book as the legacy calls see it: every peer and tag, and when it last changed. */
    public LegacyBook legacyBook(Caller caller) {
        return database.inTransaction(h -> {
            AddressBook book = personalBook(h, user(h, caller).userId());
            return new LegacyBook(store.allPeers(h, book.id()).stream().map(p -> p.forBook(true)).toList(),
                    store.tags(h, book.id()), book.updatedAt());
        });
    }

    /**
     * Replaces the personal book's peers and tags with a legacy push. Peers keep their hash (legacy books have no
     * passwords); a tag without a colour in the push keeps the colour it had, or 0.
     */
    public void replaceLegacyBook(Caller caller, LegacyDocument document) {
        Map<String, BookPeer> peers = new LinkedHashMap<>();
        document.peers().forEach(fields -> peers.put(fields.id(), fields.toNewPeer().forBook(true)));
        database.useTransaction(h -> {
            AddressBook book = personalBook(h, user(h, caller).userId());
            int max = maxPeers();
            if (max > 0 && peers.size() > max) {
                throw ServiceException.forbidden(LIMIT_REACHED);
            }
            List<String> tagNames = document.tags().stream().distinct().toList();
            int maxTags = limit(ServerSetting.MAX_TAGS_PER_ADDRESS_BOOK);
            if (maxTags > 0 && tagNames.size() > maxTags) {
                throw tagLimit(maxTags);
            }
            Map<String, Long> oldColors = new LinkedHashMap<>();
            store.tags(h, book.id()).forEach(tag -> oldColors.put(tag.name(), tag.color()));
            store.deleteAllTags(h, book.id());
            store.deleteAllPeers(h, book.id());
            for (String name : tagNames) {
                store.insertTag(h, book.id(), new BookTag(name,
                        document.colors().getOrDefault(name, oldColors.getOrDefault(name, 0L))));
            }
            long now = clock.millis();
            for (BookPeer peer : peers.values()) {
                store.insertPeer(h, book.id(), peer, now);
            }
            store.touch(h, book.id(), now);
        });
    }

    /**
     * The caller's rule on a book: {@link AddressBook#NONE} (invisible), read-only, read-write or full control.
     * Decided by the store's one rule expression, which the shared-book list uses as well.
     */
    public int ruleOf(Handle h, BookViewer viewer, AddressBook book) {
        return Math.min(store.ruleOf(h, viewer.viewer(), book.id()), viewer.maxRule());
    }

    private AddressBook book(Handle h, BookViewer viewer, String guid, int needed) {
        AddressBook book = store.findByGuid(h, guid == null ? "" : guid)
                .orElseThrow(AddressBookService::notFound);
        int rule = ruleOf(h, viewer, book);
        if (rule == AddressBook.NONE) {
            // the same answer as for a book that does not exist, so guids reveal nothing
            throw notFound();
        }
        if (rule < needed) {
            throw ServiceException.forbidden("You may only read this address book");
        }
        return book;
    }

    private static ServiceException notFound() {
        return ServiceException.notFound("Address book not found");
    }

    private AddressBook personalBook(Handle h, long userId) {
        store.insertPersonalIfMissing(h, userId, Ids.newGuid(), clock.millis());
        return store.findPersonal(h, userId).orElseThrow();
    }

    private void requireTag(Handle h, AddressBook book, String name) {
        if (!store.tagExists(h, book.id(), name)) {
            throw ServiceException.notFound("No tag named '" + name + "'");
        }
    }

    private void retagPeers(Handle h, AddressBook book, long now,
            UnaryOperator<List<String>> change) {
        for (BookPeer peer : store.allPeers(h, book.id())) {
            List<String> tags = change.apply(peer.tags());
            if (!tags.equals(peer.tags())) {
                store.updatePeer(h, book.id(), peer.withTags(tags), now);
            }
        }
    }

    /**
     * Who uses a book and the most they may get: a user as the rules say; an API token as an administrator over
     * shared books (no user, so no personal book matches), capped by its Address Book permission.
     */
    private BookViewer viewer(Handle h, Caller caller) {
        if (caller instanceof Caller.ApiToken token) {
            permissions.require(token, Resource.ADDRESS_BOOK, Level.READ);
            int maxRule = token.level(Resource.ADDRESS_BOOK).includes(Level.READ_WRITE)
                    ? AddressBook.FULL_CONTROL : AddressBook.READ_ONLY;
            return new BookViewer(new Viewer(NO_USER, NO_USER, true), maxRule);
        }
        return new BookViewer(user(h, caller), AddressBook.FULL_CONTROL);
    }

    /** The signed-in user of the calls that only a user has: the legacy view of the personal book. */
    private Viewer user(Handle h, Caller caller) {
        return switch (caller) {
            case Caller.Anonymous ignored -> throw ServiceException.notAuthenticated("Invalid token");
            case Caller.ApiToken ignored -> throw ServiceException.forbidden(
                    "This address-book call needs a signed-in user; API tokens cannot use it");
            case Caller.CommandLine ignored -> throw ServiceException.forbidden(
                    "These address-book calls need a signed-in user");
            case Caller.User user -> accessPolicy.viewer(h, user);
        };
    }

    /** Refuses to add a peer to a book that is full; a peer already in the book needs no room. */
    void requireRoomFor(Handle h, AddressBook book, String rustdeskId) {
        int max = maxPeers();
        if (max > 0 && store.countPeers(h, book.id()) >= max && store.findPeer(h, book.id(), rustdeskId).isEmpty()) {
            throw ServiceException.forbidden(LIMIT_REACHED);
        }
    }

    /** Refuses a new tag in a book that holds the most tags allowed. */
    void requireRoomForTag(Handle h, AddressBook book) {
        int max = limit(ServerSetting.MAX_TAGS_PER_ADDRESS_BOOK);
        if (max > 0 && store.countTags(h, book.id()) >= max) {
            throw tagLimit(max);
        }
    }

    private void requireRoomForSharedBook(Handle h, long ownerId) {
        int max = limit(ServerSetting.MAX_SHARED_BOOKS_PER_OWNER);
        if (max > 0 && store.countSharedOwnedBy(h, ownerId) >= max) {
            throw ServiceException.forbidden("A user may own at most " + max + " shared address books");
        }
    }

    private static ServiceException tagLimit(int max) {
        return ServiceException.forbidden("An address book may hold at most " + max + " tags");
    }

    private int maxPeers() {
        return limit(ServerSetting.MAX_PEERS_PER_ADDRESS_BOOK);
    }

    /**
     * A token that may only read is refused before anything is looked up, so what it may not change answers the
     * same whether it exists or not. Users are judged by the book's rules instead.
     */
    private void requireWriteToken(Caller caller) {
        if (caller instanceof Caller.ApiToken token) {
            permissions.require(token, Resource.ADDRESS_BOOK, Level.READ_WRITE);
        }
    }

    /** A configured maximum; 0 is no limit. */
    private int limit(ServerSetting setting) {
        return Math.max(0, settings.number(setting));
    }

    /** A viewer for the one rule expression, and the highest rule the caller may hold whatever it says. */
    public record BookViewer(Viewer viewer, int maxRule) {
    }

    /** The personal book for the legacy calls. */
    public record LegacyBook(List<BookPeer> peers, List<BookTag> tags, long updatedAt) {
    }
}
