package io.sideline.ee.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the parts of the shared Lua files ({@code _common.lua}, {@code _ends.lua}) a script uses. Redis runs a
 * script's whole text on every call, so each {@code local function} of a prepended file is a closure made again per
 * call, used or not: with all of them, the fixed cost of a completion call doubled. A unit is a top-level
 * {@code local function name(...)} up to its closing {@code end} at column 0, or a one-line {@code local NAME = ...},
 * with the comment lines before it; a unit is kept when the script, or a kept unit, names it. Units keep their order,
 * so a function still comes after those it calls.
 *
 * <p>A script may name, in header lines {@code -- lazy: a, b}, kept functions that only its rare paths call (the end
 * of a run in complete.lua): they are made only when such a path runs, by the script calling {@code define_lazy()}
 * first (idempotent); until then they are nil locals. They come after every other kept unit, which must not name them.
 */
final class SharedUnits {

    private static final Pattern FUNCTION = Pattern.compile("^local function (\\w+)\\(");
    private static final Pattern CONSTANT = Pattern.compile("^local (\\w+) = ");
    private static final Pattern LAZY = Pattern.compile("(?m)^-- lazy: ([\\w, ]+)$");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^local function ");

    private SharedUnits() {
    }

    /** The units of {@code shared} that {@code body} uses, directly or through other units, in their order. */
    static String neededBy(String body, String shared) {
        Map<String, String> units = units(shared);
        List<String> needed = new ArrayList<>();
        List<String> texts = new ArrayList<>(List.of(body));
        for (int i = 0; i < texts.size(); i++) {
            for (Map.Entry<String, String> unit : units.entrySet()) {
                if (!needed.contains(unit.getKey()) && names(texts.get(i), unit.getKey())) {
                    needed.add(unit.getKey());
                    texts.add(unit.getValue());
                }
            }
        }
        List<String> lazy = lazy(body, units, needed);
        StringBuilder out = new StringBuilder(shared.length());
        units.forEach((name, text) -> {
            if (needed.contains(name) && !lazy.contains(name)) {
                for (String late : lazy) {
                    if (names(text, late)) {
                        throw new IllegalStateException("shared Lua unit " + name + " calls " + late
                                + ", which the script makes lazy: a call before define_lazy() would find nil");
                    }
                }
                out.append(text);
            }
        });
        if (!lazy.isEmpty()) {
            out.append(lazyBlock(lazy, units));
        }
        return out.toString();
    }

    /** The needed units the body's {@code -- lazy:} line names, in their order in the shared file. */
    private static List<String> lazy(String body, Map<String, String> units, List<String> needed) {
        List<String> named = new ArrayList<>();
        Matcher m = LAZY.matcher(body);
        while (m.find()) {
            named.addAll(List.of(m.group(1).trim().split("\\s*,\\s*")));
        }
        for (String name : named) {
            if (!units.containsKey(name) || !DEFINITION.matcher(units.get(name)).find()) {
                throw new IllegalStateException("-- lazy: names " + name + ", which is no shared Lua function");
            }
        }
        return units.keySet().stream().filter(n -> named.contains(n) && needed.contains(n)).toList();
    }

    /**
     * The lazy units as assignments to locals declared before them, inside {@code define_lazy()}: one closure per call
     * instead of one per lazy function (a closure costs ~200 Redis instructions per call, see docs/performance.md).
     */
    private static String lazyBlock(List<String> lazy, Map<String, String> units) {
        StringBuilder out = new StringBuilder();
        out.append("-- made by define_lazy() on the paths that call them (the script's '-- lazy:' line)\n");
        out.append("local ").append(String.join(", ", lazy)).append('\n');
        out.append("local function define_lazy()\n  if ").append(lazy.get(0)).append(" then\n    return\n  end\n");
        for (String name : lazy) {
            // 'function f(' assigns the local f declared above (an upvalue here): the units keep their text
            out.append(DEFINITION.matcher(units.get(name)).replaceFirst("function "));
        }
        return out.append("end\n").toString();
    }

    /** Whether {@code text} names {@code name} as a whole word outside its own definition line and outside comments. */
    private static boolean names(String text, String name) {
        Matcher m = Pattern.compile("(?<![\\w.:])" + Pattern.quote(name) + "(?!\\w)").matcher(text);
        while (m.find()) {
            int lineStart = text.lastIndexOf('\n', m.start()) + 1;
            String line = text.substring(lineStart, Math.min(text.length(), m.end() + 1));
            // a name in a comment (a whole comment line, or after '--' on a line of code) calls nothing: a unit
            // kept for a mention would be one more closure per call
            if (!line.startsWith("local function " + name + "(") && !line.substring(0, m.start() - lineStart).contains("--")) {
                return true;
            }
        }
        return false;
    }

    /** The units of a shared file by name, in order; each with its preceding comment lines. */
    private static Map<String, String> units(String shared) {
        Map<String, String> units = new LinkedHashMap<>();
        StringBuilder pending = new StringBuilder();
        String open = null;
        for (String line : shared.split("\n", -1)) {
            pending.append(line).append('\n');
            if (open != null) {
                if (line.equals("end")) {
                    units.put(open, pending.toString());
                    pending.setLength(0);
                    open = null;
                }
                continue;
            }
            Matcher function = FUNCTION.matcher(line);
            Matcher constant = CONSTANT.matcher(line);
            if (function.find()) {
                open = function.group(1);
            } else if (constant.find()) {
                units.put(constant.group(1), pending.toString());
                pending.setLength(0);
            }
        }
        if (open != null) {
            throw new IllegalStateException("shared Lua function " + open + " has no closing 'end' at column 0");
        }
        return units;
    }
}
