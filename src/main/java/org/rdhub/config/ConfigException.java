package org.rdhub.config;

/** A setting has a value rdhub cannot use; the message names the setting and says why, in one line. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
