package io.sideline.wildfly.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The users of {@code DashboardWildFlyIT}, written into a server's configuration directory before it starts, in
 * WildFly's default application security: the Elytron {@code ApplicationRealm} (a properties realm over
 * {@code application-users.properties} and {@code application-roles.properties}) behind the {@code ApplicationDomain}
 * that Undertow's {@code other} application security domain, every web deployment's default, maps to. Nothing else
 * in the server's configuration changes. Each password is random for the run and stays in this JVM: it is written
 * only as the realm's digest and never printed.
 */
final class DashboardUsers {

    /** The realm name WildFly's application-users.properties digests are made with. */
    private static final String REALM = "ApplicationRealm";

    /** In the dashboard's role. */
    static final User ADMIN = User.random("admin", "sideline-admin");
    /** In a role the dashboard does not grant anything to (it has one role only, sideline-admin). */
    static final User VIEWER = User.random("viewer", "sideline-viewer");
    /** Logs in, has no role. */
    static final User NO_ROLE = User.random("norole", null);

    private static final List<User> ALL = List.of(ADMIN, VIEWER, NO_ROLE);

    private DashboardUsers() {
    }

    /** Replaces the users and roles files of {@code configDir} (a server's {@code jboss.server.config.dir}). */
    static void write(Path configDir) throws IOException {
        StringBuilder users = new StringBuilder("#$REALM_NAME=" + REALM + "$\n");
        StringBuilder roles = new StringBuilder();
        for (User user : ALL) {
            users.append(user.name()).append('=').append(digest(user)).append('\n');
            if (user.role() != null) {
                roles.append(user.name()).append('=').append(user.role()).append('\n');
            }
        }
        Files.writeString(configDir.resolve("application-users.properties"), users, StandardCharsets.UTF_8);
        Files.writeString(configDir.resolve("application-roles.properties"), roles, StandardCharsets.UTF_8);
    }

    /** The properties realm's format: hex of MD5(user:realm:password). */
    private static String digest(User user) {
        try {
            byte[] hash = MessageDigest.getInstance("MD5")
                    .digest((user.name() + ":" + REALM + ":" + user.password()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** A user, its password and its one role (null for none). */
    record User(String name, String password, String role) {

        static User random(String name, String role) {
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            return new User(name, Base64.getUrlEncoder().withoutPadding().encodeToString(secret), role);
        }

        /** The {@code Authorization} header value of BASIC login as this user. */
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return name; // never the password, e.g. in a failed assertion's message
        }
    }
}
