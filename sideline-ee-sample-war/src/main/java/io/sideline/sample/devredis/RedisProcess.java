package io.sideline.sample.devredis;

/**
 * A redis-server process the sample started.
 *
 * @param kind  where its binary came from, for the log
 * @param url   where it listens
 * @param pid   its process id
 * @param runId its {@code INFO server} run_id: tells it apart from another Redis later on the same port
 */
record RedisProcess(String kind, String url, long pid, String runId) {

    /** SIGTERM: Redis exits cleanly, and writes nothing since it runs with {@code --save ""}. */
    void stop() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
}
