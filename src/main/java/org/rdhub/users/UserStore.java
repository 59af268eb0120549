package org.rdhub.users;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.common.Sort;
import org.rdhub.db.Filters;

/** SQL for users. Every method takes the caller's handle, so a service decides what one transaction covers. */
public final class UserStore {

    private static final String SELECT = """
            SELECT u.id, u.guid, u.name, u.display_name, u.email, u.note, u.status, u.is_admin, u.group_id,
                   g.name AS group_name, u.password_hash, u.must_change_password, u.totp_secret,
                   u.totp_enabled_at, u.totp_last_step, u.tfa_enforced, u.email_verification, u.created_at
            FROM users u JOIN user_groups g ON g.id = u.group_id""";

    private static final RowMapper<User> MAPPER = (rs, ctx) -> new User(
            rs.getLong("id"),
            rs.getString("guid"),
            rs.getString("name"),
            rs.getString("display_name"),
            rs.getString("email"),
            rs.getString("note"),
            rs.getInt("status"),
            rs.getBoolean("is_admin"),
            rs.getLong("group_id"),
            rs.getString("group_name"),
            rs.getString("password_hash"),
            rs.getBoolean("must_change_password"),
            rs.getString("totp_secret"),
            rs.getObject("totp_enabled_at") != null,
            rs.getLong("totp_last_step"),
            rs.getBoolean("tfa_enforced"),
            rs.getBoolean("email_verification"),
            rs.getLong("created_at"));

    public Optional<User> findByName(Handle h, String name) {
        return h.createQuery(SELECT + " WHERE LOWER(u.name) = LOWER(:name)")
                .bind("name", name).map(MAPPER).findOne();
    }

    public Optional<User> findById(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE u.id = :id").bind("id", id).map(MAPPER).findOne();
    }

