package org.rdhub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rdhub.support.OnEachDatabase;

/** Refusal alarms stay bounded when a client floods the server with distinct targets. */
class ConnectAlarmsTest extends OnEachDatabase {

    private long rows() {
        return server.app().database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM alarm_audits")
                .mapTo(Long.class).one());
    }

    @Test
    void at_most_so_many_distinct_refusals_are_written_a_minute() {
        var alarms = new ConnectAlarms(server.app().database(), new DeviceAuditStore(), server.clock());
        for (int i = 0; i <= ConnectAlarms.MAX_KEYS; i++) {
            alarms.refused("203.0.113.7", "target" + i, "Connection not allowed", null);
        }
        assertThat(rows()).isEqualTo(ConnectAlarms.MAX_KEYS);

        server.clock().advance(ConnectAlarms.WINDOW);
        alarms.refused("203.0.113.7", "target" + ConnectAlarms.MAX_KEYS, "Connection not allowed", null);

        assertThat(rows()).isEqualTo(ConnectAlarms.MAX_KEYS + 1);
    }

    @Test
    void a_long_target_is_cut_to_the_width_of_a_device_id() {
        var alarms = new ConnectAlarms(server.app().database(), new DeviceAuditStore(), server.clock());

        alarms.refused("203.0.113.7", "x".repeat(5000), "Connection not allowed", null);

        String stored = server.app().database().withHandle(h -> h.createQuery("SELECT device_id FROM alarm_audits")
                .mapTo(String.class).one());
        assertThat(stored).hasSize(100);
    }
}
