package io.sideline.ee.config;

import io.sideline.ee.model.QueueNames;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every sideline-ee setting, read once at startup and validated, in groups: {@link Redis} (the connection and the key
 * prefix), {@link Worker} (what this server fetches and how its loops turn), {@link Retry} (retries and the dead set),
 * {@link Limits} (what a workflow and a payload may be, how long a run may last), {@link Ttls} (how long finished
 * things are kept), {@link Memory} (the runs' memory), and the barrier type. Each setting is a MicroProfile Config key
 * (see {@link Keys}), read with its default in its group's {@code read} and nowhere else; docs/configuration.md has
 * the table. A group checks its own settings; this record checks the rules between groups.
 * <p>
 * Every TTL and time setting has an upper bound, checked here (see {@link #MAX_TTL_SECONDS} and
 * {@link #MAX_INTERVAL}): a TTL that Redis cannot add to its clock makes {@code EXPIRE} fail half-way through a
 * script, after the job was acknowledged and before its continuation was enqueued.
 *
 * @param redis       the connection to Redis and the prefix of every key
 * @param worker      this server's worker
 * @param retry       retries of failing jobs and the dead set
 * @param limits      the limits of a workflow, a payload and a run
 * @param ttls        how long a finished run's keys and a start's idempotency key are kept
 * @param memory      the runs' memory
 * @param barrierType {@code sideline.barrier.type}: {@code atomic} (default) or {@code at-most-once}
 */
public record SidelineConfig(Redis redis, Worker worker, Retry retry, Limits limits, Ttls ttls, Memory memory,
                             BarrierType barrierType) {

    /**
     * The longest TTL accepted (10 years, in seconds). Far beyond any retention a run needs, and far below what
     * breaks Redis: {@code EXPIRE} refuses a TTL whose milliseconds overflow when added to its clock, and the
     * scripts compute deadlines in Lua numbers (doubles), exact only up to 2^53 ms.
     */
    public static final long MAX_TTL_SECONDS = 10L * 365 * 86_400;
    /**
     * The longest interval, timeout or grace period accepted (1 hour): each of them is how long something may
     * go unnoticed (a dead server, a due delay, a stop); a longer one is a typo, not a tuning.
     */
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** The shortest gauge-reporter lease: twice the 5 s the gauges are cached, so the holder renews it in time. */
    public static final Duration MIN_REPORTER_LEASE = Duration.ofSeconds(10);

    /**
     * What the lease of a running run's keys adds to {@code sideline.run.max-age} (1 day): the stall detector fails a
     * run once it is older than its max age, but it looks only every so often and in chunks of the running runs, and
     * no server may be up at that moment; a day covers every look interval and a night without servers.
     */
    public static final Duration LEASE_MARGIN = Duration.ofDays(1);


    /**
     * The {@code ManagedExecutorService} the library declares for its loops (see {@code WorkerLifecycle}), the
     * default of {@code sideline.executor}. Module-scoped, so that two WARs of one EAR that both bundle the
     * library each get their own.
     */
    public static final String LIBRARY_EXECUTOR = "java:module/sideline/executor";
    /** The value of {@code sideline.executor} that selects a JDK pool over the default managed thread factory. */
    public static final String THREAD_FACTORY_EXECUTOR = "thread-factory";

    /** The barrier implementations selectable with {@code sideline.barrier.type}. */
    public enum BarrierType {
        ATOMIC("atomic"), AT_MOST_ONCE("at-most-once");

        private final String configValue;

        BarrierType(String configValue) {
            this.configValue = configValue;
        }

        public static BarrierType parse(String value) {
            for (BarrierType type : values()) {
                if (type.configValue.equalsIgnoreCase(value.trim())) {
                    return type;
                }
            }
            throw new IllegalArgumentException(Keys.BARRIER_TYPE + " must be 'atomic' or 'at-most-once', was '" + value + "'");
        }
    }

    /** The MicroProfile Config keys. */
    public static final class Keys {
        public static final String REDIS_URL = "sideline.redis.url";
        public static final String REDIS_PASSWORD = "sideline.redis.password";
        public static final String REDIS_USER = "sideline.redis.user";
        public static final String REDIS_TLS = "sideline.redis.tls";
        public static final String REDIS_TRUSTSTORE = "sideline.redis.truststore";
        public static final String REDIS_TRUSTSTORE_PASSWORD = "sideline.redis.truststore-password";
        public static final String REDIS_TIMEOUT = "sideline.redis.timeout-ms";
        public static final String KEY_PREFIX = "sideline.key-prefix";
        public static final String QUEUES = "sideline.queues";
        public static final String CONCURRENCY = "sideline.concurrency";
        public static final String WORKER_ENABLED = "sideline.worker.enabled";
        public static final String BARRIER_TYPE = "sideline.barrier.type";
        public static final String BARRIER_TTL = "sideline.barrier.ttl";
        public static final String RUN_TTL = "sideline.run.ttl";
        public static final String RETRY_MAX = "sideline.retry.max";
        public static final String RETRY_BACKOFF_BASE = "sideline.retry.backoff-base-ms";
        public static final String RETRY_BACKOFF_MAX = "sideline.retry.backoff-max-ms";
        public static final String DEAD_MAX_JOBS = "sideline.dead.max-jobs";
        public static final String DEAD_TTL = "sideline.dead.ttl";
        public static final String SHUTDOWN_GRACE = "sideline.shutdown.grace-ms";
        public static final String HEARTBEAT_INTERVAL = "sideline.heartbeat.interval-ms";
        public static final String HEARTBEAT_TTL = "sideline.heartbeat.ttl-ms";
        public static final String REAPER_INTERVAL = "sideline.reaper.interval-ms";
        public static final String POLL_INTERVAL = "sideline.scheduler.poll-interval-ms";
        public static final String FETCH_TIMEOUT = "sideline.fetch.timeout-ms";
        public static final String MEMORY_TTL = "sideline.memory.ttl";
        public static final String MEMORY_KEY_PREFIX = "sideline.memory.key-prefix";
        public static final String MEMORY_CLEAR_ON_SUCCESS = "sideline.memory.clear-on-success";
        public static final String MAX_RECOVERIES = "sideline.reaper.max-recoveries";
        public static final String REDIS_STRICT = "sideline.redis.strict";
        public static final String STALL_AFTER = "sideline.run.stall-after-ms";
        public static final String MAX_JOBS = "sideline.workflow.max-jobs";
        public static final String MAX_DEPTH = "sideline.workflow.max-depth";
        public static final String MAX_PAYLOAD_BYTES = "sideline.payload.max-bytes";
        public static final String JOB_WARN_AFTER = "sideline.job.warn-after-ms";
        public static final String JOB_TIMEOUT = "sideline.job.timeout-ms";
        public static final String TX_LAUNCH_RETRY = "sideline.tx.launch-retry";
        public static final String MAX_RUN_AGE = "sideline.run.max-age";
        public static final String EXECUTOR = "sideline.executor";
        public static final String IDEMPOTENCY_TTL = "sideline.idempotency.ttl";
        public static final String REDIS_WAIT_REPLICAS = "sideline.redis.wait-replicas";
        public static final String REDIS_WAIT_TIMEOUT = "sideline.redis.wait-timeout-ms";
        public static final String REDIS_SHARDS = "sideline.redis.shards";
        public static final String REPORTER_LEASE = "sideline.metrics.reporter-lease-ms";

        private Keys() {
        }
    }


    /**
     * The connection to Redis and the prefix of every key we write.
     *
     * @param url                {@code sideline.redis.url}: {@code redis://[user:password@]host:port[/db]};
     *                           {@code rediss://} for TLS; {@code redis-cluster://host:port[,host:port...]} for a
     *                           Redis Cluster, {@code redis-sentinel://host:port[,host:port...]/<master-name>} for a
     *                           master found through Sentinels (see {@link RedisEndpoint})
     * @param password           {@code sideline.redis.password}: overrides a password in the URL (never logged)
     * @param user               {@code sideline.redis.user}: ACL user name, overrides one in the URL
     * @param tls                {@code sideline.redis.tls}: force TLS even for a {@code redis://} URL
     * @param truststore         {@code sideline.redis.truststore}: file of the certificates to trust for TLS (a
     *                           PKCS12 or JKS keystore, or PEM/DER X.509 certificates such as a CA's {@code ca.crt});
     *                           unset: the JVM's default SSLSocketFactory decides (in Open Liberty with
     *                           transportSecurity-1.0: the server's outbound SSL configuration)
     * @param truststorePassword {@code sideline.redis.truststore-password}: the keystore's password, if it has one
     *                           (never logged)
     * @param timeout            {@code sideline.redis.timeout-ms}: connect and socket timeout
     * @param strict             {@code sideline.redis.strict}: refuse to start when Redis may evict or lose data
     * @param keyPrefix          {@code sideline.key-prefix}: prefix of every key we write
     * @param waitReplicas       {@code sideline.redis.wait-replicas}: a start, an enqueue and a completion are
     *                           acknowledged only once this many replicas have them ({@code WAIT}); 0 (default): at
     *                           once, with no extra command (see docs/reliability.md, "Failover")
     * @param waitTimeout        {@code sideline.redis.wait-timeout-ms}: how long such a write waits for its replicas;
     *                           below {@code sideline.redis.timeout-ms}, within which the reply is read
     * @param shards             {@code sideline.redis.shards}: on a Redis Cluster, how many shards (hash tags) the runs
     *                           are spread over (default 16); a plain Redis or Sentinel has one, whatever is set
     *                           (see docs/scaling-out.md)
     */
    public record Redis(String url, String password, String user, boolean tls, String truststore,
                        String truststorePassword, Duration timeout, boolean strict, String keyPrefix,
                        int waitReplicas, Duration waitTimeout, int shards) {

        public Redis {
            Objects.requireNonNull(url, Keys.REDIS_URL);
            RedisEndpoint.parse(url); // refused here, at startup, with a message that never quotes the URL
            if (keyPrefix == null || keyPrefix.isEmpty()) {
                throw new IllegalArgumentException(Keys.KEY_PREFIX + " must not be empty");
            }
            requireAtMost(Keys.REDIS_TIMEOUT, timeout, MAX_INTERVAL, "the longest interval accepted");
            requireWait(waitReplicas, waitTimeout, timeout);
            if (shards < 1 || shards > MAX_SHARDS) {
                throw new IllegalArgumentException(Keys.REDIS_SHARDS + " must be between 1 and " + MAX_SHARDS
                        + ", was " + shards);
            }
        }

        /** The settings before sharding existed: {@link #DEFAULT_SHARDS} shards. */
        public Redis(String url, String password, String user, boolean tls, String truststore,
                     String truststorePassword, Duration timeout, boolean strict, String keyPrefix,
                     int waitReplicas, Duration waitTimeout) {
            this(url, password, user, tls, truststore, truststorePassword, timeout, strict, keyPrefix, waitReplicas,
                    waitTimeout, DEFAULT_SHARDS);
        }

        /** Whether the URL names a Redis Cluster, where runs are spread over {@link #shards()} hash tags. */
        public boolean cluster() {
            return RedisEndpoint.parse(url).kind() == RedisEndpoint.Kind.CLUSTER;
        }

        static Redis read(Reader r) {
            return new Redis(
                    r.string(Keys.REDIS_URL, "redis://127.0.0.1:6379"),
                    r.string(Keys.REDIS_PASSWORD, null),
                    r.string(Keys.REDIS_USER, null),
                    r.bool(Keys.REDIS_TLS, false),
                    r.string(Keys.REDIS_TRUSTSTORE, null),
                    r.string(Keys.REDIS_TRUSTSTORE_PASSWORD, null),
                    r.millis(Keys.REDIS_TIMEOUT, 2_000),
                    r.bool(Keys.REDIS_STRICT, false),
                    r.string(Keys.KEY_PREFIX, "sideline:"),
                    r.integer(Keys.REDIS_WAIT_REPLICAS, 0),
                    r.millis(Keys.REDIS_WAIT_TIMEOUT, 1_000),
                    r.integer(Keys.REDIS_SHARDS, DEFAULT_SHARDS));
        }

        /** A description safe to log: the password is never part of it. */
        public String describe() {
            return RedisUrls.withoutPassword(url);
        }

        /** Whether the connection to Redis uses TLS: a {@code rediss://} URL or {@code sideline.redis.tls}. */
        public boolean usesTls() {
            return tls || RedisEndpoint.parse(url).tls();
        }

        /** The record's text without its passwords (the generated one would print them). */
        @Override
        public String toString() {
            return "Redis[url=" + describe() + ", password=" + mask(password) + ", user=" + user + ", tls=" + tls
                    + ", truststore=" + truststore + ", truststorePassword=" + mask(truststorePassword)
                    + ", timeout=" + timeout + ", strict=" + strict + ", keyPrefix=" + keyPrefix
                    + ", waitReplicas=" + waitReplicas + ", waitTimeout=" + waitTimeout + ", shards=" + shards + "]";
        }

        private static String mask(String secret) {
            return secret == null ? "null" : "***";
        }
    }

    /**
     * This server's worker: what it fetches, with how many threads, and how often its loops turn.
     *
     * @param enabled           {@code sideline.worker.enabled}: false makes a server that only enqueues
     * @param queues            {@code sideline.queues}: queues this server fetches from, comma separated; the first
     *                          is the default queue
     * @param concurrency       {@code sideline.concurrency}: fetch-and-perform threads per queue
     * @param executor          {@code sideline.executor}: what runs the worker's loops: the JNDI name of a
     *                          {@code ManagedExecutorService} (default: the library's own,
     *                          {@value #LIBRARY_EXECUTOR}), or {@value #THREAD_FACTORY_EXECUTOR} for a pool over
     *                          {@code java:comp/DefaultManagedThreadFactory}
     * @param shutdownGrace     {@code sideline.shutdown.grace-ms}: how long in-flight jobs may finish at stop
     * @param heartbeatInterval {@code sideline.heartbeat.interval-ms}: how often this server says it is alive
     * @param heartbeatTtl      {@code sideline.heartbeat.ttl-ms}: after this silence a server counts as dead
     * @param reaperInterval    {@code sideline.reaper.interval-ms}: how often dead servers' jobs are requeued
     * @param maxRecoveries     {@code sideline.reaper.max-recoveries}: how often a job may lose its worker before it
     *                          counts as a poison pill and goes to the dead set
     * @param pollInterval      {@code sideline.scheduler.poll-interval-ms}: how often due delayed and retried jobs
     *                          are promoted (bounds WithDelay lateness)
     * @param fetchTimeout      {@code sideline.fetch.timeout-ms}: how long one BLMOVE blocks (bounds stop time)
     * @param jobWarnAfter      {@code sideline.job.warn-after-ms}: a job attempt running longer is reported (a log
     *                          line, the liveness data); zero: never
     * @param jobTimeout        {@code sideline.job.timeout-ms}: the default limit of one attempt (see
     *                          {@code @SidelineJob(timeoutMs)}); zero: none
     */
    public record Worker(boolean enabled, List<String> queues, int concurrency, String executor, Duration shutdownGrace,
                         Duration heartbeatInterval, Duration heartbeatTtl, Duration reaperInterval, int maxRecoveries,
                         Duration pollInterval, Duration fetchTimeout, Duration jobWarnAfter, Duration jobTimeout) {

        public Worker {
            queues = List.copyOf(queues);
            if (queues.isEmpty() || queues.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException(Keys.QUEUES + " must name at least one queue, was " + queues);
            }
            for (String queue : queues) {
                if (!QueueNames.isValid(queue)) {
                    throw new IllegalArgumentException(Keys.QUEUES + ": '" + queue + "' is not a queue name (names match "
                            + QueueNames.RULE + ")");
                }
            }
            requirePositive(Keys.CONCURRENCY, concurrency);
            requirePositive(Keys.MAX_RECOVERIES, maxRecoveries);
            requireAtMost(Keys.SHUTDOWN_GRACE, shutdownGrace, MAX_INTERVAL, "the longest interval accepted");
            requireAtMost(Keys.HEARTBEAT_INTERVAL, heartbeatInterval, MAX_INTERVAL, "the longest interval accepted");
            requireAtMost(Keys.HEARTBEAT_TTL, heartbeatTtl, MAX_INTERVAL, "the longest interval accepted");
            requireAtMost(Keys.REAPER_INTERVAL, reaperInterval, MAX_INTERVAL, "the longest interval accepted");
            requireAtMost(Keys.POLL_INTERVAL, pollInterval, MAX_INTERVAL, "the longest interval accepted");
            requireAtMost(Keys.FETCH_TIMEOUT, fetchTimeout, MAX_INTERVAL, "the longest interval accepted");
            if (heartbeatTtl.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                // A single late heartbeat must not make a live server look dead and have its jobs stolen.
                throw new IllegalArgumentException(Keys.HEARTBEAT_TTL + " must be at least twice " + Keys.HEARTBEAT_INTERVAL);
            }
            if (executor == null || !(executor.equals(THREAD_FACTORY_EXECUTOR) || executor.startsWith("java:"))) {
                // a typo must not fall back to some other executor silently
                throw new IllegalArgumentException(Keys.EXECUTOR + " must be the JNDI name (java:...) of a "
                        + "ManagedExecutorService or '" + THREAD_FACTORY_EXECUTOR + "', was '" + executor + "'");
            }
        }

        static Worker read(Reader r) {
            return new Worker(
                    r.bool(Keys.WORKER_ENABLED, true),
                    r.list(Keys.QUEUES, "default"),
                    r.integer(Keys.CONCURRENCY, 5),
                    r.string(Keys.EXECUTOR, LIBRARY_EXECUTOR),
                    r.millis(Keys.SHUTDOWN_GRACE, 25_000),
                    r.millis(Keys.HEARTBEAT_INTERVAL, 2_000),
                    r.millis(Keys.HEARTBEAT_TTL, 10_000),
                    r.millis(Keys.REAPER_INTERVAL, 5_000),
                    r.integer(Keys.MAX_RECOVERIES, 3),
                    r.millis(Keys.POLL_INTERVAL, 10),
                    r.millis(Keys.FETCH_TIMEOUT, 1_000),
                    r.millisOrZero(Keys.JOB_WARN_AFTER, 600_000),
                    r.millisOrZero(Keys.JOB_TIMEOUT, 0));
        }

        /** The default queue: the first configured one. Jobs without a queue go there. */
        public String defaultQueue() {
            return queues.get(0);
        }

        /**
         * The threads the worker's loops need at once: one per fetcher ({@code queues × concurrency}), one each for
         * the heartbeat, reaper, promoter, stall detector, collector, orphan sweep and job watchdog, and two for short
         * tasks (the hand-over from the wait for Redis, a stop). A fetcher replaced because its job ignored its
         * timeout needs one more while the old thread stays blocked.
         */
        public int threads() {
            return queues.size() * concurrency + 7 + 2;
        }
    }

    /**
     * Retries of failing jobs, and the dead set where they end.
     *
     * @param max         {@code sideline.retry.max}: retries before a failing job goes to the dead set
     * @param backoffBase {@code sideline.retry.backoff-base-ms}: first retry delay; doubles per retry
     * @param backoffMax  {@code sideline.retry.backoff-max-ms}: cap of the retry delay
     * @param deadMaxJobs {@code sideline.dead.max-jobs}: dead set size cap (oldest trimmed)
     * @param deadTtl     {@code sideline.dead.ttl}: seconds a dead job is kept
     */
    public record Retry(int max, Duration backoffBase, Duration backoffMax, int deadMaxJobs, long deadTtl) {

        public Retry {
            if (max < 0) {
                throw new IllegalArgumentException(Keys.RETRY_MAX + " must be >= 0, was " + max);
            }
            requirePositive(Keys.DEAD_MAX_JOBS, deadMaxJobs);
            requirePositive(Keys.DEAD_TTL, deadTtl);
            requireTtl(Keys.DEAD_TTL, deadTtl);
        }

        static Retry read(Reader r) {
            return new Retry(
                    r.integer(Keys.RETRY_MAX, 25),
                    r.millis(Keys.RETRY_BACKOFF_BASE, 1_000),
                    r.millis(Keys.RETRY_BACKOFF_MAX, 3_600_000),
                    r.integer(Keys.DEAD_MAX_JOBS, 10_000),
                    r.number(Keys.DEAD_TTL, 180 * 86_400));
        }
    }

    /**
     * What a workflow and a payload may be, and how long a run may last.
     *
     * @param maxJobs         {@code sideline.workflow.max-jobs}: the most jobs one workflow may hold
     * @param maxDepth        {@code sideline.workflow.max-depth}: the deepest nesting of steps accepted
     * @param maxPayloadBytes {@code sideline.payload.max-bytes}: the largest job payload written (at the API, in
     *                        UTF-8 bytes) or read (by workers; larger ones go to the dead set unparsed)
     * @param maxRunAge       {@code sideline.run.max-age}: seconds a run may last; a workflow whose delays alone
     *                        add up to more is refused at start
     * @param stallAfter      {@code sideline.run.stall-after-ms}: a running run without progress for this long is
     *                        reported as stalled (status, health data, a log line)
     * @param txLaunchRetry   {@code sideline.tx.launch-retry}: seconds a start made inside a JTA transaction is
     *                        retried after the commit while Redis is unreachable (then it is logged SEVERE, lost)
     * @param reporterLease   {@code sideline.metrics.reporter-lease-ms}: how long the one server that reports the
     *                        gauges read from Redis holds that role without renewing it; a reporter killed without
     *                        releasing it leaves the gauges unreported this long at most
     */
    public record Limits(int maxJobs, int maxDepth, int maxPayloadBytes, Duration maxRunAge, Duration stallAfter,
                         Duration txLaunchRetry, Duration reporterLease) {

        public Limits {
            requirePositive(Keys.MAX_JOBS, maxJobs);
            requirePositive(Keys.MAX_PAYLOAD_BYTES, maxPayloadBytes);
            if (maxDepth < 1 || maxDepth > 500) {
                // JSON-P implementations refuse deeper documents (Parsson: 1000 levels); stay well below.
                throw new IllegalArgumentException(Keys.MAX_DEPTH + " must be between 1 and 500, was " + maxDepth);
            }
            if (txLaunchRetry.isNegative() || txLaunchRetry.compareTo(MAX_TX_LAUNCH_RETRY) > 0) {
                // The committing thread (often an HTTP request's) waits that long: an hour is already extreme.
                throw new IllegalArgumentException(Keys.TX_LAUNCH_RETRY + " must be between 0 and "
                        + MAX_TX_LAUNCH_RETRY.toSeconds() + " seconds, was " + txLaunchRetry.toSeconds());
            }
            Objects.requireNonNull(maxRunAge, Keys.MAX_RUN_AGE);
            requirePositive(Keys.MAX_RUN_AGE, maxRunAge.toSeconds());
            requireTtl(Keys.MAX_RUN_AGE, maxRunAge.toSeconds());
            // A stall report later than the maximum run age would come after the run is given up.
            requireAtMost(Keys.STALL_AFTER, stallAfter, maxRunAge, Keys.MAX_RUN_AGE);
            if (reporterLease.compareTo(MIN_REPORTER_LEASE) < 0 || reporterLease.compareTo(MAX_INTERVAL) > 0) {
                // Renewed at each gauge refresh (at most every 5 s): a shorter lease would pass from server to server
                throw new IllegalArgumentException(Keys.REPORTER_LEASE + " must be between "
                        + MIN_REPORTER_LEASE.toMillis() + " and " + MAX_INTERVAL.toMillis() + " ms, was "
                        + reporterLease.toMillis() + " ms");
            }
        }

        static Limits read(Reader r) {
            return new Limits(
                    r.integer(Keys.MAX_JOBS, 100_000),
                    r.integer(Keys.MAX_DEPTH, 64),
                    r.integer(Keys.MAX_PAYLOAD_BYTES, 1024 * 1024),
                    Duration.ofSeconds(r.number(Keys.MAX_RUN_AGE, 30 * 86_400)),
                    r.millis(Keys.STALL_AFTER, 3_600_000),
                    Duration.ofSeconds(r.number(Keys.TX_LAUNCH_RETRY, 30)),
                    r.millis(Keys.REPORTER_LEASE, 120_000));
        }

        /**
         * The TTL, in seconds, of every key a running run writes (its hash, barriers, member sets, chains, memory and
         * key index): {@code sideline.run.max-age} plus {@link #LEASE_MARGIN}. None of them can expire while the run
         * is RUNNING; once it finished, the collector turns them down to the retention TTLs ({@link Ttls}).
         */
        public long leaseSeconds() {
            return maxRunAge.toSeconds() + LEASE_MARGIN.toSeconds();
        }
    }

    /**
     * How long finished things are kept, in seconds.
     *
     * @param barrier     {@code sideline.barrier.ttl}: a finished run's barriers and chains (while it runs they carry
     *                    the lease, {@link Limits#leaseSeconds()})
     * @param run         {@code sideline.run.ttl}: a finished run's status
     * @param memory      {@code sideline.memory.ttl}: a finished run's memory
     * @param idempotency {@code sideline.idempotency.ttl}: a start's idempotency key (see {@code RunOptions})
     */
    public record Ttls(long barrier, long run, long memory, long idempotency) {

        public Ttls {
            requirePositive(Keys.BARRIER_TTL, barrier);
            requirePositive(Keys.RUN_TTL, run);
            requirePositive(Keys.MEMORY_TTL, memory);
            requireTtl(Keys.BARRIER_TTL, barrier);
            requireTtl(Keys.RUN_TTL, run);
            requireTtl(Keys.MEMORY_TTL, memory);
            requirePositive(Keys.IDEMPOTENCY_TTL, idempotency);
            requireTtl(Keys.IDEMPOTENCY_TTL, idempotency);
        }

        static Ttls read(Reader r) {
            return new Ttls(
                    r.number(Keys.BARRIER_TTL, 86_400),
                    r.number(Keys.RUN_TTL, 7 * 86_400),
                    r.number(Keys.MEMORY_TTL, 300),
                    r.number(Keys.IDEMPOTENCY_TTL, 86_400));
        }
    }

    /**
     * The runs' memory in Redis.
     *
     * @param keyPrefix      {@code sideline.memory.key-prefix}: memory hashes are {@code <prefix>:<runId>}
     * @param clearOnSuccess {@code sideline.memory.clear-on-success}: delete a run's memory when it succeeds
     */
    public record Memory(String keyPrefix, boolean clearOnSuccess) {

        public Memory {
            if (keyPrefix == null || keyPrefix.isEmpty()) {
                throw new IllegalArgumentException(Keys.MEMORY_KEY_PREFIX + " must not be empty");
            }
        }

        static Memory read(Reader r) {
            return new Memory(
                    r.string(Keys.MEMORY_KEY_PREFIX, "sl:mem"),
                    r.bool(Keys.MEMORY_CLEAR_ON_SUCCESS, false));
        }

        /** The Redis hash that holds a run's memory (the seed's {@code key_prefix:run_id}). */
        public String key(String runId) {
            return keyPrefix + ":" + runId;
        }
    }

    /** The rules between groups. */
    public SidelineConfig {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(ttls, "ttls");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(barrierType, Keys.BARRIER_TYPE);
        // A retry later than the maximum run age would come after the run is given up.
        requireAtMost(Keys.RETRY_BACKOFF_BASE, retry.backoffBase(), limits.maxRunAge(), Keys.MAX_RUN_AGE);
        requireAtMost(Keys.RETRY_BACKOFF_MAX, retry.backoffMax(), limits.maxRunAge(), Keys.MAX_RUN_AGE);
        // A job attempt cannot usefully outlast its run either.
        requireAtMost(Keys.JOB_WARN_AFTER, worker.jobWarnAfter(), limits.maxRunAge(), Keys.MAX_RUN_AGE);
        requireAtMost(Keys.JOB_TIMEOUT, worker.jobTimeout(), limits.maxRunAge(), Keys.MAX_RUN_AGE);
        if (worker.heartbeatTtl().compareTo(worker.heartbeatInterval().multipliedBy(2).plus(redis.timeout())) <= 0) {
            // A heartbeat that times out waits one interval before the next: a server survives one timed-out beat
            // (a Redis stall) only if its heartbeat lives longer than two intervals and one timeout, else a reaper
            // takes its in-progress jobs from it while it is alive.
            throw new IllegalArgumentException(Keys.HEARTBEAT_TTL + " (" + worker.heartbeatTtl().toMillis() + ") must be"
                    + " more than 2 x " + Keys.HEARTBEAT_INTERVAL + " (" + worker.heartbeatInterval().toMillis() + ") + "
                    + Keys.REDIS_TIMEOUT + " (" + redis.timeout().toMillis() + "), so that a server survives one heartbeat"
                    + " that timed out");
        }
        if (redis.strict() && barrierType == BarrierType.AT_MOST_ONCE) {
            throw new IllegalArgumentException(STRICT_NEEDS_ATOMIC);
        }
    }

    /**
     * Reads the settings through {@code lookup}, which returns a key's configured value or null.
     * MicroProfile Config is adapted to this in the CDI layer; tests pass a map.
     */
    public static SidelineConfig read(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        return new SidelineConfig(Redis.read(r), Worker.read(r), Retry.read(r), Limits.read(r), Ttls.read(r),
                Memory.read(r), BarrierType.parse(r.string(Keys.BARRIER_TYPE, "atomic")));
    }

    /**
     * Why {@code sideline.redis.strict=true} is refused with the at-most-once barrier. Strict mode is the operator's
     * demand that a Redis crash lose nothing acknowledged (it refuses a Redis without AOF or with eviction), and that
     * barrier cannot honour it whatever Redis does: its release and its continuation's enqueue are two calls, so a
     * Redis (or server) dying between them strands the run (docs/reliability.md). Refused rather than warned, because
     * the setting exists to turn such warnings into a failed deployment.
     */
    public static final String STRICT_NEEDS_ATOMIC = Keys.REDIS_STRICT + "=true needs " + Keys.BARRIER_TYPE
            + "=atomic: strict mode promises that a Redis crash loses nothing acknowledged, but the at-most-once "
            + "barrier releases a barrier and enqueues its continuation in two calls, so a Redis or server dying "
            + "between them strands the run; use " + Keys.BARRIER_TYPE + "=atomic (the default), or "
            + Keys.REDIS_STRICT + "=false to accept that window";

    /**
     * The WAIT settings: a number of replicas Redis can have, and, when one is asked for, a timeout WAIT honours (0
     * would block for ever) that ends before the socket timeout under which its reply is read.
     */
    private static void requireWait(int replicas, Duration timeout, Duration socketTimeout) {
        if (replicas < 0 || replicas > MAX_WAIT_REPLICAS) {
            throw new IllegalArgumentException(Keys.REDIS_WAIT_REPLICAS + " must be between 0 and " + MAX_WAIT_REPLICAS
                    + ", was " + replicas);
        }
        if (replicas > 0 && (timeout.isZero() || timeout.isNegative() || timeout.compareTo(socketTimeout) >= 0)) {
            throw new IllegalArgumentException(Keys.REDIS_WAIT_TIMEOUT + " must be positive and less than "
                    + Keys.REDIS_TIMEOUT + " (" + socketTimeout.toMillis() + " ms), within which the reply of WAIT is "
                    + "read, was " + timeout.toMillis() + " ms");
        }
    }

    /**
     * {@code sideline.redis.shards}' default: enough to spread over a typical 3-6 master cluster, few enough that a
     * worker's fetch rotation over every shard of its queues stays short (docs/scaling-out.md).
     */
    public static final int DEFAULT_SHARDS = 16;
    /** The most shards accepted: a fetch rotation walks every one of them, and a cluster has 16384 slots. */
    public static final int MAX_SHARDS = 1024;

    /** The most replicas {@code sideline.redis.wait-replicas} may ask for: more than any deployment runs. */
    public static final int MAX_WAIT_REPLICAS = 64;

    /** The longest {@code sideline.tx.launch-retry} accepted. */
    public static final Duration MAX_TX_LAUNCH_RETRY = Duration.ofHours(1);

    private static void requireTtl(String key, long seconds) {
        if (seconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException(key + " must be at most " + MAX_TTL_SECONDS
                    + " seconds (10 years; a larger TTL makes Redis' EXPIRE fail), was " + seconds);
        }
    }

    private static void requireAtMost(String key, Duration value, Duration bound, String boundName) {
        if (value.compareTo(bound) > 0) {
            throw new IllegalArgumentException(key + " must be at most " + bound.toMillis() + " ms (" + boundName
                    + "), was " + value.toMillis() + " ms");
        }
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    /** Parses values with messages that name the key. */
    record Reader(Function<String, String> lookup) {

        String string(String key, String fallback) {
            String value = lookup.apply(key);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        boolean bool(String key, boolean fallback) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }

        long number(String key, long fallback) {
            String value = string(key, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
            }
        }

        int integer(String key, int fallback) {
            long value = number(key, fallback);
            if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
                throw new IllegalArgumentException(key + " is too large, was " + value);
            }
            return (int) value;
        }

        Duration millis(String key, long fallbackMs) {
            long ms = number(key, fallbackMs);
            if (ms <= 0) {
                throw new IllegalArgumentException(key + " must be positive, was " + ms);
            }
            return Duration.ofMillis(ms);
        }

        /** A duration where zero means "off". */
        Duration millisOrZero(String key, long fallbackMs) {
            long ms = number(key, fallbackMs);
            if (ms < 0) {
                throw new IllegalArgumentException(key + " must be zero (off) or positive, was " + ms);
            }
            return Duration.ofMillis(ms);
        }

        List<String> list(String key, String fallback) {
            return Arrays.stream(string(key, fallback).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

}
