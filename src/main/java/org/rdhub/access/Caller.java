package org.rdhub.access;

import java.util.Map;

/** Who is making a request, as the permission checks and the console audit see it. */
public sealed interface Caller {

    /** The name written as operator in the console audit. */
    String operator();

    /** The client address, or empty for the local command line. */
    String ip();

    /** Nobody has proved who they are. */
    record Anonymous(String ip) implements Caller {
        @Override
        public String operator() {
            return "anonymous";
        }
    }

    /** A signed-in user: a RustDesk client with an access token, or a web-console session ({@code console}). */
    record User(long userId, String name, boolean admin, String ip, boolean console) implements Caller {
        /** A user signed in through a RustDesk client or its access token. */
        public User(long userId, String name, boolean admin, String ip) {
            this(userId, name, admin, ip, false);
        }

        @Override
        public String operator() {
            return name;
        }
    }

    /** A script or automation holding an API token. */
    record ApiToken(long tokenId, String name, Map<Resource, Level> permissions, String ip) implements Caller {
        public Level level(Resource resource) {
            return permissions.getOrDefault(resource, Level.NONE);
        }

        @Override
        public String operator() {
            return "token:" + name;
        }
    }

    /** The administrator at the server's own shell ({@code ./rdhub token create}, {@code user reset-password}). */
    record CommandLine() implements Caller {
        @Override
        public String operator() {
            return "cli";
        }

        @Override
        public String ip() {
            return "";
        }
    }
}
