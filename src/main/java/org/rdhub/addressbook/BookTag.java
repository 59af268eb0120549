package org.rdhub.addressbook;

/** A tag of a book; {@code color} is the client's unsigned 32-bit ARGB value. */
public record BookTag(String name, long color) {

    public static final long MAX_COLOR = 0xFFFF_FFFFL;
}
