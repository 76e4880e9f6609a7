package io.sideline.ee.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

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

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
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
        return JedisErrors.call("run " + name + ".lua", () -> {
            try {
                return redis.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                redis.scriptLoad(source);
                return redis.evalsha(sha, keys, args);
            }
        });
    }

    /**
     * Runs the script with arguments passed byte for byte: for a payload that is not valid UTF-8, which no Java
     * String can carry back to Redis unchanged.
     */
    public Object runBytes(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        byte[] shaBytes = sha.getBytes(StandardCharsets.US_ASCII);
        return JedisErrors.call("run " + name + ".lua", () -> {
            try {
                return redis.evalsha(shaBytes, keys, args);
            } catch (JedisNoScriptException e) {
                redis.scriptLoad(source);
                return redis.evalsha(shaBytes, keys, args);
            }
        });
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
