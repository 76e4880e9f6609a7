package io.sideline.ee.redis;

import io.sideline.ee.SidelineAdmin;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

import java.util.List;

/**
 * Pages through a sorted set by score with a cursor {@code <score>:<skip>}: the page after one whose last item had
 * that score, skipping the {@code skip} items of that same score already returned. One {@code ZRANGE ... BYSCORE} per page, O(log N +
 * skip + limit) in Redis whatever the set's size (items sharing one score, such as the runs of one
 * {@code runAll}, cost their skip).
 */
final class ScoredPager {

    private final UnifiedJedis redis;
    private final String key;
    private final boolean newestFirst;

    ScoredPager(UnifiedJedis redis, String key, boolean newestFirst) {
        this.redis = redis;
        this.key = key;
        this.newestFirst = newestFirst;
    }

    /** Where a page starts. */
    record Cursor(String score, int skip) {

        static Cursor first(boolean newestFirst) {
            return new Cursor(newestFirst ? "+inf" : "-inf", 0);
        }

        /** The cursor a caller sent back, checked: a page size and a cursor are bounded input. */
        static Cursor parse(String text, boolean newestFirst) {
            if (text == null || text.isEmpty()) {
                return first(newestFirst);
            }
            int colon = text.indexOf(':');
            try {
                long score = Long.parseLong(text.substring(0, colon));
                int skip = Integer.parseInt(text.substring(colon + 1));
                if (skip < 0) {
                    throw new NumberFormatException("negative skip");
                }
                return new Cursor(Long.toString(score), skip);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a cursor of this list: " + text);
            }
        }

        String text() {
            return score + ":" + skip;
        }
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > SidelineAdmin.MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + SidelineAdmin.MAX_PAGE + ", not " + limit);
        }
    }

    /** The next {@code limit} items after {@code from} (fewer at the end of the set). */
    List<Tuple> read(Cursor from, int limit) {
        String end = newestFirst ? "-inf" : "+inf";
        // ZRANGE ... BYSCORE [REV] LIMIT: one command the least-privilege ACL already allows (see docs/security.md)
        ZRangeParams params = new ZRangeParams(Protocol.Keyword.BYSCORE, from.score(), end).limit(from.skip(), limit);
        return JedisErrors.call("read a page of " + key, () -> redis.zrangeWithScores(key, newestFirst ? params.rev() : params));
    }

    /**
     * The cursor after {@code kept}, the items of a page that are still in the set (read from {@code from}): the
     * score of the last, and how many kept items of that score precede it (with those skipped before, when the
     * page continued that same score).
     */
    static Cursor after(Cursor from, List<Tuple> kept) {
        if (kept.isEmpty()) {
            return from;
        }
        long last = (long) kept.get(kept.size() - 1).getScore();
        int same = 0;
        for (Tuple t : kept) {
            if ((long) t.getScore() == last) {
                same++;
            }
        }
        String score = Long.toString(last);
        return new Cursor(score, score.equals(from.score()) ? from.skip() + same : same);
    }
}
