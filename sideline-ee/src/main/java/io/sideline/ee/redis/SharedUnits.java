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
 */
final class SharedUnits {

    private static final Pattern FUNCTION = Pattern.compile("^local function (\\w+)\\(");
    private static final Pattern CONSTANT = Pattern.compile("^local (\\w+) = ");

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
        StringBuilder out = new StringBuilder(shared.length());
        units.forEach((name, text) -> {
            if (needed.contains(name)) {
                out.append(text);
            }
        });
        return out.toString();
    }

    /** Whether {@code text} names {@code name} as a whole word outside its own definition line. */
    private static boolean names(String text, String name) {
        Matcher m = Pattern.compile("(?<![\\w.:])" + Pattern.quote(name) + "(?!\\w)").matcher(text);
        while (m.find()) {
            int lineStart = text.lastIndexOf('\n', m.start()) + 1;
            String line = text.substring(lineStart, Math.min(text.length(), m.end() + 1));
            if (!line.startsWith("local function " + name + "(") && !line.startsWith("--")) {
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
