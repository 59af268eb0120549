package org.rdhub.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Applies the configured log level to rdhub's own loggers (libraries stay at warn, see logback.xml). */
public final class Logging {
    private Logging() {
    }

    public static void setLevel(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("org.rdhub").setLevel(Level.toLevel(level));
            context.getLogger("rdhub").setLevel(Level.toLevel(level));
        }
    }
}
