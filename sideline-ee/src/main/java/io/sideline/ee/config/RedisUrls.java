package io.sideline.ee.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Redis URL helpers that keep passwords out of logs, exceptions and health output. */
public final class RedisUrls {

    private RedisUrls() {
    }

    /**
     * The URL parsed, or an {@link IllegalArgumentException} that names the key, the reason and the position but
     * never the URL: {@link java.net.URI}'s own message (and so any exception that wraps it) quotes the whole
     * input, password included.
     */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_URL + " is not a valid URL: " + e.getReason()
                    + " at index " + e.getIndex() + " (the URL is not shown: it may hold a password)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_URL + " names no host that can be read (e.g. a "
                    + "port that is not a number, or a character not allowed in a host name; the URL is not shown: it "
                    + "may hold a password)");
        }
        return uri;
    }

    /**
     * The URL with the password of its user-info replaced by {@code ***}. Works on the text itself, not
     * through {@link java.net.URI}, which gives up on host names with underscores and unencoded
     * characters in passwords (and would then leave the password in).
     */
    public static String withoutPassword(String url) {
        int start = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (start < 0 || at < start + 3) {
            return url;
        }
        String userInfo = url.substring(start + 3, at);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.substring(0, start + 3) + masked + url.substring(at);
    }
}
