package io.sideline.ee.runtime;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Identifiers: run ids are UUIDs (the seed's sideline_run_id); jids are Sidekiq's 24 hex characters. */
public final class Ids {

    private Ids() {
    }

    public static String runId() {
        return UUID.randomUUID().toString();
    }

    /** 96 random bits as 24 hex characters, like Sidekiq's {@code SecureRandom.hex(12)}. */
    public static String jid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return hex(r.nextLong(), 16) + hex(r.nextInt() & 0xFFFFFFFFL, 8);
    }

    /** Barrier ids: 128 random bits; they only need to be unique. */
    public static String barrierId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return hex(r.nextLong(), 16) + hex(r.nextLong(), 16);
    }

    /** Zero-padded lower-case hex (String.format is slow enough to show in a profile). */
    private static String hex(long value, int digits) {
        String text = Long.toHexString(value);
        return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
    }
}
