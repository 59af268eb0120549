package org.rdhub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdhub.audit.DeviceAuditStore.Authorization;
import org.rdhub.audit.DeviceAuditStore.NewAlarmAudit;
import org.rdhub.audit.DeviceAuditStore.NewFileAudit;
import org.rdhub.common.Ids;
import org.rdhub.common.Page;
import org.rdhub.common.PageRequest;
import org.rdhub.support.OnEachDatabase;

/** The lists the admin API will serve: filters and paging happen in SQL, newest first. */
class DeviceAuditStoreTest extends OnEachDatabase {
    static final long T0 = 1_700_000_000_000L;

    final DeviceAuditStore store = new DeviceAuditStore();
    long owner;
    long controller;

    @BeforeEach
    void seed() {
        server.app().database().useTransaction(h -> {
            owner = h.createQuery("SELECT id FROM users WHERE name = 'admin'").mapTo(Long.class).one();
            long groupId = h.createQuery("SELECT group_id FROM users WHERE id = :id").bind("id", owner)
                    .mapTo(Long.class).one();
            controller = h.createQuery("""
                    INSERT INTO users (guid, name, group_id, created_at, updated_at)
                    VALUES (:guid, 'bob', :groupId, 0, 0) RETURNING id""")
                    .bind("guid", Ids.newGuid()).bind("groupId", groupId).mapTo(Long.class).one();
            h.createUpdate("""
                    INSERT INTO devices (guid, rustdesk_id, uuid, owner_user_id, created_at)
                    VALUES (:guid, '111111111', 'dQ==', :owner, 0)""")
                    .bind("guid", Ids.newGuid()).bind("owner", owner).execute();

            // 111111111 (owned by admin): remote desktop at T0, file transfer at T0+1000 controlled by bob
            // 222222222 (nobody's): terminal at T0+2000, never authorized at T0+3000
            connection(h, "111111111", 1, new Authorization("5", 0, "900000001", "Ann", 3, null), T0);
            long fileTransfer = connection(h, "111111111", 2,
                    new Authorization("18446744073709551615", 1, "900000002", "Bob", 2, 1), T0 + 1000);
            store.setControllerIfUnset(h, fileTransfer, controller);
            connection(h, "222222222", 1, new Authorization("7", 4, "900000001", "Ann", 1, null), T0 + 2000);
            store.insertConnection(h, Ids.newGuid(), "222222222", 2, "0", "10.0.0.1", null, T0 + 3000);

            store.insertFile(h, Ids.newGuid(), new NewFileAudit("111111111", "900000001", 1, 0, "/tmp", false, "{}"), T0);
            store.insertFile(h, Ids.newGuid(), new NewFileAudit("222222222", "900000002", 1, 1, "", false, "{}"),
                    T0 + 1000);

            store.insertAlarm(h, Ids.newGuid(), new NewAlarmAudit("111111111", 0, 0, "{}", null), T0);
            store.insertAlarm(h, Ids.newGuid(), new NewAlarmAudit("222222222", 2, 4, "{}", null), T0 + 1000);
            store.insertAlarm(h, Ids.newGuid(), new NewAlarmAudit("222222222", 0, 5, "{}", "ref"), T0 + 2000);
        });
    }

    private long connection(Handle h, String device, int connId, Authorization authorization, long at) {
        long id = store.insertConnection(h, Ids.newGuid(), device, connId, "0", "10.0.0.1", null, at);
        store.authorize(h, id, authorization, at);
        return id;
    }

    private <T> Page<T> page(Function<Handle, Page<T>> list) {
        return server.app().database().withHandle(list::apply);
    }

    private List<String> connections(ConnectionAuditFilter filter) {
        return page(h -> store.listConnections(h, filter, new PageRequest(1, 100)))
                .map(c -> c.deviceId() + "/" + c.connId()).data();
    }

