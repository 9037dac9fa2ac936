package io.watchkeeper.platform.security;

/** Realm roles of ARCHITECTURE.md: viewer reads, operator also acts on alerts, admin also configures. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {}
}
