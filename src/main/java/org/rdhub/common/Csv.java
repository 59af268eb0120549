package org.rdhub.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;

/**
 * Writes RFC 4180 CSV for the exports (devices, users, audit logs): every field quoted when it needs to be, CRLF
 * line ends. A cell starting with {@code = + - @}, tab or CR gets a leading {@code '} so a spreadsheet shows it as
 * text instead of running it as a formula (device names and notes come from clients and users).
 */
public final class Csv {
    private final Writer out;

    public Csv(Writer out) {
        this.out = out;
    }

    public Csv row(List<?> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells.get(i)));
            }
            out.write("\r\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Csv row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    static String cell(Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
