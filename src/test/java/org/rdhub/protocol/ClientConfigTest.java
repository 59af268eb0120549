package org.rdhub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

    /** How the client reads it (flutter ServerConfig.decode): reverse, then Base64 with or without padding. */
    private static String decode(String encoded) {
        String base64 = new StringBuilder(encoded).reverse().toString();
        return new String(Base64.getUrlDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    @Test
    void encodes_the_sample_of_pros_documentation_exactly() {
        ClientConfig config = new ClientConfig("1.1.1.1", "5Qbwsde3unUcJBtrx9ZkvUmwFNoExHzpryHuPUdqlWM=", null, "");
        assertThat(config.windowsExeName()).isEqualTo("rustdesk-licensed-0nI900VsFHZVBVdIlncwpHS4V0bOZ0dtVldrpVO4JHdCp0Y"
                + "V5WdzUGZzdnYRVjI6ISeltmIsISMuEjLx4SMiojI0N3boJye.exe");
    }

    @Test
    void carries_every_field_given_in_the_clients_order_and_the_qr_prefix() {
        ClientConfig config = new ClientConfig("rd.example.com:21116", "a+b=", "https://rd.example.com",
                "rd.example.com:21117");
        assertThat(decode(config.encoded())).isEqualTo("{\"host\":\"rd.example.com:21116\",\"key\":\"a+b=\","
                + "\"api\":\"https://rd.example.com\",\"relay\":\"rd.example.com:21117\"}");
        assertThat(config.qrPayload()).isEqualTo("config=" + config.encoded());
        assertThat(config.encoded()).doesNotContain("=", "/", "+");
    }
}
