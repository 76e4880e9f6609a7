package io.sideline.ee.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The least-privilege ACL rule the README gives operators for sideline-ee, as the tests prove it:
 * only the default key prefixes ({@code sideline:} and the memory's {@code sl:mem:}), no channels, and
 * exactly the commands the library sends (directly, or from its Lua scripts: Redis checks the commands
 * and keys a script calls against the caller's ACL, also for key names the script builds itself).
 */
public final class SidelineAcl {

    /** Every command sideline-ee sends, grouped by what needs it. Keep in step with the README. */
    public static final List<String> COMMANDS = List.of(
            // connection: the pool's validation and the client name shown by CLIENT LIST
            "ping", "client|setname",
            // the startup posture check (maxmemory-policy, appendonly); optional, see the README
            "info",
            // the Lua scripts: run by SHA, loaded when Redis does not know them yet
            "evalsha", "script|load",
            // queues and in-progress lists
            "blmove", "lmove", "lpush", "rpush", "lpop", "lrem", "lpos", "llen", "lrange", "ltrim",
            // runs, barriers and memory (hashes); hexists, hdel, hsetnx, hkeys: a one-job run's graph, a retried run's
            // end and a hung job's mark, the callback run noted for a run's end, a staged plan's queues
            "hset", "hget", "hmget", "hgetall", "hincrby", "hexists", "hdel", "hsetnx", "hkeys",
            // queue names, barrier members, worker set
            "sadd", "srem", "scard", "smembers", "sscan", "sdiff",
            // schedule, retry, dead set, running runs
            "zadd", "zrem", "zrange", "zrangebyscore", "zremrangebyscore", "zremrangebyrank", "zscore",
            // the metrics' gauges: running and stalled runs, runs by state
            "zcard", "zcount",
            // heartbeats, expiry, ids, the Redis clock; unlink: a dropped stage's list
            "set", "get", "mget", "del", "unlink", "exists", "expire", "pexpire", "pttl", "incr", "time",
            // parking a halted run's waiting jobs (park_list_step marks a parked job in its list, park_set_step pages
            // a sorted set by rank)
            "lset", "zrank",
            // sideline.redis.wait-replicas > 0: a start, an enqueue and a completion wait for the replicas (WAIT)
            "wait");

    public static final List<String> KEY_PATTERNS = List.of("~sideline:*", "~sl:mem:*");

    private SidelineAcl() {
    }

    /** The rules of {@code ACL SETUSER <name> ...} for a user with this password and these commands. */
    public static String[] rules(String password, List<String> commands) {
        // reset: no keys, no channels, no commands, no password; then grant exactly what is needed
        List<String> rules = new ArrayList<>(List.of("reset", "on", ">" + password));
        rules.addAll(KEY_PATTERNS);
        commands.forEach(c -> rules.add("+" + c));
        return rules.toArray(String[]::new);
    }

    /** The full rule. */
    public static String[] rules(String password) {
        return rules(password, COMMANDS);
    }

    /** The rule without some commands, e.g. without {@code info}. */
    public static String[] rulesWithout(String password, String... left) {
        List<String> commands = new ArrayList<>(COMMANDS);
        commands.removeAll(Arrays.asList(left));
        return rules(password, commands);
    }
}