    @Test
    void connections_are_listed_newest_first_and_paged() {
        Page<ConnectionAudit> first = page(h -> store.listConnections(h, ConnectionAuditFilter.ALL,
                new PageRequest(1, 3)));
        assertThat(first.total()).isEqualTo(4);
        assertThat(first.data()).extracting(c -> c.deviceId() + "/" + c.connId())
                .containsExactly("222222222/2", "222222222/1", "111111111/2");
        Page<ConnectionAudit> second = page(h -> store.listConnections(h, ConnectionAuditFilter.ALL,
                new PageRequest(2, 3)));
        assertThat(second.data()).extracting(ConnectionAudit::sessionId).containsExactly("5");

        ConnectionAudit unauthorized = first.data().getFirst();
        assertThat(unauthorized.connType()).isNull();
        assertThat(unauthorized.authorizedAt()).isNull();
        assertThat(first.data().get(2).sessionId()).isEqualTo("18446744073709551615");
        assertThat(first.data().get(2).twoFactor()).isEqualTo(1);
    }

    @Test
    void connections_filter_by_device_peer_type_user_and_time() {
        assertThat(connections(new ConnectionAuditFilter("%1111%", null, null, null, null, null)))
                .containsExactly("111111111/2", "111111111/1");
        assertThat(connections(new ConnectionAuditFilter(null, "900000001", null, null, null, null)))
                .containsExactly("222222222/1", "111111111/1");
        assertThat(connections(new ConnectionAuditFilter(null, null, 4, null, null, null)))
                .containsExactly("222222222/1");
        // the owner sees their device's records; the controller sees the session they ran
        assertThat(connections(new ConnectionAuditFilter(null, null, null, owner, null, null)))
                .containsExactly("111111111/2", "111111111/1");
        assertThat(connections(new ConnectionAuditFilter(null, null, null, controller, null, null)))
                .containsExactly("111111111/2");
        assertThat(connections(new ConnectionAuditFilter(null, null, null, null, T0 + 1000, T0 + 3000)))
                .containsExactly("222222222/1", "111111111/2");
        assertThat(connections(new ConnectionAuditFilter("%2222%", "%0001", 4, null, T0, null)))
                .containsExactly("222222222/1");
    }

    @Test
    void files_filter_by_device_peer_direction_user_and_time() {
        Function<FileAuditFilter, List<String>> files = filter -> page(h -> store.listFiles(h, filter,
                new PageRequest(1, 100))).map(FileAudit::deviceId).data();
        assertThat(files.apply(FileAuditFilter.ALL)).containsExactly("222222222", "111111111");
        assertThat(files.apply(new FileAuditFilter("111%", null, null, null, null, null))).containsExactly("111111111");
        assertThat(files.apply(new FileAuditFilter(null, "%0002", null, null, null, null))).containsExactly("222222222");
        assertThat(files.apply(new FileAuditFilter(null, null, FileAudit.DEVICE_TO_CONTROLLER, null, null, null)))
                .containsExactly("111111111");
        assertThat(files.apply(new FileAuditFilter(null, null, null, owner, null, null))).containsExactly("111111111");
        assertThat(files.apply(new FileAuditFilter(null, null, null, null, T0 + 1, null))).containsExactly("222222222");
    }

    @Test
    void alarms_filter_by_device_type_user_and_time() {
        Function<AlarmAuditFilter, List<Integer>> alarms = filter -> page(h -> store.listAlarms(h, filter,
                new PageRequest(1, 100))).map(AlarmAudit::connId).data();
        assertThat(alarms.apply(AlarmAuditFilter.ALL)).containsExactly(5, 4, 0);
        assertThat(alarms.apply(new AlarmAuditFilter("222222222", null, null, null, null))).containsExactly(5, 4);
        assertThat(alarms.apply(new AlarmAuditFilter(null, 0, null, null, null))).containsExactly(5, 0);
        assertThat(alarms.apply(new AlarmAuditFilter(null, null, owner, null, null))).containsExactly(0);
        assertThat(alarms.apply(new AlarmAuditFilter(null, null, controller, null, null))).isEmpty();
        assertThat(alarms.apply(new AlarmAuditFilter(null, null, null, T0, T0 + 2000))).containsExactly(4, 0);
        assertThat(page(h -> store.listAlarms(h, AlarmAuditFilter.ALL, new PageRequest(1, 1))).data().getFirst()
                .connAuditRef()).isEqualTo("ref");
    }
}
