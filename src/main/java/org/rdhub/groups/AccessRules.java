package org.rdhub.groups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.rdhub.common.ServiceException;

/**
 * The one place that turns Pro's access rules ({@code {"type", "name"}} lists) into {@code access_grants} rows and
 * back, for both kinds of group. A row says "this user group or user (subject) may reach the members of that user
 * group or the devices of that device group (target)", which is what {@link org.rdhub.access.AccessPolicy} reads.
 * A group's lists are views of the rows on its side: a user group's {@code allowed_incomings} are the rows whose
 * target it is, its {@code allowed_outgoings} the rows whose subject it is, and a device group's
 * {@code allowed_incomings} the rows whose target it is. So Sales' outgoing rule to Support and Support's incoming
 * rule from Sales are one row, and changing either list changes both views.
 */
public final class AccessRules {
    public static final int USER_GROUP = 0;
    public static final int DEVICE_GROUP = 1;
    public static final int USER = 2;

    /** What the other end of a row may be: its rule type, its column in access_grants, and where its names are. */
    private record End(int type, String column, String table, String label) {
    }

    private static final End SUBJECT_GROUP = new End(USER_GROUP, "subject_user_group_id", "user_groups",
            "user group");
    private static final End SUBJECT_USER = new End(USER, "subject_user_id", "users", "user");
    private static final End TARGET_GROUP = new End(USER_GROUP, "target_user_group_id", "user_groups", "user group");
    private static final End TARGET_DEVICE_GROUP = new End(DEVICE_GROUP, "target_device_group_id", "device_groups",
            "device group");

    /** One list of rules: the field the scripts name it by, the group's own column, and what the rules may name. */
    public enum Side {
        USER_GROUP_INCOMINGS("allowed_incomings", "user_groups", "target_user_group_id", SUBJECT_GROUP, SUBJECT_USER),
        USER_GROUP_OUTGOINGS("allowed_outgoings", "user_groups", "subject_user_group_id", TARGET_GROUP,
                TARGET_DEVICE_GROUP),
        DEVICE_GROUP_INCOMINGS("allowed_incomings", "device_groups", "target_device_group_id", SUBJECT_GROUP,
                SUBJECT_USER);

        private final String field;
        private final String groupTable;
        private final String column;
        private final End first;
        private final End second;

        Side(String field, String groupTable, String column, End first, End second) {
            this.field = field;
            this.groupTable = groupTable;
            this.column = column;
            this.first = first;
            this.second = second;
        }

        private End end(int type) {
            return first.type() == type ? first : second.type() == type ? second : null;
        }

        private String allowedTypes() {
            return first.type() + " (" + first.label() + ") or " + second.type() + " (" + second.label() + ")";
        }
    }

    /** A rule whose name was found: the other end of the row to write. */
    private record Grantee(End end, long id) {
    }

    /** The rules on this side of each group, oldest grant first; a group without rules maps to an empty list. */
    public Map<Long, List<AccessRule>> rules(Handle h, Side side, Collection<Long> groupIds) {
        Map<Long, Set<AccessRule>> rules = new LinkedHashMap<>();
        groupIds.forEach(id -> rules.put(id, new LinkedHashSet<>()));
        if (!groupIds.isEmpty()) {
            End a = side.first;
            End b = side.second;
            h.createQuery("SELECT g." + side.column + " AS owner,"
                            + " CASE WHEN g." + a.column() + " IS NOT NULL THEN " + a.type() + " ELSE " + b.type()
                            + " END AS type, COALESCE(a.name, b.name) AS name"
                            + " FROM access_grants g"
                            + " LEFT JOIN " + a.table() + " a ON a.id = g." + a.column()
                            + " LEFT JOIN " + b.table() + " b ON b.id = g." + b.column()
                            + " WHERE g." + side.column + " IN (<ids>) ORDER BY g.created_at, g.id")
                    .bindList("ids", List.copyOf(groupIds))
                    .map((rs, ctx) -> Map.entry(rs.getLong("owner"), new AccessRule(rs.getInt("type"),
                            rs.getString("name"))))
                    .forEach(row -> rules.get(row.getKey()).add(row.getValue()));
        }
        Map<Long, List<AccessRule>> lists = new LinkedHashMap<>();
        rules.forEach((id, set) -> lists.put(id, List.copyOf(set)));
        return lists;
    }

    /**
     * Replaces the group's rules on this side. A malformed rule, a type this side does not take, or a user group
     * naming itself (its members reach each other anyway) is 400; names that do not exist are 404, all named at
     * once. The caller's transaction makes it all or nothing.
     */
    public void replace(Handle h, Side side, long groupId, List<AccessRule> rules, long now) {
        Set<Grantee> grantees = resolve(h, side, groupId, rules);
        h.createUpdate("DELETE FROM access_grants WHERE " + side.column + " = :id").bind("id", groupId).execute();
        for (Grantee grantee : grantees) {
            h.createUpdate("INSERT INTO access_grants (" + side.column + ", " + grantee.end().column()
                            + ", created_at) VALUES (:group, :other, :now)")
                    .bind("group", groupId).bind("other", grantee.id())
                    .bind("now", now).execute();
        }
    }

    /** Rules as the audit shows them, e.g. {@code [0:Sales, 2:alice]}. */
    public static String describe(List<AccessRule> rules) {
        return rules.stream().map(rule -> rule.type() + ":" + rule.name().strip())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private Set<Grantee> resolve(Handle h, Side side, long groupId, List<AccessRule> rules) {
        List<End> ends = new ArrayList<>();
        for (AccessRule rule : rules) {
            if (rule == null || rule.type() == null || rule.name() == null || rule.name().isBlank()) {
                throw ServiceException.invalid("Each rule in " + side.field + " needs a type and a name, as in "
                        + "{\"type\": 0, \"name\": \"Sales\"}");
            }
            End end = side.end(rule.type());
            if (end == null) {
                throw ServiceException.invalid("Rule type " + rule.type() + " is not allowed in " + side.field
                        + ": use " + side.allowedTypes());
            }
            ends.add(end);
        }
        Set<Grantee> grantees = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            End end = ends.get(i);
            String name = rules.get(i).name().strip();
            var id = h.createQuery("SELECT id FROM " + end.table() + " WHERE LOWER(name) = LOWER(:name)")
                    .bind("name", name).mapTo(Long.class).findOne();
            if (id.isEmpty()) {
                unknown.add("no " + end.label() + " named '" + name + "'");
            } else if (end.table().equals(side.groupTable) && id.get() == groupId) {
                throw ServiceException.invalid("A group's members always reach each other: a rule naming the group "
                        + "itself ('" + name + "') is not needed").withCode("self_rule");
            } else {
                grantees.add(new Grantee(end, id.get()));
            }
        }
        if (!unknown.isEmpty()) {
            String message = String.join("; ", unknown);
            throw ServiceException.notFound(Character.toUpperCase(message.charAt(0)) + message.substring(1)
                    + " (in " + side.field + ")").withCode("unknown_name");
        }
        return grantees;
    }
}
