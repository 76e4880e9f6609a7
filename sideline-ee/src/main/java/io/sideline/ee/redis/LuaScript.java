package io.sideline.ee.redis;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.util.KeyValue;
import redis.clients.jedis.util.SafeEncoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Lua script from the resources of this package, run with EVALSHA. When Redis does not know the
 * script (a restart, a {@code SCRIPT FLUSH}) it is loaded and the call is made once more. A script whose
 * header says {@code -- needs: _common} gets the parts of {@code _common.lua} it uses prepended (see
 * {@link SharedUnits}).
 *
 * <p>When the classpath holds a {@code _prelude.lua} beside the scripts, it is prepended to every script. The
 * library ships none; its tests ship one that fails any command on a key the script was not given in
 * {@code KEYS}, so every script run by the tests proves it declares its keys.
 */
public final class LuaScript {

    private static final String COMMON = "_common";
    private static final String PRELUDE = "_prelude";
    /** The run-end functions (callbacks, RunFinished), for scripts whose header says {@code -- needs: _common, _ends}. */
    private static final String ENDS = "_ends";

    /** Every script loaded in this JVM, by SHA: what a SLOWLOG or MONITOR line's {@code EVALSHA <sha>} was. */
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

    private final String name;
    private final String source;
    private final String sha;
    private final byte[] shaBytes;
    /** What a failed call was trying to do, for its error: built once, not per call. */
    private final String running;

    /** A script of the given source (for tests of the call itself; the library loads its scripts by name). */
    static LuaScript ofSource(String name, String source) {
        return new LuaScript(name, source);
    }

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
        this.shaBytes = sha.getBytes(StandardCharsets.US_ASCII);
        this.running = "run " + name + ".lua";
        NAMES.put(sha, name);
    }

    /** The name of a script loaded in this JVM from its SHA (as Redis logs it), if any was. */
    public static Optional<String> nameOf(String sha) {
        return Optional.ofNullable(NAMES.get(sha));
    }

    public static LuaScript load(String name) {
        String body = read(name);
        String source = body.contains("-- needs: " + COMMON) ? SharedUnits.neededBy(body, read(COMMON)
                + "\n" + (body.contains("-- needs: " + COMMON + ", " + ENDS) ? read(ENDS) + "\n" : "")) + body : body;
        String prelude = LuaScript.class.getResource(PRELUDE + ".lua") == null ? "" : read(PRELUDE) + "\n";
        return new LuaScript(name, prelude + source);
    }

    public String name() {
        return name;
    }

    public String source() {
        return source;
    }

    /** Runs the script with the keys it touches ({@code KEYS}) and its other arguments ({@code ARGV}). */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        // no lambda through JedisErrors.call: every step makes this call. Through Jedis' byte API, whose reply is
        // decoded below by a loop where Jedis' String API runs a stream pipeline per reply list.
        List<byte[]> keyBytes = utf8(keys);
        List<byte[]> argBytes = utf8(args);
        try {
            try {
                return decoded(redis.evalsha(shaBytes, keyBytes, argBytes));
            } catch (JedisNoScriptException e) {
                reload(redis, keys.isEmpty() ? null : keys.get(0));
                return decoded(redis.evalsha(shaBytes, keyBytes, argBytes));
            }
        } catch (JedisException e) {
            throw JedisErrors.translated(running, e);
        }
    }

    /** The bytes Jedis' String API sends for each text (UTF-8). */
    private static List<byte[]> utf8(List<String> texts) {
        byte[][] bytes = new byte[texts.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = SafeEncoder.encode(texts.get(i));
        }
        return Arrays.asList(bytes);
    }

    /**
     * A raw script reply as Jedis' String API returns it ({@link BuilderFactory#AGGRESSIVE_ENCODED_OBJECT}): bulk
     * strings as UTF-8 text, arrays as lists of decoded elements; what a script rarely or never returns (an empty
     * array, a RESP3 map) is left to that builder itself.
     */
    static Object decoded(Object reply) {
        if (reply instanceof byte[]) {
            return BuilderFactory.STRING.build(reply);
        }
        if (reply instanceof List<?> list && !list.isEmpty() && !(list.get(0) instanceof KeyValue)) {
            List<Object> decoded = new ArrayList<>(list.size());
            for (Object element : list) {
                decoded.add(decoded(element));
            }
            return decoded;
        }
        return BuilderFactory.AGGRESSIVE_ENCODED_OBJECT.build(reply);
    }

    /** A script's reply and how many replicas had its writes when {@code WAIT} answered. */
    record Acknowledged(Object reply, long replicas) {
    }

    /**
     * Runs the script, then {@code WAIT replicas timeoutMs} on the same connection in the same round trip: a pipeline
     * on one pooled connection, because WAIT counts only the writes of its own connection and cannot run inside a
     * script.
     */
    Acknowledged runAndWait(UnifiedJedis redis, List<String> keys, List<String> args, int replicas, long timeoutMs) {
        return JedisErrors.call("run " + name + ".lua and wait for " + replicas + " replicas", () -> {
            try {
                return pipelined(redis, keys, args, replicas, timeoutMs);
            } catch (JedisNoScriptException e) {
                reload(redis, keys.isEmpty() ? null : keys.get(0));
                return pipelined(redis, keys, args, replicas, timeoutMs);
            }
        });
    }

    private Acknowledged pipelined(UnifiedJedis redis, List<String> keys, List<String> args, int replicas,
                                   long timeoutMs) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            Response<Object> reply = pipeline.evalsha(sha, keys, args);
            // the sample key only routes the WAIT on a cluster (to the node of the script's keys); it is not sent
            Response<Long> acknowledged = pipeline.waitReplicas(keys.isEmpty() ? "" : keys.get(0), replicas, timeoutMs);
            pipeline.sync();
            return new Acknowledged(reply.get(), acknowledged.get());
        }
    }

    /**
     * Runs the script with arguments passed byte for byte: for a payload that is not valid UTF-8, which no Java
     * String can carry back to Redis unchanged.
     */
    public Object runBytes(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        return JedisErrors.call(running, () -> {
            try {
                return redis.evalsha(shaBytes, keys, args);
            } catch (JedisNoScriptException e) {
                reload(redis, keys.isEmpty() ? null : new String(keys.get(0), StandardCharsets.UTF_8));
                return redis.evalsha(shaBytes, keys, args);
            }
        });
    }

    /**
     * Loads the script after a NOSCRIPT: on the node of {@code sampleKey}'s slot, the one that refused it. Without a
     * key the cluster client broadcasts {@code SCRIPT LOAD} to every node it knows and fails if any one does: after a
     * master was killed, the promoted replica (which never had our scripts: they are not replicated) could then never
     * load them, and its shards stopped (the failover chaos scenario found it). On one Redis the key only routes.
     */
    private void reload(UnifiedJedis redis, String sampleKey) {
        if (sampleKey == null) {
            redis.scriptLoad(source);
        } else {
            redis.scriptLoad(source, sampleKey);
        }
    }

    private static String read(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script resource " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
