package io.sideline.ee.dashboard;

import jakarta.ws.rs.core.EntityTag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The entity tag of an answer's body: the page polls a run every 2 s with {@code If-None-Match}, and an unchanged
 * run (its status and graph, however big) is answered 304 with no body, so the page neither downloads nor redraws it.
 */
final class Etags {

    private Etags() {
    }

    /** A strong tag: 128 bits of the body's SHA-256, base64url. */
    static EntityTag of(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return new EntityTag(Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Arrays.copyOf(digest, 16)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
