package io.sideline.ee.config;

import java.net.URI;

/** Redis URL helpers that keep passwords out of logs and health output. */
public final class RedisUrls {

    private RedisUrls() {
    }

    /** The URL with any password in its user-info replaced by {@code ***}. */
    public static String withoutPassword(String url) {
        try {
            URI uri = URI.create(url);
            String userInfo = uri.getRawUserInfo();
            if (userInfo == null) {
                return url;
            }
            int colon = userInfo.indexOf(':');
            String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
            return url.replace(userInfo + "@", masked + "@");
        } catch (IllegalArgumentException e) {
            return "<unparseable redis url>";
        }
    }
}
