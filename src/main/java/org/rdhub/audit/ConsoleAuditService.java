package org.rdhub.audit;

import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.db.Database;

/** Reading the console audit: what administrators, tokens and the command line changed. */
public final class ConsoleAuditService {
    private final Database database;
    private final ConsoleAuditStore store;
    private final Permissions permissions;

    public ConsoleAuditService(Database database, ConsoleAuditStore store, Permissions permissions) {
        this.database = database;
        this.store = store;
        this.permissions = permissions;
    }

    public Page<ConsoleAuditEntry> list(Caller caller, ConsoleAuditFilter filter, PageRequest page) {
        permissions.require(caller, Resource.AUDIT_LOG, Level.READ);
        return database.withHandle(h -> store.list(h, filter, page));
    }

    /** Every matching record, newest first, for the CSV export. */
    public ExportRows<ConsoleAuditEntry> export(Caller caller, ConsoleAuditFilter filter) {
        permissions.require(caller, Resource.AUDIT_LOG, Level.READ);
        return row -> AuditRows.forEach(cursor -> database.withHandle(h -> store.batch(h, filter, cursor)),
                entry -> new AuditRows.Cursor(entry.createdAt(), entry.id()), row);
    }
}
