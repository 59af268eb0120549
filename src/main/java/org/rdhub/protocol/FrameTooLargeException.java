package org.rdhub.protocol;

import io.netty.handler.codec.TooLongFrameException;

/**
 * A frame whose announced payload is longer than the connection accepts, or a payload too long for any frame. The
 * server drops the connection: the length comes before the data, so the stream cannot be resynchronised.
 */
public final class FrameTooLargeException extends TooLongFrameException {
    private final long length;
    private final long limit;

    public FrameTooLargeException(long length, long limit) {
        super("Frame payload of " + length + " bytes is over the limit of " + limit);
        this.length = length;
        this.limit = limit;
    }

    public long length() {
        return length;
    }

    public long limit() {
        return limit;
    }
}
