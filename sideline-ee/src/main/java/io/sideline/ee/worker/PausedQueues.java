package io.sideline.ee.worker;

import java.util.Set;

/**
 * The queues an operator paused, as this server last read them (with its heartbeat): the fetchers consult this copy,
 * so pausing costs no Redis command per job. A pause takes effect within one heartbeat interval.
 */
final class PausedQueues {

    private volatile Set<String> names = Set.of();

    void update(Set<String> paused) {
        names = Set.copyOf(paused);
    }

    boolean contains(String queue) {
        return names.contains(queue);
    }
}
