package io.sideline.ee.config;

/** Redis URL helpers that keep passwords out of logs and health output. */
public final class RedisUrls {

    private RedisUrls() {
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