    public long count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one();
    }

    /**
     * The console's sort columns and the SQL each stands for; text sorts ignore case, and an absent email sorts as
     * empty on both databases (SQLite and PostgreSQL put NULLs at different ends).
     */
    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "name", "LOWER(u.name)",
            "email", "LOWER(COALESCE(u.email, ''))",
            "group", "LOWER(g.name)",
            "admin", "u.is_admin",
            "status", "u.status",
            "created", "u.created_at");

    /** The columns {@link #list(Handle, UserFilter, Filters, PageRequest, Sort)} sorts by. */
    public static final List<String> SORTABLE = List.of("name", "email", "group", "admin", "status", "created");

    /** Users within {@code scope} matching the filters, oldest first (a stable order across pages). */
    public Page<User> list(Handle h, UserFilter filter, Filters scope, PageRequest page) {
        return list(h, filter, scope, page, null);
    }

    /**
     * Users within {@code scope} matching the filters, in {@code sort}'s order with the id as tie-breaker, or oldest
     * first when {@code sort} is null; an unknown column is refused.
     */
    public Page<User> list(Handle h, UserFilter filter, Filters scope, PageRequest page, Sort sort) {
        String order = "u.created_at, u.id";
        if (sort != null) {
            String column = SORT_COLUMNS.get(sort.column());
            if (column == null) {
                throw ServiceException.invalid("Users cannot be sorted by '" + sort.column() + "'");
            }
            String direction = sort.descending() ? " DESC" : "";
            order = column + direction + ", u.id" + direction;
        }
        Filters where = where(filter, scope);
        long total = where.bind(h.createQuery(
                "SELECT COUNT(*) FROM users u JOIN user_groups g ON g.id = u.group_id" + where.sql()))
                .mapTo(Long.class).one();
        List<User> rows = where.bind(h.createQuery(SELECT + where.sql()
                        + " ORDER BY " + order + " LIMIT :limit OFFSET :offset"))
                .bind("limit", page.pageSize())
                .bind("offset", page.offset())
                .map(MAPPER).list();
        return new Page<>(total, rows);
    }

    /** Every user matching the filters, in the list's order (the CSV export). */
    public List<User> all(Handle h, UserFilter filter) {
        Filters where = where(filter, new Filters());
        return where.bind(h.createQuery(SELECT + where.sql() + " ORDER BY u.created_at, u.id")).map(MAPPER).list();
    }

    private static Filters where(UserFilter filter, Filters scope) {
        Filters where = scope
                .like("u.name", filter.name())
                .like("g.name", filter.groupName());
        if (filter.status() != null) {
            where.where("u.status = :status", Map.of("status", filter.status()));
        }
        if (filter.admin() != null) {
            where.where("u.is_admin = :admin", Map.of("admin", filter.admin()));
        }
        return where;
    }

    public Optional<User> findByGuid(Handle h, String guid) {
        return h.createQuery(SELECT + " WHERE u.guid = :guid").bind("guid", guid).map(MAPPER).findOne();
    }

    public long insert(Handle h, NewUser user, String guid, long now) {
        return insert(h, user, User.STATUS_NORMAL, guid, now);
    }

    /** Inserts with the given status: {@link User#STATUS_UNVERIFIED} for an invited user without a password. */
    public long insert(Handle h, NewUser user, int status, String guid, long now) {
        return h.createQuery("""
                INSERT INTO users (guid, name, email, note, status, is_admin, group_id, password_hash,
                                   must_change_password, created_at, updated_at)
                VALUES (:guid, :name, :email, :note, :status, :admin, :groupId, :passwordHash,
                        :mustChangePassword, :now, :now)
                RETURNING id""")
                .bind("guid", guid)
                .bind("name", user.name())
                .bind("email", user.email())
                .bind("note", user.note())
                .bind("status", status)
                .bind("admin", user.admin())
                .bind("groupId", user.groupId())
                .bind("passwordHash", user.passwordHash())
                .bind("mustChangePassword", user.mustChangePassword())
                .bind("now", now)
                .mapTo(Long.class).one();
    }

    public void setStatus(Handle h, long userId, int status, long now) {
        h.createUpdate("UPDATE users SET status = :status, updated_at = :now WHERE id = :id")
                .bind("status", status).bind("now", now).bind("id", userId).execute();
    }

    /** Sets the password of an invited user and activates the account. */
    public void activate(Handle h, long userId, String passwordHash, long now) {
        h.createUpdate("""
                UPDATE users SET password_hash = :hash, must_change_password = FALSE, status = :status,
                                 updated_at = :now
                WHERE id = :id""")
                .bind("hash", passwordHash).bind("status", User.STATUS_NORMAL).bind("now", now).bind("id", userId)
                .execute();
    }

    /** What an administrator edits on an account (the name and password have their own ways). */
    public void update(Handle h, long userId, String email, String note, boolean admin, long groupId, long now) {
        h.createUpdate("""
                UPDATE users SET email = :email, note = :note, is_admin = :admin, group_id = :groupId,
                                 updated_at = :now
                WHERE id = :id""")
                .bind("email", email).bind("note", note).bind("admin", admin).bind("groupId", groupId)
                .bind("now", now).bind("id", userId)
                .execute();
    }

    public void setTfaEnforced(Handle h, long userId, boolean enforced, long now) {
        h.createUpdate("UPDATE users SET tfa_enforced = :enforced, updated_at = :now WHERE id = :id")
                .bind("enforced", enforced).bind("now", now).bind("id", userId).execute();
    }

    public void setEmailVerification(Handle h, long userId, boolean on, long now) {
        h.createUpdate("UPDATE users SET email_verification = :on, updated_at = :now WHERE id = :id")
                .bind("on", on).bind("now", now).bind("id", userId).execute();
    }

    /** Deletes the user; their tokens, sessions and personal book go with them, their devices lose their owner. */
    public void delete(Handle h, long userId) {
        h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", userId).execute();
    }

    /** Administrators who can sign in now: the ones the server must not lose. */
    public long countEnabledAdmins(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE is_admin = TRUE AND status = :status")
                .bind("status", User.STATUS_NORMAL).mapTo(Long.class).one();
    }

    public void updatePassword(Handle h, long userId, String passwordHash, long now) {
        h.createUpdate("""
                UPDATE users SET password_hash = :hash, must_change_password = FALSE, updated_at = :now
                WHERE id = :id""")
                .bind("hash", passwordHash).bind("now", now).bind("id", userId)
                .execute();
    }

    /** Takes a TOTP step for the user unless it (or a later one) was taken already; true when taken now. */
    public boolean takeTotpStep(Handle h, long userId, long step) {
        return h.createUpdate("UPDATE users SET totp_last_step = :step WHERE id = :id AND totp_last_step < :step")
                .bind("step", step).bind("id", userId).execute() == 1;
    }

    /** Stores a TOTP secret; {@code enabledAt} null keeps it pending until the user confirms a code. */
    public void setTotp(Handle h, long userId, String secret, Long enabledAt, long now) {
        h.createUpdate("""
                UPDATE users SET totp_secret = :secret, totp_enabled_at = :enabledAt, totp_last_step = 0,
                                 updated_at = :now
                WHERE id = :id""")
                .bind("secret", secret).bind("enabledAt", enabledAt).bind("now", now).bind("id", userId).execute();
    }

    /** Names of administrators who still have the password they were created with. */
    public List<String> adminsWithInitialPassword(Handle h) {
        return h.createQuery("SELECT name FROM users WHERE is_admin = TRUE AND must_change_password = TRUE"
                        + " ORDER BY name")
                .mapTo(String.class).list();
    }

    /** What a new row needs; the service fills it in. */
    public record NewUser(String name, String email, String note, boolean admin, long groupId,
            String passwordHash, boolean mustChangePassword) {
    }
}
