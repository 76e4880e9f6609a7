package io.sideline.ee.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LuaScript: loading, the NOSCRIPT reload path, and the scripts' contract headers. */
class LuaScriptTest {

    private static final String COMMON = "_common";

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    /** The script names (without .lua) in the resources of the redis package, _common excluded. */
    private static Set<String> scriptNames() throws IOException, URISyntaxException {
        URL common = LuaScript.class.getResource(COMMON + ".lua");
        assertNotNull(common, "_common.lua is on the classpath");
        assertEquals("file", common.getProtocol(), "the tests read the resources from a directory");
        try (Stream<Path> files = Files.list(Path.of(common.toURI()).getParent())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".lua"))
                    .map(n -> n.substring(0, n.length() - ".lua".length()))
                    .filter(n -> !n.startsWith("_")) // the shared files scripts include (_common, _ends)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            assertNotNull(in, name + ".lua");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The {@code local function name(} lines of a shared file. */
    private static List<String> definitions(String shared) {
        return shared.lines().filter(l -> l.startsWith("local function ")).map(l -> l.substring(0, l.indexOf('(') + 1))
                .toList();
    }

    /** Where {@code local function name(} is defined in a source, or {@code function name(} for a lazy unit. */
    private static int definedAt(String source, String definition) {
        int at = source.indexOf(definition);
        return at >= 0 ? at : source.indexOf("\n" + definition.substring("local ".length()));
    }

    /** The comment block a script starts with. */
    private static String header(String text) {
        return text.lines().takeWhile(l -> l.startsWith("--")).collect(Collectors.joining("\n"));
    }

    private static String sha1(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aScriptStillRunsAfterRedisForgotItsScripts() throws NoSuchAlgorithmException {
        f.launch("run-1", plan(List.of(barrier("g", 2, true, "", false)), List.of()), 2);
        assertEquals(ScriptReplies.Countdown.NOT_RELEASED, f.scripts.countdown("g")); // loaded (if it was not already) and run
        String sha = sha1(LuaScript.load("countdown").source());
        assertEquals(List.of(true), f.redis.scriptExists(List.of(sha)));

        f.redis.scriptFlush();
        assertEquals(List.of(false), f.redis.scriptExists(List.of(sha)));

        assertEquals(ScriptReplies.Countdown.RELEASED, f.scripts.countdown("g"), "NOSCRIPT: loaded again and the call made once more");
        assertEquals(List.of(true), f.redis.scriptExists(List.of(sha)));
        assertEquals("2", f.redis.hget(f.keys.barrier("g"), "arrived"), "the call ran exactly once");
    }

    @Test
    void aScriptThatNeedsCommonGetsItPrepended() throws IOException {
        LuaScript launch = LuaScript.load("launch");
        assertEquals("launch", launch.name());
        assertTrue(launch.source().startsWith(resource("_prelude") + "\n"), "the tests' key-checking prelude first");
        assertTrue(launch.source().endsWith(resource("launch")));
        // then the functions of _common.lua it uses, directly (start_run) or through another (apply_plan), and no other
        assertTrue(launch.source().contains("local function start_run("), "a function launch calls");
        assertTrue(launch.source().contains("local function apply_plan("), "a function start_run calls");
        assertFalse(launch.source().contains("local function park_waiting("), "a function nothing of launch calls");
        assertTrue(launch.source().length() < resource("_prelude").length() + resource(COMMON).length()
                + resource("launch").length(), "less than the whole of _common.lua");

        LuaScript requeue = LuaScript.load("requeue");
        assertEquals(resource("_prelude") + "\n" + resource("requeue"), requeue.source(),
                "a script that does not need _common is as written, behind the prelude");
    }

    @Test
    void aMissingScriptIsReportedByName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LuaScript.load("no_such_script"));
        assertTrue(e.getMessage().contains("no_such_script.lua"), e.getMessage());
    }

    @Test
    void everyScriptHasAContractHeader() throws Exception {
        Set<String> names = scriptNames();
        assertTrue(names.containsAll(Set.of("launch", "complete", "fail", "promote", "reap", "requeue", "extend_ttl",
                "countdown", "enqueue_plan", "ack")), "found " + names);
        for (String name : names) {
            String header = header(resource(name));
            assertTrue(header.startsWith("-- " + name + ".lua:"), name + ": the header names the script");
            assertTrue(header.contains("ARGV"), name + ": the header documents ARGV");
            assertTrue(header.contains("Returns"), name + ": the header documents what it returns");
            assertTrue(header.contains("KEYS"), name + ": the header says which KEYS it takes");
        }
    }

    @Test
    void everyScriptThatCallsASharedFunctionDeclaresThatItNeedsCommon() throws Exception {
        for (String name : scriptNames()) {
            String text = resource(name);
            boolean usesCommon = Stream.of("now_ms(", "apply_plan(", "finish_run(", "chain_of(", "start_run(", "touch_run(", "dead_entry(", "utf8_valid(", "run_halted(", "graph_note(")
                    .anyMatch(text::contains);
            assertEquals(usesCommon, header(text).contains("-- needs: " + COMMON),
                    name + ": '-- needs: _common' in the header exactly when it calls a shared function");
        }
    }

    @Test
    void everyScriptThatEndsARunIncludesTheEndsFunctionsAfterCommon() throws Exception {
        for (String name : scriptNames()) {
            String text = resource(name);
            boolean usesEnds = Stream.of("end_run(", "announce_end(", "continue_live_end(", "store_callbacks(")
                    .anyMatch(text::contains);
            assertEquals(usesEnds, header(text).contains("-- needs: " + COMMON + ", _ends"),
                    name + ": '-- needs: _common, _ends' in the header exactly when it calls a run-end function");
            if (usesEnds) {
                String source = LuaScript.load(name).source();
                // the functions made as the script runs (lazy ones are all made later, by define_lazy, before any
                // call to one of them)
                int lastCommon = definitions(resource(COMMON)).stream().mapToInt(source::indexOf).max().orElse(-1);
                int firstEnds = definitions(resource("_ends")).stream().mapToInt(source::indexOf)
                        .filter(i -> i >= 0).min().orElse(Integer.MAX_VALUE);
                assertTrue(firstEnds > lastCommon,
                        name + ": _ends.lua's functions come after those of _common.lua they call");
            }
        }
    }

    @Test
    void everyScriptLoadsIntoRedisUnderTheShaOfItsSource() throws Exception {
        for (String name : scriptNames()) {
            LuaScript script = LuaScript.load(name);
            assertEquals(sha1(script.source()), f.redis.scriptLoad(script.source()), name + " compiles in Redis");
        }
    }

    @Test
    void everyScriptIsUsedByRedisScripts() throws Exception {
        Set<String> wired = new TreeSet<>();
        // the staged plans' scripts are marshalled by StageScripts, beside RedisScripts
        // and the run ends' requeue_ends by RedisRunEnds, the gauges' gauge_lease by RedisGauges
        for (Class<?> marshaller : List.of(RedisScripts.class, StageScripts.class, RedisRunEnds.class,
                RedisGauges.class)) {
            for (Field field : marshaller.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == LuaScript.class) {
                    field.setAccessible(true);
                    wired.add(((LuaScript) field.get(null)).name());
                }
            }
        }
        assertEquals(scriptNames(), wired);
        assertFalse(wired.contains(COMMON));
    }
}
