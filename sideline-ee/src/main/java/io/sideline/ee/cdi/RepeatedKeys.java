package io.sideline.ee.cdi;

import io.sideline.ee.IdempotencyConflictException;
import io.sideline.ee.runtime.RunStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The idempotency keys of one bulk call ({@code runAll}, {@code enqueueAll}) that occur more than once: the scripts
 * check every key before writing any, so they cannot see a key repeated within their own call. The first item with
 * a key is sent; a later one with the same key and digest is not, and gets the first's id; with another digest the
 * call is refused before anything is written.
 */
final class RepeatedKeys {

    /** For each item, the index of the earlier item whose key it repeats, or -1. */
    private final int[] firstOf;

    private RepeatedKeys(int[] firstOf) {
        this.firstOf = firstOf;
    }

    /** @throws IdempotencyConflictException when one key comes with two digests */
    static RepeatedKeys of(List<RunStore.Once> keys) {
        int[] firstOf = new int[keys.size()];
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            RunStore.Once once = keys.get(i);
            Integer earlier = once == null ? null : first.putIfAbsent(once.key(), i);
            if (earlier != null && !keys.get(earlier).digest().equals(once.digest())) {
                throw new IdempotencyConflictException(once.key(), "item " + earlier + " of the same call");
            }
            firstOf[i] = earlier == null ? -1 : earlier;
        }
        return new RepeatedKeys(firstOf);
    }

    /** The items to send: all but the repeats. */
    <T> List<T> firsts(List<T> items) {
        List<T> sent = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (firstOf[i] < 0) {
                sent.add(items.get(i));
            }
        }
        return sent;
    }

    /** The ids of every item from the ids of the items sent: a repeat gets its first's. */
    List<String> spread(List<String> sentIds) {
        String[] ids = new String[firstOf.length];
        int next = 0;
        for (int i = 0; i < firstOf.length; i++) {
            ids[i] = firstOf[i] < 0 ? sentIds.get(next++) : ids[firstOf[i]];
        }
        return List.of(ids);
    }
}
