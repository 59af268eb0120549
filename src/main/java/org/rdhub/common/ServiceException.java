package org.rdhub.common;

/**
 * What a service says when it refuses a request. Services know nothing of HTTP; each face turns the {@link Kind}
 * into its own answer (the REST API into a status code and {@code {"error": message}}). The message is shown to
 * the caller as it is, so it never carries secrets or internals.
 */
public final class ServiceException extends RuntimeException {

    public enum Kind {
        INVALID_INPUT,
        NOT_AUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        TOO_MANY_REQUESTS
    }

    private final Kind kind;
    private final String code;

    public ServiceException(Kind kind, String message) {
        this(kind, message, null);
    }

    private ServiceException(Kind kind, String message, String code) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * A short stable name of the reason ({@code "name_taken"}), or null: what a face that speaks other languages
     * (the console) maps to its own words, where the message is English.
     */
    public String code() {
        return code;
    }

    public ServiceException withCode(String reason) {
        return new ServiceException(kind, getMessage(), reason);
    }

    public static ServiceException invalid(String message) {
        return new ServiceException(Kind.INVALID_INPUT, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(Kind.NOT_FOUND, message);
    }

    public static ServiceException conflict(String message) {
        return new ServiceException(Kind.CONFLICT, message);
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(Kind.FORBIDDEN, message);
    }

    public static ServiceException notAuthenticated(String message) {
        return new ServiceException(Kind.NOT_AUTHENTICATED, message);
    }
}
