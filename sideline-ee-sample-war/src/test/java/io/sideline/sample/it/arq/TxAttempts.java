package io.sideline.sample.it.arq;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How often {@link TxInsert} ran for each key: outside any transaction, so rollbacks do not erase it. */
@ApplicationScoped
public class TxAttempts {

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    void count(String key) {
        attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    public int of(String key) {
        AtomicInteger count = attempts.get(key);
        return count == null ? 0 : count.get();
    }
}
