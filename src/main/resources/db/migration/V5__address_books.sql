-- Address books: each user has at most one personal book, and an owner's shared books differ in name whatever
-- its case (the client keys books by name). Partial indexes keep the personal book out of the name rule.
CREATE UNIQUE INDEX address_books_personal ON address_books (owner_user_id) WHERE personal = TRUE;
CREATE UNIQUE INDEX address_books_shared_name ON address_books (owner_user_id, LOWER(name)) WHERE personal = FALSE;
CREATE INDEX address_book_rules_book ON address_book_rules (address_book_id);
CREATE INDEX address_book_rules_user ON address_book_rules (user_id);
CREATE INDEX address_book_rules_group ON address_book_rules (user_group_id);
