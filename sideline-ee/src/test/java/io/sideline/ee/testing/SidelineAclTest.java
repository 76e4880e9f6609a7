package io.sideline.ee.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The least-privilege rule ({@link SidelineAcl}, docs/security.md) grants every command the library's Lua scripts
 * call, on every path: {@code RedisAclTest} runs workflows as that user, but a path no workflow of it takes (a failing
 * first job, a retried run, a cancelled run's parking, a dropped stage) was refused under the rule until 2026-12-05.
 */
class SidelineAclTest {

    private static final Pattern CALL = Pattern.compile("redis\\.p?call\\('([A-Za-z]+)'");

    @Test
    void everyCommandAScriptCallsIsGrantedByTheRule() throws Exception {
        Path dir = Path.of(SidelineAclTest.class.getResource("/io/sideline/ee/redis/complete.lua").toURI()).getParent();
        List<Path> scripts;
        try (Stream<Path> files = Files.list(dir)) {
            scripts = files.filter(p -> p.getFileName().toString().endsWith(".lua")).sorted().toList();
        }
        assertTrue(scripts.size() > 20, "the library's scripts: " + scripts);
        Map<String, Set<String>> refused = new TreeMap<>();
        Set<String> called = new TreeSet<>();
        for (Path script : scripts) {
            Matcher m = CALL.matcher(Files.readString(script));
            while (m.find()) {
                String command = m.group(1).toLowerCase(Locale.ROOT);
                called.add(command);
                if (!SidelineAcl.COMMANDS.contains(command)) {
                    refused.computeIfAbsent(command, c -> new TreeSet<>()).add(script.getFileName().toString());
                }
            }
        }
        assertTrue(called.containsAll(Set.of("hmget", "lrem", "lmove", "zadd")), "the scan found the scripts' calls: " + called);
        assertEquals(Map.of(), refused, "commands scripts call that the rule does not grant (command: scripts)");
    }
}
