package org.rdhub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotes_what_needs_quoting_and_ends_rows_with_crlf() {
        StringWriter out = new StringWriter();

        new Csv(out).row("id", "name", "note").row(123456789, "PC, 2nd floor", "says \"hi\"\nbye").row(null, "", 1L);

        assertThat(out.toString()).isEqualTo("id,name,note\r\n123456789,\"PC, 2nd floor\",\"says \"\"hi\"\"\nbye\"\r\n,,1\r\n");
    }

    @Test
    void cells_a_spreadsheet_would_run_as_formulas_become_text() {
        assertThat(Csv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Csv.cell("+1")).isEqualTo("'+1");
        assertThat(Csv.cell("-")).isEqualTo("'-");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("a-b")).isEqualTo("a-b");
    }
}
