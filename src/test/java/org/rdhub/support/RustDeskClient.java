package org.rdhub.support;

import java.util.List;
import java.util.stream.Collectors;

/** One RustDesk client's device calls, with the bodies its service process builds (sync.rs). */
public final class RustDeskClient {
    private final Http http;
    private final String id;
    private final String uuid;

    public RustDeskClient(Http http, String id, String uuid) {
        this.http = http;
        this.id = id;
        this.uuid = uuid;
    }

    public String id() {
        return id;
    }

    public String uuid() {
        return uuid;
    }

    /** The sysinfo body of a Linux desktop, with {@code extraFields} (e.g. presets) appended as JSON members. */
    public String sysinfoBody(String extraFields) {
        return "{\"cpu\":\"AMD Ryzen 7 5800X 8-Core Processor, 3.67GHz, 16/8 cores\",\"memory\":\"31.27GB\","
                + "\"os\":\"ubuntu / Linux 24.04 Ubuntu\",\"hostname\":\"desk-1\",\"username\":\"alice\","
                + "\"version\":\"1.4.9\",\"id\":\"" + id + "\",\"uuid\":\"" + uuid + "\""
                + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }

    public Http.Response sysinfo(String extraFields) {
        return http.postJson("/api/sysinfo", sysinfoBody(extraFields));
    }

    public Http.Response sysinfo() {
        return sysinfo("");
    }

    /** A heartbeat as sent every 15 s (every 3 s with {@code conns}). */
    public Http.Response heartbeat(long modifiedAt, Integer... conns) {
        String connsField = conns.length == 0 ? "" : ",\"conns\":["
                + List.of(conns).stream().map(String::valueOf).collect(Collectors.joining(",")) + "]";
        return http.postJson("/api/heartbeat", "{\"id\":\"" + id + "\",\"uuid\":\"" + uuid + "\",\"ver\":1004090"
                + connsField + ",\"modified_at\":" + modifiedAt + "}");
    }
}
