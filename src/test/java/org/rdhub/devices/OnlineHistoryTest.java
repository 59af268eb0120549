package org.rdhub.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdhub.access.Caller;
import org.rdhub.common.ServiceException;
import org.rdhub.support.OnEachDatabase;
import org.rdhub.support.RustDeskClient;

class OnlineHistoryTest extends OnEachDatabase {

    private List<OnlineHistory.Sample> lastDay() {
        return server.app().onlineHistory().recent(new Caller.CommandLine(), Duration.ofHours(24));
    }

    @Test
    void each_sample_records_the_devices_online_and_in_all_and_a_week_is_kept() {
        OnlineHistory history = server.app().onlineHistory();
        history.sample();
        RustDeskClient laptop = new RustDeskClient(http, "123456789", "dXVpZC0x");
        laptop.sysinfo();
        server.clock().advance(OnlineHistory.INTERVAL);
        laptop.heartbeat(0);
        history.sample();

        assertThat(lastDay()).extracting(OnlineHistory.Sample::online, OnlineHistory.Sample::total)
                .containsExactly(tuple(0L, 0L), tuple(1L, 1L));

        server.clock().advance(Duration.ofDays(7).plusMinutes(1));
        history.sample();
        long rows = server.app().database().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM device_online_samples").mapTo(Long.class).one());
        assertThat(rows).as("the samples of a week ago are gone").isEqualTo(1);
    }

    @Test
    void only_those_who_may_read_devices_see_the_history() {
        Caller.User user = new Caller.User(99, "ana", false, "127.0.0.1", true);
        assertThatThrownBy(() -> server.app().onlineHistory().recent(user, Duration.ofHours(1)))
                .isInstanceOf(ServiceException.class);
    }
}
