package org.rdhub.addressbook;

/**
 * An address book: a user's one personal book, or a shared book that rules open to users, groups or everyone.
 * {@code password} is a shared book's default password for its peers; personal books have none.
 */
public record AddressBook(
        long id,
        String guid,
        String name,
        String note,
        long ownerUserId,
        String ownerName,
        boolean personal,
        String password,
        long updatedAt) {

    /** The name the client shows for every personal book, and the one rdhub gives it. */
    public static final String PERSONAL_NAME = "My address book";

    /** A caller's rule on a book, as the client reads {@code rule}; NONE means the book is invisible. */
    public static final int NONE = 0;
    public static final int READ_ONLY = 1;
    public static final int READ_WRITE = 2;
    public static final int FULL_CONTROL = 3;
}
