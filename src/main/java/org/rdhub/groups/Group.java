package org.rdhub.groups;

import org.rdhub.common.ServiceException;

/** A user group or a device group, with how many users or devices it holds. */
public record Group(long id, String guid, String name, String note, long createdAt, long members) {

    public static final int MAX_NAME = 255;
    public static final int MAX_NOTE = 10_000;

    /**
     * A group name as stored: trimmed, not empty, bounded, and without commas, since the scripts' {@code delete}
     * splits {@code --name "A,B"} into several names and could never name such a group.
     */
    public static String checkedName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw ServiceException.invalid("Field 'name' must be a non-blank string").withCode("name_blank");
        }
        if (trimmed.length() > MAX_NAME) {
            throw ServiceException.invalid("Field 'name' is longer than " + MAX_NAME + " characters")
                    .withCode("name_too_long");
        }
        if (trimmed.contains(",")) {
            throw ServiceException.invalid("A group name cannot contain a comma").withCode("name_comma");
        }
        return trimmed;
    }

    public static String checkedNote(String note) {
        if (note != null && note.length() > MAX_NOTE) {
            throw ServiceException.invalid("Field 'note' is longer than " + MAX_NOTE + " characters")
                    .withCode("note_too_long");
        }
        return note;
    }
}
