package org.rdhub.audit;

import java.math.BigInteger;
import org.rdhub.common.ServiceException;

/**
 * A controller's session id: a random unsigned 64-bit number, so half of them do not fit a Java {@code long} as
 * a signed value. Held as the same 64 bits and always shown as unsigned decimal.
 */
public record SessionId(long bits) {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** The id of a connection whose controller has not logged in yet. */
    public static final SessionId NONE = new SessionId(0);

    public static SessionId of(BigInteger value, String field) {
        if (value.signum() < 0 || value.compareTo(MAX) > 0) {
            throw ServiceException.invalid(field + " must be between 0 and " + MAX);
        }
        return new SessionId(value.longValue());
    }

    /** Parses unsigned decimal digits, as the client writes the id in a query string. */
    public static SessionId parse(String text, String field) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ServiceException.invalid(field + " must be an unsigned whole number");
        }
        return of(new BigInteger(text), field);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(bits);
    }
}
