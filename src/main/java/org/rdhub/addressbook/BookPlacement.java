package org.rdhub.addressbook;

/**
 * Where a preset puts a device: the shared book's name and what its entry there carries. Comes from a custom
 * client's {@code preset-address-book-*} options (sysinfo) or {@code rustdesk --assign --address_book_*}.
 * Fields other than the name may be null.
 */
public record BookPlacement(String bookName, String tag, String alias, String password, String note) {
}
