package org.rdhub.audit;

import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.Caller;
import org.rdhub.common.Ids;

/**
 * Writes the console audit: one row per administrative change, inside the transaction of the change itself, so a
 * change without its record (or a record without its change) cannot happen.
 */
public final class ConsoleAudit {
    private static final String SYSTEM = "system";

    private final Clock clock;

    public ConsoleAudit(Clock clock) {
        this.clock = clock;
    }

    public void record(Handle h, Caller caller, ConsoleAction action, String target, String details) {
        insert(h, caller instanceof Caller.User user ? user.userId() : null, caller.operator(), channel(caller),
                caller.ip(), action, target, details);
    }

    /** A change the server makes by itself (a scheduled job): operator and channel are "system". */
    public void recordSystem(Handle h, ConsoleAction action, String target, String details) {
        insert(h, null, SYSTEM, SYSTEM, "", action, target, details);
    }

    private void insert(Handle h, Long userId, String operator, String channel, String ip, ConsoleAction action,
            String target, String details) {
        h.createUpdate("""
                INSERT INTO console_audits (guid, operator_user_id, operator, channel, ip, action, typ, iop,
                                            target, details, created_at)
                VALUES (:guid, :userId, :operator, :channel, :ip, :action, :typ, :iop, :target, :details, :now)""")
                .bind("guid", Ids.newGuid())
                .bind("userId", userId)
                .bind("operator", operator)
                .bind("channel", channel)
                .bind("ip", ip)
                .bind("action", action.key())
                .bind("typ", action.typ())
                .bind("iop", action.iop())
                .bind("target", target)
                .bind("details", details)
                .bind("now", clock.millis())
                .execute();
    }

    private static String channel(Caller caller) {
        return switch (caller) {
            case Caller.CommandLine ignored -> "cli";
            case Caller.ApiToken ignored -> "api";
            case Caller.User user -> user.console() ? "console" : "api";
            case Caller.Anonymous ignored -> "api";
        };
    }
}
