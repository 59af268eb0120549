package org.rdhub.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.common.PageRequest;
import org.rdhub.common.ServiceException;
import org.rdhub.common.Sort;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.users.NewAccount;

/**
 * What the console's group pages ask of the services besides the API's calls: sorting (name in any case, member
 * count, creation, both ways, with the API's oldest-first order unchanged), one group by guid, and the reason codes
 * the pages translate.
 */
class GroupConsoleServiceTest extends OnEachDatabase {
    private final Caller admin = new Caller.CommandLine();
    private UserGroupService userGroups;
    private DeviceGroupService deviceGroups;

    @BeforeEach
    void groups() {
        userGroups = server.app().userGroups();
        deviceGroups = server.app().deviceGroups();
        for (String name : List.of("support", "Sales", "ops")) {
            server.clock().advance(java.time.Duration.ofSeconds(1));
            userGroups.create(admin, new UserGroupService.Fields(name, null, null, null));
            deviceGroups.create(admin, new DeviceGroupService.Fields(name + "-pcs", null, null));
        }
        for (String user : List.of("u1", "u2")) {
            server.app().users().create(admin, new NewAccount(user, null, "", "ops", false), "Correct-horse-7");
        }
        server.app().users().create(admin, new NewAccount("u3", null, "", "Sales", false), "Correct-horse-7");
    }

    private List<String> userGroupNames(Sort sort) {
        return userGroups.list(admin, null, new PageRequest(1, 10), sort).data().stream()
                .map(view -> view.group().name()).toList();
    }

    @Test
    void user_groups_sort_by_name_in_any_case_by_members_and_by_creation_both_ways() {
        assertThat(userGroupNames(new Sort("name", false))).containsExactly("Default", "ops", "Sales", "support");
        assertThat(userGroupNames(new Sort("name", true))).containsExactly("support", "Sales", "ops", "Default");
        // admin is in Default: Default and Sales have one user each, ops two; ties go by id
        assertThat(userGroupNames(new Sort("members", true))).containsExactly("ops", "Sales", "Default", "support");
        assertThat(userGroupNames(new Sort("members", false))).containsExactly("support", "Default", "Sales", "ops");
        assertThat(userGroupNames(new Sort("created", true))).containsExactly("ops", "Sales", "support", "Default");
    }

    @Test
    void without_a_sort_the_lists_keep_the_apis_oldest_first_order_and_the_name_filter() {
        assertThat(userGroupNames(null)).containsExactly("Default", "support", "Sales", "ops");
        assertThat(userGroups.list(admin, null, new PageRequest(1, 10)).data().stream()
                .map(view -> view.group().name())).containsExactly("Default", "support", "Sales", "ops");
        assertThat(deviceGroups.list(admin, "%S-%", new PageRequest(1, 10), new Sort("name", true)).data()
                .stream().map(view -> view.group().name())).containsExactly("Sales-pcs", "ops-pcs");
        assertThat(deviceGroups.list(admin, "s%", new PageRequest(1, 10), new Sort("name", false)).data()
                .stream().map(view -> view.group().name())).containsExactly("Sales-pcs", "support-pcs");
    }

    @Test
    void one_group_by_guid_with_its_rules_and_404_for_an_unknown_guid() {
        String sales = userGroups.list(admin, "Sales", new PageRequest(1, 1)).data().get(0).group().guid();
        userGroups.update(admin, sales, new UserGroupService.Fields(null, null,
                List.of(new AccessRule(AccessRules.USER_GROUP, "support")),
                List.of(new AccessRule(AccessRules.DEVICE_GROUP, "ops-pcs"))));
        String opsPcs = deviceGroups.list(admin, "ops-pcs", new PageRequest(1, 1)).data().get(0).group().guid();

        UserGroupService.View view = userGroups.get(admin, sales);
        DeviceGroupService.View devices = deviceGroups.get(admin, opsPcs);

        assertThat(view.group().name()).isEqualTo("Sales");
        assertThat(view.group().members()).isEqualTo(1);
        assertThat(view.incomings()).containsExactly(new AccessRule(0, "support"));
        assertThat(view.outgoings()).containsExactly(new AccessRule(1, "ops-pcs"));
        assertThat(devices.incomings()).containsExactly(new AccessRule(0, "Sales"));
        assertThatThrownBy(() -> userGroups.get(admin, "nope")).isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> deviceGroups.get(admin, "nope")).isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (ServiceException e) {
            return e.code();
        }
        throw new AssertionError("no refusal");
    }

    @Test
    void refusals_carry_the_reason_codes_the_pages_translate() {
        String defaultGuid = userGroups.list(admin, "Default", new PageRequest(1, 1)).data().get(0).group().guid();
        String ops = userGroups.list(admin, "ops", new PageRequest(1, 1)).data().get(0).group().guid();
        String opsPcs = deviceGroups.list(admin, "ops-pcs", new PageRequest(1, 1)).data().get(0).group().guid();

        assertThat(code(() -> userGroups.create(admin, new UserGroupService.Fields("SALES", null, null, null))))
                .isEqualTo("name_taken");
        assertThat(code(() -> userGroups.update(admin, ops, new UserGroupService.Fields("Sales", null, null, null))))
                .isEqualTo("name_taken");
        assertThat(code(() -> deviceGroups.create(admin, new DeviceGroupService.Fields("OPS-pcs", null, null))))
                .isEqualTo("name_taken");
        assertThat(code(() -> deviceGroups.update(admin, opsPcs,
                new DeviceGroupService.Fields("sales-PCS", null, null)))).isEqualTo("name_taken");
        assertThat(code(() -> userGroups.delete(admin, defaultGuid))).isEqualTo("default_group");
        assertThat(code(() -> userGroups.update(admin, defaultGuid,
                new UserGroupService.Fields("Standard", null, null, null)))).isEqualTo("default_group");
        assertThat(code(() -> userGroups.delete(admin, ops))).isEqualTo("has_users");
        assertThat(code(() -> userGroups.create(admin, new UserGroupService.Fields(" ", null, null, null))))
                .isEqualTo("name_blank");
        assertThat(code(() -> deviceGroups.create(admin, new DeviceGroupService.Fields("a,b", null, null))))
                .isEqualTo("name_comma");
        assertThat(code(() -> userGroups.update(admin, ops, new UserGroupService.Fields(null, null,
                List.of(new AccessRule(AccessRules.USER, "nobody")), null)))).isEqualTo("unknown_name");
        assertThat(code(() -> userGroups.update(admin, ops, new UserGroupService.Fields(null, null,
                List.of(new AccessRule(AccessRules.USER_GROUP, "ops")), null)))).isEqualTo("self_rule");
    }
}
