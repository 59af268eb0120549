package org.rdhub.addressbook;

/** A shared book as one caller sees it: with that caller's rule on it. */
public record SharedBook(AddressBook book, int rule) {
}
