package org.rdhub.groups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.rdhub.access.Caller;
import org.rdhub.access.Level;
import org.rdhub.access.Permissions;
import org.rdhub.access.Resource;
import org.rdhub.audit.ConsoleAction;
import org.rdhub.audit.ConsoleAudit;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.common.Sort;
import org.rdhub.db.Database;
import org.rdhub.groups.AccessRules.Side;

/**
 * User groups (user-groups.py): their names, notes and access rules, and which users are in them. A user is in
 * exactly one group, so adding users to a group moves them there. The Default group, where new users land, can be
 * neither deleted nor renamed; a group that still has users cannot be deleted.
 */
public final class UserGroupService {

    /** What a request gives; null fields are not given (a change keeps them), an empty list clears the rules. */
    public record Fields(String name, String note, List<AccessRule> incomings, List<AccessRule> outgoings) {

        boolean empty() {
            return name == null && note == null && incomings == null && outgoings == null;
        }
    }

    /** A group with its rules both ways. */
    public record View(Group group, List<AccessRule> incomings, List<AccessRule> outgoings) {
    }

    private final Database database;
    private final UserGroupStore store;
    private final AccessRules rules;
    private final Permissions permissions;
    private final ConsoleAudit audit;
    private final Clock clock;

    public UserGroupService(Database database, UserGroupStore store, AccessRules rules, Permissions permissions,
            ConsoleAudit audit, Clock clock) {
        this.database = database;
        this.store = store;
        this.rules = rules;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Groups whose name matches the LIKE filter {@code name} (or all), oldest first. */
    public Page<View> list(Caller caller, String name, PageRequest page) {
        return list(caller, name, page, null);
    }

    /** The same in the console's order: {@code name}, {@code members} or {@code created}; null is oldest first. */
    public Page<View> list(Caller caller, String name, PageRequest page, Sort sort) {
        permissions.require(caller, Resource.USER_GROUP, Level.READ);
        return database.withHandle(h -> {
            Page<Group> groups = store.list(h, name, page, sort);
            List<Long> ids = groups.data().stream().map(Group::id).toList();
            Map<Long, List<AccessRule>> incomings = rules.rules(h, Side.USER_GROUP_INCOMINGS, ids);
            Map<Long, List<AccessRule>> outgoings = rules.rules(h, Side.USER_GROUP_OUTGOINGS, ids);
            return groups.map(group -> new View(group, incomings.get(group.id()), outgoings.get(group.id())));
        });
    }

    /** One group with its rules both ways; an unknown guid is 404. */
    public View get(Caller caller, String guid) {
        permissions.require(caller, Resource.USER_GROUP, Level.READ);
        return database.withHandle(h -> view(h, guid));
    }

    /** Adds a group; a name taken in any case is 409, an unknown name in a rule 404, and nothing is written. */
    public View create(Caller caller, Fields fields) {
        permissions.require(caller, Resource.USER_GROUP, Level.READ_WRITE);
        String name = Group.checkedName(fields.name());
        String note = fields.note() == null ? "" : Group.checkedNote(fields.note());
        long now = clock.millis();
        return database.inTransaction(h -> {
            String guid = Ids.newGuid();
            long id = store.tryInsert(h, guid, name, note, now)
                    .orElseThrow(() -> ServiceException.conflict("A user group named '" + name + "' already exists")
                            .withCode("name_taken"));
            applyRules(h, id, fields, now);
            audit.record(h, caller, ConsoleAction.USER_GROUP_CREATE, name, changes(fields));
            return view(h, guid);
        });
    }

    /** Changes only what is given; renaming to a name another group has (in any case) is 409. */
    public void update(Caller caller, String guid, Fields fields) {
        permissions.require(caller, Resource.USER_GROUP, Level.READ_WRITE);
        String newName = fields.name() == null ? null : Group.checkedName(fields.name());
        Group.checkedNote(fields.note());
        long now = clock.millis();
        database.useTransaction(h -> {
            Group group = find(h, guid);
            if (fields.empty()) {
                return;
            }
            String name = newName == null ? group.name() : newName;
            if (!name.equals(group.name())) {
                if (group.name().equalsIgnoreCase(UserGroupStore.DEFAULT_GROUP)) {
                    throw ServiceException.conflict("The Default group cannot be renamed: new users land in it")
                            .withCode("default_group");
                }
                if (store.nameTaken(h, name, group.id())) {
                    throw ServiceException.conflict("A user group named '" + name + "' already exists")
                            .withCode("name_taken");
                }
            }
            store.update(h, group.id(), name, fields.note() == null ? group.note() : fields.note(), now);
            applyRules(h, group.id(), fields, now);
            String changes = changes(fields);
            if (!name.equals(group.name())) {
                changes = "name: " + group.name() + " -> " + name + (changes.isEmpty() ? "" : ", " + changes);
            }
            audit.record(h, caller, ConsoleAction.USER_GROUP_UPDATE, group.name(), changes);
        });
    }

    /** Deletes a group without users; its access rules go with it, and so do address-book rules naming it. */
    public void delete(Caller caller, String guid) {
        permissions.require(caller, Resource.USER_GROUP, Level.READ_WRITE);
        database.useTransaction(h -> {
            Group group = find(h, guid);
            if (group.name().equalsIgnoreCase(UserGroupStore.DEFAULT_GROUP)) {
                throw ServiceException.conflict("The Default group cannot be deleted: new users land in it")
                        .withCode("default_group");
            }
            if (group.members() > 0) {
                throw ServiceException.conflict("User group '" + group.name() + "' still has " + group.members()
                        + (group.members() == 1 ? " user" : " users") + "; move them first").withCode("has_users");
            }
            store.delete(h, group.id());
            audit.record(h, caller, ConsoleAction.USER_GROUP_DELETE, group.name(), "");
        });
    }

    /** Moves the users (by guid) into the group, all or none: any unknown guid is 404 and nobody moves. */
    public void moveUsers(Caller caller, String guid, List<String> userGuids) {
        permissions.require(caller, Resource.USER_GROUP, Level.READ_WRITE);
        if (userGuids.isEmpty()) {
            throw ServiceException.invalid("Give at least one user guid");
        }
        List<String> wanted = userGuids.stream().map(String::strip).distinct().toList();
        long now = clock.millis();
        database.useTransaction(h -> {
            Group group = find(h, guid);
            Map<String, UserGroupStore.Member> found = store.usersByGuid(h, wanted).stream()
                    .collect(Collectors.toMap(UserGroupStore.Member::guid, user -> user));
            List<String> unknown = wanted.stream().filter(g -> !found.containsKey(g)).toList();
            if (!unknown.isEmpty()) {
                throw ServiceException.notFound("No user with guid " + unknown.stream()
                        .map(g -> "'" + g + "'").collect(Collectors.joining(", ")));
            }
            for (UserGroupStore.Member user : wanted.stream().map(found::get).toList()) {
                if (user.groupId() != group.id()) {
                    store.moveUser(h, user.id(), group.id(), now);
                    audit.record(h, caller, ConsoleAction.USER_GROUP_CHANGE, user.name(),
                            "user group: " + user.groupName() + " -> " + group.name());
                }
            }
        });
    }

    private void applyRules(Handle h, long groupId, Fields fields, long now) {
        if (fields.incomings() != null) {
            rules.replace(h, Side.USER_GROUP_INCOMINGS, groupId, fields.incomings(), now);
        }
        if (fields.outgoings() != null) {
            rules.replace(h, Side.USER_GROUP_OUTGOINGS, groupId, fields.outgoings(), now);
        }
    }

    private Group find(Handle h, String guid) {
        return store.findByGuid(h, guid == null ? "" : guid)
                .orElseThrow(() -> ServiceException.notFound("No user group with guid '" + guid + "'"));
    }

    private View view(Handle h, String guid) {
        Group group = find(h, guid);
        List<Long> id = List.of(group.id());
        return new View(group, rules.rules(h, Side.USER_GROUP_INCOMINGS, id).get(group.id()),
                rules.rules(h, Side.USER_GROUP_OUTGOINGS, id).get(group.id()));
    }

    /** The fields a request changes besides the name, for the audit. */
    private static String changes(Fields fields) {
        List<String> changed = new ArrayList<>();
        if (fields.note() != null) {
            changed.add("note");
        }
        if (fields.incomings() != null) {
            changed.add("allowed_incomings: " + AccessRules.describe(fields.incomings()));
        }
        if (fields.outgoings() != null) {
            changed.add("allowed_outgoings: " + AccessRules.describe(fields.outgoings()));
        }
        return String.join(", ", changed);
    }
}
