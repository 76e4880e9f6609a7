package io.sideline.ee.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The replies of the Lua scripts that are more than a number, as records (see {@link RedisScripts}). */
public final class ScriptReplies {

    private ScriptReplies() {
    }

    /** promote.lua: jobs moved onto their queues, and ms until the next due job (-1 when none waits). */
    public record Promotion(long moved, long nextDueMs) {
    }

    /** reap.lua: whether the worker is alive (then nothing changed), jobs requeued and jobs buried. */
    public record Reaped(boolean alive, long requeued, long buried) {
        static final Reaped ALIVE = new Reaped(true, 0, 0);
    }

    /**
     * launch.lua, launch_many.lua, push.lua: jobs enqueued or scheduled now, and, for each item of the call, the
     * run id (or jid) recorded earlier under its idempotency key, or null when the item was started by this call
     * (always null for an item without a key).
     */
    public record Started(long jobs, List<String> recorded) {
        public Started {
            recorded = Collections.unmodifiableList(new ArrayList<>(recorded));
        }
    }

    /** countdown.lua: what one arrival did to the seed's counter barrier. */
    public enum Countdown {
        /** This arrival released the barrier. */
        RELEASED,
        /** Not released yet, or released before. */
        NOT_RELEASED,
        /** The barrier does not exist (expired or deleted). */
        MISSING
    }

    /** stage.lua: what one chunk did. */
    public enum StageChunk {
        /** Written. */
        OK,
        /** Chunk 1 found the stage already sealed or committed (staged by another): nothing written. */
        DONE,
        /** Chunk 1 found another stager within its lease: nothing written. */
        BUSY,
        /** The stage is no longer this stager's (taken over, dropped): nothing written. */
        FENCED
    }

    /** discard.lua: what the recovery found in one stage. */
    public enum StageCheck {
        /** Committed: its jobs are to be drained. */
        COMMITTED,
        /** Not committed, within its lease: left alone. */
        LIVE,
        /** Not committed and stale: dropped (none of its jobs ran or will). */
        DROPPED,
        /** No such stage. */
        GONE
    }
}
