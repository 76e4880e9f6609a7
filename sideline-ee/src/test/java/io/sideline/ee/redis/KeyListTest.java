package io.sideline.ee.redis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** KeyList: each key once, at the position of its first add, whether the list is scanned or indexed. */
class KeyListTest {

    @Test
    void aKeyKeepsThePositionOfItsFirstAddBelowAndAboveTheScanLimit() {
        KeyList declared = new KeyList();
        List<String> expected = new ArrayList<>();
        int distinct = 3 * KeyList.SCAN_LIMIT;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < distinct; i++) {
                // equal texts in fresh String objects: found by value, not by identity
                String key = new String("sideline:queue:q" + i);
                int position = declared.add(key);
                if (round == 0) {
                    expected.add(key);
                    assertEquals(i + 1, position, "a new key is appended");
                } else {
                    assertEquals(i + 1, position, "a known key keeps its position (" + key + ", round " + round + ")");
                }
            }
        }
        assertEquals(expected, declared.keys(), "each key once, in the order first added");
    }

    @Test
    void keysAddedAfterTheListOutgrewTheScanAreFoundAgain() {
        KeyList declared = new KeyList();
        for (int i = 0; i < KeyList.SCAN_LIMIT; i++) {
            declared.add("k" + i);
        }
        assertEquals(KeyList.SCAN_LIMIT + 1, declared.add("late"));
        assertEquals(3, declared.add("k2"));
        assertEquals(KeyList.SCAN_LIMIT + 1, declared.add("late"));
        assertEquals(KeyList.SCAN_LIMIT + 2, declared.add("later"));
        assertEquals(KeyList.SCAN_LIMIT + 2, declared.keys().size());
    }

    @Test
    void aFixedPositionTakenByAnotherKeyIsRefused() {
        KeyList declared = new KeyList();
        declared.addAt(1, "a");
        declared.addAt(2, "b");
        declared.addAt(2, "b"); // the same key at its own position is fine
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> declared.addAt(3, "a"));
        assertEquals("key a is KEYS[1], the script expects KEYS[3]", e.getMessage());
        assertThrows(IllegalStateException.class, () -> declared.addAt(5, "c"));
    }
}
