package io.sideline.ee.redis;

/**
 * A script's small numbers (flags, {@code KEYS} positions) in one argument: number n is the character {@code '0' + n},
 * which the script reads back with one {@code string.byte} call (byte minus 48). Every argument of a script call costs
 * Redis ~1-2k instructions (its parsing, a Lua string, an array slot, its collection); fifteen numbers in one argument
 * cost one (docs/performance.md, "The completion's arguments in one layout, session 11").
 */
final class Layout {

    /** The largest number a character holds: {@code '0' + 78} is {@code '~'}, the last printable ASCII character. */
    static final int MAX = '~' - '0';

    private Layout() {
    }

    /** The layout of {@code numbers}, each 0..{@value #MAX}. */
    static String of(int... numbers) {
        char[] chars = new char[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            int n = numbers[i];
            if (n < 0 || n > MAX) {
                throw new IllegalArgumentException("a layout holds numbers 0.." + MAX + ", not " + n + " (at " + i + ")");
            }
            chars[i] = (char) ('0' + n);
        }
        return new String(chars);
    }
}
