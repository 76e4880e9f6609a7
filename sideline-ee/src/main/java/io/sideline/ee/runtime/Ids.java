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

    /**
     * A barrier or chain id of run {@code runId}: on a cluster a run id names its shard ({@code s<shard>-...}) and
     * its barriers and chains carry the same prefix, so that a barrier read by its id alone finds its shard. A run
     * id of one Redis (a UUID, never starting with {@code s}) leaves the id as {@link #barrierId()} makes it.
     */
    public static String barrierId(String runId) {
        String id = barrierId();
        if (runId == null || runId.isEmpty() || runId.charAt(0) != 's') {
            return id;
        }
        int dash = runId.indexOf('-');
        return dash > 0 ? runId.substring(0, dash + 1) + id : id;
    }

    /** Zero-padded lower-case hex (String.format is slow enough to show in a profile). */
    private static String hex(long value, int digits) {
        String text = Long.toHexString(value);
        return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
    }
}
