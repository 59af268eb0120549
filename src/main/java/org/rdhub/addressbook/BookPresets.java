package org.rdhub.addressbook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.ServiceException;

/**
 * Puts a device into a shared address book as a preset asks. The book must exist (presets never create books); a
 * tag the book lacks is created with a neutral colour; an entry already there keeps what the preset does not set.
 * Runs inside the caller's transaction, and checks everything before it writes anything.
 */
public final class BookPresets {
    /** Grey, the colour Pro's ab.py gives a tag named "grey". */
    static final long NEW_TAG_COLOR = 0xFF9E9E9EL;
    private static final int MAX_TEXT = 255;
    private static final int MAX_NOTE = 1024;

    private final AddressBookStore store;
    private final AddressBookService books;
    private final Clock clock;

    public BookPresets(AddressBookStore store, AddressBookService books, Clock clock) {
        this.store = store;
        this.books = books;
        this.clock = clock;
    }

    /**
     * @param os the device's reported OS ("windows / Windows 11 Pro - 10 (26100)"), for the entry's platform
     * @throws ServiceException when no single shared book has that name, the book is full, or a field is too long
     */
    public void place(Handle h, BookPlacement placement, String rustdeskId, String hostname, String username,
            String os) {
        String name = placement.bookName() == null ? "" : placement.bookName().strip();
        if (name.isEmpty()) {
            throw ServiceException.invalid("address_book_name is required with the other address_book_* fields");
        }
        check("address_book_tag", placement.tag(), MAX_TEXT);
        check("address_book_alias", placement.alias(), MAX_TEXT);
        check("address_book_password", placement.password(), MAX_TEXT);
        check("address_book_note", placement.note(), MAX_NOTE);
        List<AddressBook> named = store.findSharedByName(h, name);
        if (named.isEmpty()) {
            throw ServiceException.notFound("No shared address book named '" + name + "'");
        }
        if (named.size() > 1) {
            throw ServiceException.conflict("Several shared address books are named '" + name + "'; rename one");
        }
        AddressBook book = named.get(0);
        books.requireRoomFor(h, book, rustdeskId);
        var existing = store.findPeer(h, book.id(), rustdeskId);

        String tag = blankToNull(placement.tag());
        if (tag != null && !store.tagExists(h, book.id(), tag)) {
            books.requireRoomForTag(h, book);
            store.insertTag(h, book.id(), new BookTag(tag, NEW_TAG_COLOR));
        }
        long now = clock.millis();
        if (existing.isPresent()) {
            BookPeer peer = existing.get();
            List<String> tags = new ArrayList<>(peer.tags());
            if (tag != null && !tags.contains(tag)) {
                tags.add(tag);
            }
            store.updatePeer(h, book.id(), new BookPeer(peer.id(), or(placement.alias(), peer.alias()),
                    or(placement.note(), peer.note()), tags, or(placement.password(), peer.password()), null,
                    peer.username(), peer.hostname(), peer.platform(), peer.extra()), now);
        } else {
            store.insertPeer(h, book.id(), new BookPeer(rustdeskId, or(placement.alias(), ""),
                    or(placement.note(), ""), tag == null ? List.of() : List.of(tag), blankToNull(placement.password()),
                    null, or(username, ""), or(hostname, ""), platformOf(os), Map.of()), now);
        }
        store.touch(h, book.id(), now);
    }

    /** The client's platform names (consts.dart) from the OS text sysinfo reports. */
    static String platformOf(String os) {
        String text = os == null ? "" : os.toLowerCase(Locale.ROOT);
        String family = text.split(" / ", 2)[0].strip();
        return switch (family) {
            case "windows" -> "Windows";
            case "macos" -> "Mac OS";
            case "android" -> "Android";
            default -> text.contains("linux") ? "Linux" : "";
        };
    }

    private static void check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ServiceException.invalid(field + " must have at most " + max + " characters");
        }
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
