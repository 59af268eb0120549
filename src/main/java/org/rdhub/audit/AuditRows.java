package org.rdhub.audit;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.db.Filters;

/**
 * Reads audit tables newest first: one page for the lists, or every row in batches for the exports. An export
 * walks by (created_at, id) rather than by page number, so rows written meanwhile neither repeat nor go missing,
 * and no database connection is held while the rows are being sent.
 */
final class AuditRows {
    static final int EXPORT_BATCH = 1000;

    private static final String ORDER = " ORDER BY created_at DESC, id DESC";

    /** The last row of the previous batch. */
    record Cursor(long createdAt, long id) {
    }

    private AuditRows() {
    }

    static <T> Page<T> page(Handle h, String table, String columns, Filters where, PageRequest page,
            RowMapper<T> mapper) {
        long total = where.bind(h.createQuery("SELECT COUNT(*) FROM " + table + where.sql())).mapTo(Long.class).one();
        List<T> rows = where.bind(h.createQuery("SELECT " + columns + " FROM " + table + where.sql() + ORDER
                        + " LIMIT :limit OFFSET :offset"))
                .bind("limit", page.pageSize()).bind("offset", page.offset())
                .map(mapper).list();
        return new Page<>(total, rows);
    }

    /** The next batch after {@code cursor} (null: from the newest row). */
    static <T> List<T> batch(Handle h, String table, String columns, Filters where, Cursor cursor,
            RowMapper<T> mapper) {
        if (cursor != null) {
            where.where("(created_at < :cursorAt OR (created_at = :cursorAt AND id < :cursorId))",
                    Map.of("cursorAt", cursor.createdAt(), "cursorId", cursor.id()));
        }
        return where.bind(h.createQuery("SELECT " + columns + " FROM " + table + where.sql() + ORDER
                        + " LIMIT :limit"))
                .bind("limit", EXPORT_BATCH)
                .map(mapper).list();
    }

    /** Hands every row to {@code row}, one batch (one short database read) at a time. */
    static <T> void forEach(Function<Cursor, List<T>> batch, Function<T, Cursor> cursorOf, Consumer<? super T> row) {
        Cursor cursor = null;
        while (true) {
            List<T> rows = batch.apply(cursor);
            rows.forEach(row);
            if (rows.size() < EXPORT_BATCH) {
                return;
            }
            cursor = cursorOf.apply(rows.getLast());
        }
    }
}
