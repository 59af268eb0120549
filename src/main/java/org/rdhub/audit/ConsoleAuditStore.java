package org.rdhub.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.db.Filters;

/** SQL reading the console audit ({@link ConsoleAudit} writes it). */
public final class ConsoleAuditStore {
    private static final String TABLE = "console_audits";
    private static final String COLUMNS =
            "id, guid, operator, channel, ip, action, typ, iop, target, details, created_at";

    private static final RowMapper<ConsoleAuditEntry> ENTRY = (rs, ctx) -> new ConsoleAuditEntry(
            rs.getLong("id"),
            rs.getString("guid"),
            rs.getString("operator"),
            rs.getString("channel"),
            rs.getString("ip"),
            rs.getString("action"),
            nullableInt(rs, "typ"),
            nullableInt(rs, "iop"),
            rs.getString("target"),
            rs.getString("details"),
            rs.getLong("created_at"));

    /** Console records matching the filter, newest first. */
    public Page<ConsoleAuditEntry> list(Handle h, ConsoleAuditFilter filter, PageRequest page) {
        return AuditRows.page(h, TABLE, COLUMNS, where(filter), page, ENTRY);
    }

    List<ConsoleAuditEntry> batch(Handle h, ConsoleAuditFilter filter, AuditRows.Cursor cursor) {
        return AuditRows.batch(h, TABLE, COLUMNS, where(filter), cursor, ENTRY);
    }

    private static Filters where(ConsoleAuditFilter filter) {
        Filters where = new Filters().like("operator", filter.operator());
        if (filter.createdFrom() != null) {
            where.where("created_at >= :createdFrom", Map.of("createdFrom", filter.createdFrom()));
        }
        return where;
    }

    // sqlite-jdbc cannot read a column as a boxed type
    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
